package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.Lists;
import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class NetworkTest {
  private static final float EXACT = 0f;

  @Test
  void forwardSchedule_convergingGraph_followsOperatorsMapOrderOnTies() {
    Network net = Nets.converging().build(0);
    assertEquals(List.of("x", "fc1", "a1", "fc2", "a2", "sum", "out", "p"), net.forwardSchedule());
    assertEquals(Lists.reverse(net.forwardSchedule()), net.backwardSchedule());
    assertEquals(List.of("x"), net.inputs());
    assertEquals(List.of("p"), net.outputs());
  }

  @Test
  void forwardSchedule_mapDeclaredOutOfOrder_isStillTopological() {
    Network net =
        Network.builder()
            .add("out", new Linear(3, 1))
            .add("act", new Tanh())
            .add("fc", new Linear(2, 3))
            .add("x", new Input(2))
            .connect("x", "fc")
            .connect("fc", "act")
            .connect("act", "out")
            .build(0);
    assertEquals(List.of("x", "fc", "act", "out"), net.forwardSchedule());
  }

  @Test
  void forwardSchedule_tiesInOtherMapOrder_followThatOrder() {
    NetworkBuilder maps =
        Network.builder()
            .add("x", new Input(2))
            .add("fc2", new Linear(2, 25))
            .add("a2", new Tanh())
            .add("fc1", new Linear(2, 25))
            .add("a1", new ReLU())
            .add("sum", new Sum())
            .connect("x", "fc1", "fc2")
            .connect("fc1", "a1")
            .connect("fc2", "a2")
            .connect("a1", "sum")
            .connect("a2", "sum");
    assertEquals(List.of("x", "fc2", "a2", "fc1", "a1", "sum"), maps.build(0).forwardSchedule());
  }

  @Test
  void builder_sameNameTwice_namesIt() {
    GraphException e =
        assertThrows(
            GraphException.class,
            () -> Network.builder().add("x", new Input(2)).add("x", new Input(3)));
    assertEquals("node `x` is added twice; give each node its own name", e.getMessage());
  }

  @Test
  void builder_maps_equalTheMapsItWasGiven() {
    NetworkBuilder b = Nets.converging();
    Network net = b.build(0);
    assertEquals(List.copyOf(b.operators().keySet()), List.copyOf(net.operators().keySet()));
    assertEquals(List.of("fc1", "fc2"), b.connectivity().get("x"));
  }

  @Test
  void of_sameMapsAndSeed_bitwiseIdenticalParametersAndOutputs() {
    Network a = Nets.converging().build(42);
    Network b = Nets.converging().build(42);
    Tensor x = Nets.uniform(1, 0, 1, 10, 2);
    for (String name : a.parameters().keySet()) {
      assertEquals(a.parameters().get(name).value(), b.parameters().get(name).value(), name);
    }
    assertEquals(a.forward(x), b.forward(x));
  }

  @Test
  void of_differentSeeds_differentWeights() {
    assertNotEquals(
        Nets.seed().build(1).parameters().get("fc1.weight").value(),
        Nets.seed().build(2).parameters().get("fc1.weight").value());
  }

  @Test
  void parameters_seedNetwork_namedShapedAndInitialised() {
    Network net = Nets.seed().build(0);
    assertEquals(
        List.of(
            "fc1.weight",
            "fc1.bias",
            "fc2.weight",
            "fc2.bias",
            "fc3.weight",
            "fc3.bias",
            "out.weight",
            "out.bias"),
        List.copyOf(net.parameters().keySet()));
    assertArrayEquals(new int[] {25, 2}, net.parameters().get("fc1.weight").value().shape());
    assertArrayEquals(new int[] {1}, net.parameters().get("out.bias").value().shape());
    assertEquals(2 * 25 + 25 + 2 * (25 * 25 + 25) + 25 + 1, net.parameterCount());
    float bound = (float) Math.sqrt(6.0 / (2 + 25));
    for (float w : net.parameters().get("fc1.weight").value().data()) {
      assertTrue(Math.abs(w) <= bound && w != 0f);
    }
    for (float b : net.parameters().get("fc1.bias").value().data()) {
      assertEquals(0f, b, EXACT);
    }
  }

  @Test
  void backward_twice_accumulatesUntilZeroGrad() {
    Network net = Nets.converging().build(3);
    Tensor x = Nets.uniform(2, 0, 1, 5, 2);
    Tensor g = Nets.uniform(3, -1, 1, 5, 1);
    net.forward(x);
    net.backward(g);
    Tensor once = net.parameters().get("fc1.weight").grad().copy();
    net.forward(x);
    net.backward(g);
    Tensor twice = net.parameters().get("fc1.weight").grad();
    for (int i = 0; i < once.size(); i++) {
      assertEquals(2 * once.data()[i], twice.data()[i], 1e-6f);
    }
    net.zeroGrad();
    for (float v : twice.data()) {
      assertEquals(0f, v, EXACT);
    }
  }

  @Test
  void reset_sameSeed_restoresInitialParameters() {
    Network net = Nets.seed().build(9);
    Tensor initial = net.parameters().get("fc2.weight").value().copy();
    net.parameters().get("fc2.weight").value().data()[0] += 1f;
    net.reset(9);
    assertEquals(initial, net.parameters().get("fc2.weight").value());
  }

  @Test
  void reset_otherSeed_seedAndParametersFollowIt() {
    Network net = Nets.seed().build(9);
    net.reset(4);
    assertEquals(4, net.seed());
    assertEquals(4, net.copy().seed());
    assertEquals(
        Nets.seed().build(4).parameters().get("fc2.weight").value(),
        net.parameters().get("fc2.weight").value());
  }

  @Test
  void copy_isIndependentAndEqual() {
    Network net = Nets.seed().build(4);
    Network copy = net.copy();
    Tensor x = Nets.uniform(5, 0, 1, 3, 2);
    assertEquals(net.forward(x).copy(), copy.forward(x));
    copy.parameters().get("out.bias").value().data()[0] = 5f;
    assertNotEquals(net.forward(x).copy(), copy.forward(x));
  }

  @Test
  void forward_changingBatchSize_reusesBuffersPerSize() {
    Network net = Nets.seed().build(0);
    Tensor big = Nets.uniform(1, 0, 1, 100, 2);
    Tensor small = Nets.uniform(1, 0, 1, 34, 2);
    Tensor y100 = net.forward(big);
    Tensor y34 = net.forward(small);
    assertEquals(34, y34.dim(0));
    assertSame(y100, net.forward(big));
    assertSame(y34, net.forward(small));
  }

  @Test
  void forward_wrongWidth_namesInputAndShapes() {
    Network net = Nets.seed().build(0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(4, 3)));
    assertEquals(
        "input `x` expects a [batch, 2] tensor with batch ≥ 1, got [4, 3]", e.getMessage());
  }

  @Test
  void forward_missingAndUnknownInputNames_namesThem() {
    Network net = Nets.seed().build(0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> net.forward(Map.of("y", Tensor.zeros(4, 2))));
    assertEquals(
        "forward: missing input [x] and unknown input [y]; the network's inputs are [x]",
        e.getMessage());
  }

  @Test
  void forward_inputsOfDifferentBatchSizes_isRejected() {
    Network net =
        Network.builder()
            .add("a", new Input(2))
            .add("b", new Input(2))
            .add("s", new Sum())
            .connect("a", "s")
            .connect("b", "s")
            .build(0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> net.forward(Map.of("a", Tensor.zeros(3, 2), "b", Tensor.zeros(4, 2))));
    assertTrue(e.getMessage().contains("batch size"), e.getMessage());
  }

  @Test
  void forwardTensor_twoInputs_pointsToMapVariant() {
    Network net =
        Network.builder()
            .add("a", new Input(2))
            .add("b", new Input(2))
            .add("s", new Sum())
            .connect("a", "s")
            .connect("b", "s")
            .build(0);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> net.forward(Tensor.zeros(1, 2)));
    assertEquals("this network has 2 inputs ([a, b]); use forward(Map)", e.getMessage());
  }

  @Test
  void backward_wrongGradientShape_namesOutputAndBothShapes() {
    Network net = Nets.seed().build(0);
    net.forward(Tensor.zeros(4, 2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> net.backward(Tensor.zeros(4, 2)));
    assertEquals(
        "gradient for output `p` has shape [4, 2] but the output has shape [4, 1]", e.getMessage());
  }

  @Test
  void backward_unknownOutputName_isRejected() {
    Network net = Nets.seed().build(0);
    net.forward(Tensor.zeros(4, 2));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> net.backward(Map.of("fc3", Tensor.zeros(4, 25))));
    assertTrue(e.getMessage().contains("unknown output [fc3]"), e.getMessage());
  }

  @Test
  void backward_beforeForward_isIllegalState() {
    Network net = Nets.seed().build(0);
    assertThrows(IllegalStateException.class, () -> net.backward(Tensor.zeros(1, 1)));
  }

  @Test
  void describe_seedNetwork_listsNodesShapesAndTotals() {
    String table = Nets.converging().build(0).describe();
    assertTrue(table.contains("fc1   Linear 2→25"), table);
    assertTrue(table.contains("[B, 25]"), table);
    assertTrue(table.contains("a1, a2"), table); // sum's inputs
    assertTrue(table.contains("8 nodes, 1 inputs [x], 1 outputs [p], 176 parameters"), table);
  }

  @Test
  void describe_sharedLayer_showsOwner() {
    Linear trunk = new Linear(2, 2);
    Network net =
        Network.builder()
            .add("x", new Input(2))
            .add("t1", trunk)
            .add("t2", Linear.sharing(trunk))
            .connect("x", "t1")
            .connect("t1", "t2")
            .build(0);
    assertTrue(net.describe().contains("shared:t1"), net.describe());
    assertEquals(6, net.parameterCount());
  }

  @Test
  void toDot_convergingGraph_hasLabelledNodesAndEdges() {
    String dot = Nets.converging().build(0).toDot();
    assertTrue(dot.contains("digraph network {"), dot);
    assertTrue(dot.contains("\"fc1\" [ label=\"fc1\\nLinear 2→25\\n[B, 25]\""), dot);
    assertTrue(dot.contains("\"a1\" -> \"sum\";"), dot);
  }

  @Tag("allocation")
  @Test
  void trainingStep_fixedBatchSize_allocatesNothingAfterWarmUp() {
    Network net = Nets.converging().build(0);
    Tensor x = Nets.uniform(1, 0, 1, 100, 2);
    Tensor g = Nets.uniform(2, -1, 1, 100, 1);
    Runnable step =
        () -> {
          net.zeroGrad();
          net.forward(x);
          net.backward(g);
        };
    dev.tributary.core.AllocationMeter meter = Allocation.steadyState(step);
    assertEquals(0, meter.total(), "forward + backward after warm-up: " + meter.summary());
  }
}
