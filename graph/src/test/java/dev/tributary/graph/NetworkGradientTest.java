package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Concat;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backward passes against central finite differences ({@link GradientCheck} at its defaults: ε =
 * 1e-3, relative tolerance 1e-2, absolute tolerance 1e-3). Inputs are drawn so that ReLU
 * pre-activations stay clear of the kink; every check also asserts that the report covers the
 * tensors it should.
 */
class NetworkGradientTest {
  private static final int BATCH = 4;
  private static final long DATA_SEED = 7;
  private static final long OBJECTIVE_SEED = 11;

  /** A wrong backward pass must miss its bound by at least this factor, not scrape past it. */
  private static final double BROKEN_MIN_RATIO = 10;

  /** A batch large enough that float32 noise of the numeric derivative shows (many outputs). */
  private static final int WIDE_BATCH = 64;

  private static GradientCheck.Report check(Network net, Map<String, Tensor> inputs) {
    GradientCheck.Report report = new GradientCheck(net).run(inputs, OBJECTIVE_SEED);
    assertTrue(report.passed(), report::toString);
    return report;
  }

  private static Tensor data(int cols) {
    return Nets.uniform(DATA_SEED, -1f, 1f, BATCH, cols);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ReLU", "Tanh", "Sigmoid"})
  void activationAlone_gradientMatchesFiniteDifferences(String type) {
    Map<String, Supplier<Operator>> ops =
        Map.of("ReLU", ReLU::new, "Tanh", Tanh::new, "Sigmoid", Sigmoid::new);
    Network net =
        Network.builder()
            .add("x", new Input(3))
            .add("f", ops.get(type).get())
            .connect("x", "f")
            .build(0);
    // ReLU: keep |x| ≥ 0.1 so x ± ε never crosses 0.
    Tensor x = Tensor.ofRows(new float[] {-0.7f, 0.3f, 1.2f}, new float[] {0.9f, -0.2f, 0.15f});
    GradientCheck.Report r = check(net, Map.of("x", x));
    assertEquals(Map.of("input x", r.worstErrorRatios().get("input x")), r.worstErrorRatios());
  }

  @Test
  void linearAlone_gradientMatchesFiniteDifferences() {
    Network net =
        Network.builder()
            .add("x", new Input(3))
            .add("fc", new Linear(3, 4))
            .connect("x", "fc")
            .build(1);
    GradientCheck.Report r = check(net, Map.of("x", data(3)));
    assertEquals(3, r.worstErrorRatios().size()); // weight, bias, input
  }

  @Test
  void sumAlone_gradientMatchesFiniteDifferences() {
    Network net =
        Network.builder()
            .add("a", new Input(3))
            .add("b", new Input(3))
            .add("c", new Input(3))
            .add("s", new Sum())
            .connect("a", "s")
            .connect("b", "s")
            .connect("c", "s")
            .build(0);
    check(net, Map.of("a", data(3), "b", data(3), "c", Nets.uniform(3, -1, 1, BATCH, 3)));
  }

  @Test
  void concatAlone_gradientMatchesFiniteDifferences() {
    Network net =
        Network.builder()
            .add("a", new Input(2))
            .add("b", new Input(3))
            .add("c", new Concat())
            .connect("a", "c")
            .connect("b", "c")
            .build(0);
    check(net, Map.of("a", data(2), "b", data(3)));
  }

  @Test
  void seedNetwork_gradientMatchesFiniteDifferences() {
    Network net = Nets.seed().build(3);
    GradientCheck.Report r = check(net, Map.of("x", Nets.uniform(DATA_SEED, 0f, 1f, BATCH, 2)));
    assertEquals(9, r.worstErrorRatios().size()); // 4 layers × 2 + input
    // Zero biases could put ReLU pre-activations within ε of 0; with these inputs they stay rare.
    assertTrue(r.kinks() <= net.parameterCount() / 100, r::toString);
  }

  @Test
  void convergingGraph_gradientMatchesFiniteDifferences() {
    Network net = Nets.converging().build(5);
    check(net, Map.of("x", Nets.uniform(DATA_SEED, 0f, 1f, BATCH, 2)));
  }

  @Test
  void fanOutToThree_gradientsOfAllBranchesAddUp() {
    Network net =
        Network.builder()
            .add("x", new Input(2))
            .add("fc", new Linear(2, 5))
            .add("t", new Tanh())
            .add("b1", new Linear(5, 3))
            .add("b2", new Sigmoid())
            .add("b3", new Linear(5, 3))
            .add("b1t", new Tanh())
            .add("b3t", new Tanh())
            .add("b2l", new Linear(5, 3))
            .add("s", new Sum())
            .connect("x", "fc")
            .connect("fc", "t")
            .connect("t", "b1", "b2", "b3")
            .connect("b1", "b1t")
            .connect("b3", "b3t")
            .connect("b2", "b2l")
            .connect("b1t", "s")
            .connect("b2l", "s")
            .connect("b3t", "s")
            .build(2);
    assertEquals(3, net.successors("t").size());
    check(net, Map.of("x", data(2)));
  }

  @Test
  void twoInputs_bothInputGradientsMatch() {
    Network net =
        Network.builder()
            .add("u", new Input(2))
            .add("v", new Input(3))
            .add("fu", new Linear(2, 4))
            .add("fv", new Linear(3, 4))
            .add("s", new Sum())
            .add("t", new Tanh())
            .connect("u", "fu")
            .connect("v", "fv")
            .connect("fu", "s")
            .connect("fv", "s")
            .connect("s", "t")
            .build(4);
    GradientCheck.Report r = check(net, Map.of("u", data(2), "v", data(3)));
    assertTrue(r.worstErrorRatios().containsKey("input u"));
    assertTrue(r.worstErrorRatios().containsKey("input v"));
  }

  @Test
  void twoOutputs_gradientsOfBothHeadsMatch() {
    Network net =
        Network.builder()
            .add("x", new Input(2))
            .add("fc", new Linear(2, 6))
            .add("t", new Tanh())
            .add("head1", new Linear(6, 1))
            .add("head2", new Linear(6, 2))
            .connect("x", "fc")
            .connect("fc", "t")
            .connect("t", "head1", "head2")
            .build(6);
    assertEquals(java.util.List.of("head1", "head2"), net.outputs());
    check(net, Map.of("x", data(2)));
  }

  @Test
  void sharedWeights_gradientOfBothUsesMatches() {
    Linear trunk = new Linear(2, 4);
    Network net =
        Network.builder()
            .add("p1", new Input(2))
            .add("p2", new Input(2))
            .add("t1", trunk)
            .add("t2", Linear.sharing(trunk))
            .add("a1", new Tanh())
            .add("a2", new Tanh())
            .add("c", new Concat())
            .add("head", new Linear(8, 1))
            .connect("p1", "t1")
            .connect("p2", "t2")
            .connect("t1", "a1")
            .connect("t2", "a2")
            .connect("a1", "c")
            .connect("a2", "c")
            .connect("c", "head")
            .build(8);
    assertEquals(
        java.util.List.of("t1.weight", "t1.bias", "head.weight", "head.bias"),
        java.util.List.copyOf(net.parameters().keySet()));
    check(net, Map.of("p1", data(2), "p2", Nets.uniform(9, -1, 1, BATCH, 2)));
  }

  /** Tanh forward with a backward that forgets the (1 − y²) factor. */
  private static final class BrokenTanh extends Operator {
    @Override
    public String type() {
      return "BrokenTanh";
    }

    @Override
    public Arity arity() {
      return Arity.ONE;
    }

    @Override
    public Shape outputShape(String node, java.util.List<String> preds, java.util.List<Shape> in) {
      return in.get(0);
    }

    @Override
    public void forward(dev.tributary.graph.op.OpContext ctx) {
      dev.tributary.core.Elementwise.tanh(ctx.input(0), ctx.output());
    }

    @Override
    public void backward(dev.tributary.graph.op.OpContext ctx) {
      dev.tributary.core.Elementwise.axpy(1f, ctx.gradOutput(), ctx.gradInput(0));
    }
  }

  @Test
  void check_wrongBackward_isReportedAsFailedForTheRightTensors() {
    Network net =
        Network.builder()
            .add("x", new Input(3))
            .add("fc", new Linear(3, 3))
            .add("bad", new BrokenTanh())
            .connect("x", "fc")
            .connect("fc", "bad")
            .build(0);
    GradientCheck.Report r = new GradientCheck(net).run(Map.of("x", data(3)), OBJECTIVE_SEED);
    assertFalse(r.passed());
    assertTrue(r.worstErrorRatios().get("fc.weight") > BROKEN_MIN_RATIO, r::toString);
    assertTrue(r.worstErrorRatios().get("input x") > BROKEN_MIN_RATIO, r::toString);
    assertTrue(r.toString().contains("over the bound"));
    assertEquals(0, r.kinks(), "a network without ReLU has no kinks: " + r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Tanh", "Sigmoid"})
  void smoothDeepNetwork_defaults_passWithNoKinks(String type) {
    Supplier<Operator> act = type.equals("Tanh") ? Tanh::new : Sigmoid::new;
    Network net =
        Network.builder()
            .add("x", new Input(2))
            .add("fc1", new Linear(2, 25))
            .add("a1", act.get())
            .add("fc2", new Linear(25, 25))
            .add("a2", act.get())
            .add("fc3", new Linear(25, 25))
            .add("a3", act.get())
            .add("out", new Linear(25, 1))
            .add("p", new Sigmoid())
            .connect("x", "fc1")
            .connect("fc1", "a1")
            .connect("a1", "fc2")
            .connect("fc2", "a2")
            .connect("a2", "fc3")
            .connect("fc3", "a3")
            .connect("a3", "out")
            .connect("out", "p")
            .build(4);
    GradientCheck.Report r =
        check(net, Map.of("x", Nets.uniform(DATA_SEED, -1f, 1f, WIDE_BATCH, 2)));
    assertEquals(0, r.kinks(), r::toString);
  }

  @Test
  void multiLoss_twoHeads_checksBothTermsAndFailsABrokenHead() {
    Network net =
        Network.builder()
            .add("x", new Input(3))
            .add("fc", new Linear(3, 3))
            .add("h1", new Tanh())
            .add("h2", new BrokenTanh())
            .connect("x", "fc")
            .connect("fc", "h1")
            .connect("fc", "h2")
            .build(2);
    Tensor t1 = Nets.uniform(21, -1, 1, BATCH, 3);
    Tensor t2 = Nets.uniform(22, -1, 1, BATCH, 3);
    dev.tributary.graph.loss.MultiLoss first =
        dev.tributary.graph.loss.MultiLoss.of(
            dev.tributary.graph.loss.LossTerm.of(
                "h1", new dev.tributary.graph.loss.MSELoss(), "t1"));
    GradientCheck.Report good =
        new GradientCheck(net).run(Map.of("x", data(3)), first, Map.of("t1", t1));
    assertTrue(good.passed(), good::toString);
    dev.tributary.graph.loss.MultiLoss both =
        dev.tributary.graph.loss.MultiLoss.of(
            dev.tributary.graph.loss.LossTerm.of(
                "h1", new dev.tributary.graph.loss.MSELoss(), "t1"),
            dev.tributary.graph.loss.LossTerm.of(
                "h2", new dev.tributary.graph.loss.MSELoss(), "t2", 0.5f));
    GradientCheck.Report bad =
        new GradientCheck(net).run(Map.of("x", data(3)), both, Map.of("t1", t1, "t2", t2));
    assertFalse(bad.passed(), bad::toString);
    assertTrue(bad.worstErrorRatios().get("fc.weight") > BROKEN_MIN_RATIO, bad::toString);
  }

  @Test
  void relativeTolerance_negative_throwsNamingIt() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> new GradientCheck(Nets.seed().build(1)).relativeTolerance(-1));
    assertTrue(e.getMessage().contains("relativeTolerance"), e.getMessage());
  }
}
