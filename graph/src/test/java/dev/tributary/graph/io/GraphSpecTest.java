package dev.tributary.graph.io;

import static dev.tributary.graph.io.IoFixtures.EXAMPLES;
import static dev.tributary.graph.io.IoFixtures.assertMentions;
import static dev.tributary.graph.io.IoFixtures.assertSameNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Init;
import dev.tributary.core.Tensor;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Network;
import dev.tributary.graph.NetworkBuilder;
import dev.tributary.graph.op.Concat;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Graph files: parsing, building, and writing back. Errors are in {@link GraphSpecErrorsTest}. */
class GraphSpecTest {
  private static final long SEED = 42;

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of("seed", IoFixtures.seed()),
        Arguments.of("converging", IoFixtures.converging()),
        Arguments.of("siamese", IoFixtures.siamese()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void toJson_parseBuild_sameScheduleAndBitwiseParameters(String name, NetworkBuilder maps) {
    Network net = maps.build(SEED);
    String json = GraphSpec.of(net).toJson();

    Network back = GraphSpec.parse(json).build(SEED);

    assertSameNetwork(net, back);
    assertEquals(List.copyOf(net.operators().keySet()), List.copyOf(back.operators().keySet()));
    assertEquals(net.connectivity(), back.connectivity());
    assertEquals(json, GraphSpec.of(back).toJson());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void read_shippedExample_buildsTheJavaNetwork(String name, NetworkBuilder maps)
      throws IOException {
    Network fromFile = GraphSpec.read(EXAMPLES.resolve(name + ".json")).build(SEED);

    assertSameNetwork(maps.build(SEED), fromFile);
  }

  @Test
  void toJson_seedAndSiameseExamples_reproduceTheFilesExactly() throws IOException {
    for (String name : List.of("seed.json", "siamese.json")) {
      Path file = EXAMPLES.resolve(name);
      assertEquals(Files.readString(file), GraphSpec.read(file).toJson(), name);
    }
  }

  @Test
  void parse_contractExample_matchesConvergingMaps() throws IOException {
    GraphSpec spec = GraphSpec.read(EXAMPLES.resolve("converging.json"));

    assertEquals(
        List.of("x", "fc1", "a1", "fc2", "a2", "sum", "out", "p"),
        List.copyOf(spec.operators().keySet()));
    assertEquals(List.of("fc1", "fc2"), spec.connectivity().get("x"));
    OperatorSpec fc1 = spec.operators().get("fc1");
    assertEquals("Linear", fc1.type());
    assertEquals(2, fc1.in());
    assertEquals(25, fc1.out());
    assertEquals(Optional.of(Init.XAVIER_UNIFORM), fc1.init());
    assertEquals(Optional.empty(), fc1.shares());
    assertEquals(2, spec.operators().get("x").size());
    assertEquals(GraphSpec.of(IoFixtures.converging().build(0)), spec);
  }

  @Test
  void parse_sharesWithSizesOmitted_takesSizesAndParametersFromTheOwner() {
    String json =
        """
        {"operators": {
           "a": {"type": "Input", "size": 3}, "b": {"type": "Input", "size": 3},
           "fa": {"type": "Linear", "in": 3, "out": 4, "init": "HE_UNIFORM"},
           "fb": {"type": "Linear", "shares": "fa"},
           "s": {"type": "Sum"}},
         "connectivity": {"a": ["fa"], "b": ["fb"], "fa": ["s"], "fb": ["s"]}}
        """;

    GraphSpec spec = GraphSpec.parse(json);
    Network net = spec.build(SEED);

    OperatorSpec fb = spec.operators().get("fb");
    assertEquals(List.of(3, 4), List.of(fb.in(), fb.out()));
    assertEquals(Optional.of(Init.HE_UNIFORM), fb.init());
    assertEquals(Optional.of("fa"), fb.shares());
    assertEquals(List.of("fa.weight", "fa.bias"), List.copyOf(net.parameters().keySet()));
    Tensor x = IoFixtures.uniform(1, 5, 3);
    Tensor twice = net.forward(Map.of("a", x, "b", x)).get("s").copy();
    Tensor once = net.forward(Map.of("a", x, "b", Tensor.zeros(5, 3))).get("s").copy();
    Tensor bias = net.forward(Map.of("a", Tensor.zeros(5, 3), "b", Tensor.zeros(5, 3))).get("s");
    // fb applies fa's weight and bias: fa(x) + fb(x) = 2 fa(x), and fa(x) + fb(0) = fa(x) + b.
    for (int i = 0; i < twice.size(); i++) {
      float faX = once.data()[i] - bias.data()[i] / 2;
      assertEquals(2 * faX, twice.data()[i], 1e-5f);
    }
  }

  @Test
  void of_sharingChain_writesTheOwner() {
    Linear owner = new Linear(2, 2);
    Linear second = Linear.sharing(owner);
    Network net =
        Network.builder()
            .add("x", new Input(2))
            .add("f1", owner)
            .add("f2", second)
            .add("f3", Linear.sharing(second))
            .connect("x", "f1")
            .connect("f1", "f2")
            .connect("f2", "f3")
            .build(SEED);

    GraphSpec spec = GraphSpec.of(net);

    assertEquals(Optional.of("f1"), spec.operators().get("f2").shares());
    assertEquals(Optional.of("f1"), spec.operators().get("f3").shares());
    assertTrue(
        spec.toJson()
            .contains(
                "\"f3\": {\"type\": \"Linear\", \"in\": 2, \"out\": 2," + " \"shares\": \"f1\"}"),
        spec.toJson());
    assertSameNetwork(net, GraphSpec.parse(spec.toJson()).build(SEED));
  }

  @Test
  void parse_sharesThroughAChain_buildsOneParameterSet() {
    String json =
        """
        {"operators": {"x": {"type": "Input", "size": 2},
           "f3": {"type": "Linear", "shares": "f2"}, "f2": {"type": "Linear", "shares": "f1"},
           "f1": {"type": "Linear", "in": 2, "out": 2}},
         "connectivity": {"x": ["f1"], "f1": ["f2"], "f2": ["f3"]}}
        """;

    Network net = GraphSpec.parse(json).build(SEED);

    assertEquals(List.of("f1.weight", "f1.bias"), List.copyOf(net.parameters().keySet()));
    assertEquals(List.of("x", "f1", "f2", "f3"), net.forwardSchedule());
  }

  @Test
  void roundTrip_concatInputsInOperatorsOrder_keepsTheOrder() {
    // b is declared before a, so Concat takes [b | a] whatever the connectivity order says.
    NetworkBuilder maps =
        Network.builder()
            .add("x", new Input(2))
            .add("b", new Linear(2, 3))
            .add("a", new Linear(2, 1))
            .add("cat", new Concat())
            .connect("x", "a", "b")
            .connect("a", "cat")
            .connect("b", "cat");
    Network net = maps.build(SEED);

    Network back = GraphSpec.parse(GraphSpec.of(net).toJson()).build(SEED);

    assertEquals(List.of("b", "a"), back.predecessors("cat"));
    Tensor x = IoFixtures.uniform(3, 4, 2);
    assertEquals(net.forward(x).copy(), back.forward(x));
  }

  @Test
  void toJson_nonDefaultInit_isWrittenAndReadBack() {
    Network net =
        Network.builder()
            .add("x", new Input(2))
            .add("he", new Linear(2, 3, Init.HE_UNIFORM))
            .add("plain", new Linear(3, 1))
            .connect("x", "he")
            .connect("he", "plain")
            .build(SEED);

    String json = GraphSpec.of(net).toJson();

    assertTrue(
        json.contains(
            "\"he\": {\"type\": \"Linear\", \"in\": 2, \"out\": 3, \"init\":" + " \"HE_UNIFORM\"}"),
        json);
    assertFalse(json.contains("XAVIER_UNIFORM"), json);
    assertSameNetwork(net, GraphSpec.parse(json).build(SEED));
  }

  @Test
  void parse_operatorsOutOfTopologicalOrder_keepsFileOrder() {
    String json =
        """
        {"connectivity": {"x": ["fc"], "fc": ["act"]},
         "operators": {"act": {"type": "Tanh"}, "fc": {"type": "Linear", "in": 1, "out": 1},
                       "x": {"type": "Input", "size": 1}}}
        """;

    GraphSpec spec = GraphSpec.parse(json);

    assertEquals(List.of("act", "fc", "x"), List.copyOf(spec.operators().keySet()));
    assertEquals(List.of("x", "fc", "act"), spec.build(0).forwardSchedule());
    assertTrue(spec.toJson().startsWith("{\n  \"operators\": {\n    \"act\""), spec.toJson());
  }

  @Test
  void roundTrip_namesNeedingEscapes_survive() {
    Network net =
        Network.builder()
            .add("in \"quoted\"", new Input(1))
            .add("π\\layer\n", new Linear(1, 1))
            .connect("in \"quoted\"", "π\\layer\n")
            .build(SEED);

    GraphSpec back = GraphSpec.parse(GraphSpec.of(net).toJson());

    assertEquals(GraphSpec.of(net), back);
    assertSameNetwork(net, back.build(SEED));
  }

  @Test
  void equals_sameMapsInAnotherOrder_areDifferentSpecs() {
    GraphSpec a =
        GraphSpec.parse(
            "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 1}, \"r\": {\"type\":"
                + " \"ReLU\"}}, \"connectivity\": {\"x\": [\"r\"]}}");
    GraphSpec b =
        GraphSpec.parse(
            "{\"operators\": {\"r\": {\"type\": \"ReLU\"}, \"x\": {\"type\": \"Input\", \"size\":"
                + " 1}}, \"connectivity\": {\"x\": [\"r\"]}}");

    assertNotEquals(a, b);
    assertEquals(a, GraphSpec.parse(a.toJson()));
    assertEquals(a.hashCode(), GraphSpec.parse(a.toJson()).hashCode());
  }

  @Test
  void of_operatorGraphFilesCannotExpress_namesTheNode() {
    Network net =
        Network.builder()
            .add("x", new Input(2))
            .add("sq", new Square())
            .connect("x", "sq")
            .build(SEED);

    GraphException e = assertThrows(GraphException.class, () -> GraphSpec.of(net));

    assertMentions(e, "`sq`", "Square", "Input, Linear, ReLU, Tanh, Sigmoid, Sum, Concat");
    assertEquals(List.of("sq"), e.nodes());
  }

  /** An operator graph files do not know. */
  private static final class Square extends Operator {
    @Override
    public String type() {
      return "Square";
    }

    @Override
    public Arity arity() {
      return Arity.ONE;
    }

    @Override
    public dev.tributary.graph.Shape outputShape(
        String node, List<String> predecessors, List<dev.tributary.graph.Shape> inputs) {
      return inputs.get(0);
    }

    @Override
    public void forward(dev.tributary.graph.op.OpContext ctx) {
      throw new UnsupportedOperationException("not run in these tests");
    }

    @Override
    public void backward(dev.tributary.graph.op.OpContext ctx) {
      throw new UnsupportedOperationException("not run in these tests");
    }
  }

  @Test
  void read_missingFile_throwsNoSuchFile(@TempDir Path dir) {
    Path missing = dir.resolve("missing.json");

    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> GraphSpec.read(missing));

    assertMentions(e, "missing.json");
  }

  @Test
  void build_twice_givesIndependentNetworksWithEqualParameters() {
    GraphSpec spec = GraphSpec.of(IoFixtures.siamese().build(SEED));

    Network a = spec.build(7);
    Network b = spec.build(7);
    IoFixtures.scramble(a, 1);

    assertSameNetwork(spec.build(7), b);
    assertNotEquals(
        a.parameters().get("fc1.weight").value(), b.parameters().get("fc1.weight").value());
  }
}
