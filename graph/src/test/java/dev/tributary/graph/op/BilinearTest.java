package dev.tributary.graph.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.GradientCheck;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Bilinear}: the forward values against hand-computed forms, the backward pass against
 * central finite differences, PyTorch's initialisation bound, the input order, the graph file round
 * trip and the build-time errors.
 */
class BilinearTest {
  private static final long DATA_SEED = 17;
  private static final long OBJECTIVE_SEED = 9;
  private static final long NET_SEED = 4;
  private static final double TOLERANCE = 1e-5;

  /** {@code x [7]} cut into {@code a = x[0:3]} and {@code b = x[3:7]}, joined by {@code op}. */
  private static Network split(Operator op) {
    return Network.builder()
        .add("x", new Input(7))
        .add("a", new Slice(0, 3))
        .add("b", new Slice(3, 7))
        .add("bl", op)
        .connect("x", "a", "b")
        .connect("a", "bl")
        .connect("b", "bl")
        .build(NET_SEED);
  }

  private static void setParameter(Network net, String name, float... values) {
    float[] d = net.parameters().get(name).value().data();
    assertEquals(d.length, values.length, name);
    System.arraycopy(values, 0, d, 0, values.length);
  }

  @Test
  void forward_handComputedForm_matches() {
    // x1 = [1, 2, -1], x2 = [3, -1, 0, 2]; A_0 = e₀e₁ᵀ·2 + e₁e₃ᵀ·(−1) + e₂e₀ᵀ·4, A_1 = 0.
    Network net = split(new Bilinear(3, 4, 2));
    float[] w = new float[2 * 3 * 4];
    w[0 * 4 + 1] = 2;
    w[1 * 4 + 3] = -1;
    w[2 * 4 + 0] = 4;
    setParameter(net, "bl.weight", w);
    setParameter(net, "bl.bias", 0.5f, -0.25f);
    Tensor y = net.forward(Tensor.of(new float[] {1, 2, -1, 3, -1, 0, 2}, 1, 7));
    // 1·2·(−1) + 2·(−1)·2 + (−1)·4·3 = −2 − 4 − 12 = −18, plus the biases.
    assertArrayEquals(new float[] {-17.5f, -0.25f}, y.data(), (float) TOLERANCE);
  }

  @Test
  void forward_lowerTriangleOnTwoSoftmaxes_isTheProbabilityFirstLessOrEqual() {
    // A[i][j] = 1 for i ≤ j: x1ᵀ·A·x2 = P(d1 ≤ d2) for independent d1 ~ p1, d2 ~ p2.
    int n = 10;
    Network net =
        Network.builder()
            .add("x", new Input(2 * n))
            .add("l1", new Slice(0, n))
            .add("l2", new Slice(n, 2 * n))
            .add("p1", new Softmax())
            .add("p2", new Softmax())
            .add("le", new Bilinear(n, n, 1, List.of("p1", "p2")))
            .connect("x", "l1", "l2")
            .connect("l1", "p1")
            .connect("l2", "p2")
            .connect("p1", "le")
            .connect("p2", "le")
            .build(NET_SEED);
    float[] a = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        a[i * n + j] = 1;
      }
    }
    setParameter(net, "le.weight", a);
    setParameter(net, "le.bias", 0f);
    int batch = 4;
    Tensor x = ImageOperatorsGradientTest.uniform(DATA_SEED, batch, 2 * n);
    Tensor y = net.forward(x).copy();
    Tensor p1 = net.value("p1");
    Tensor p2 = net.value("p2");
    for (int b = 0; b < batch; b++) {
      double tail = 0; // P(d2 ≥ i), accumulated from the top class down
      double expected = 0;
      for (int i = n - 1; i >= 0; i--) {
        tail += p2.get(b, i);
        expected += p1.get(b, i) * tail;
      }
      assertEquals(expected, y.get(b, 0), TOLERANCE, "sample " + b);
    }
  }

  @Test
  void backward_gradientsMatchFiniteDifferences() {
    Network net = split(new Bilinear(3, 4, 2));
    GradientCheck.Report r =
        new GradientCheck(net)
            .checkInputs(true)
            .run(Map.of("x", ImageOperatorsGradientTest.uniform(DATA_SEED, 5, 7)), OBJECTIVE_SEED);
    assertTrue(r.passed(), () -> r + " " + r.worstErrorRatios());
    assertEquals(3, r.worstErrorRatios().size(), r::toString);
  }

  @Test
  void backward_reversedOrderAndSharing_gradientsMatchFiniteDifferences() {
    // bl takes (b, a) by its order; bl2 shares its weight and takes the map's order (b2, a).
    Bilinear first = new Bilinear(4, 3, 2, List.of("b", "a"));
    Network net =
        Network.builder()
            .add("x", new Input(7))
            .add("b2", new Slice(3, 7))
            .add("a", new Slice(0, 3))
            .add("b", new Slice(3, 7))
            .add("bl", first)
            .add("bl2", Bilinear.sharing(first))
            .add("cat", new Concat())
            .connect("x", "a", "b", "b2")
            .connect("a", "bl", "bl2")
            .connect("b", "bl")
            .connect("b2", "bl2")
            .connect("bl", "cat")
            .connect("bl2", "cat")
            .build(NET_SEED);
    assertEquals(List.of("bl.weight", "bl.bias"), List.copyOf(net.parameters().keySet()));
    GradientCheck.Report r =
        new GradientCheck(net)
            .checkInputs(true)
            .run(Map.of("x", ImageOperatorsGradientTest.uniform(DATA_SEED, 3, 7)), OBJECTIVE_SEED);
    assertTrue(r.passed(), () -> r + " " + r.worstErrorRatios());
  }

  @Test
  void order_namesSecondFirst_swapsTheInputs() {
    // With the order reversed, x1 = b [4] and x2 = a [3]: A_0[i][j] = 1 only at i = 3, j = 0.
    Network net = split(new Bilinear(4, 3, 1, List.of("b", "a")));
    float[] w = new float[12];
    w[3 * 3] = 1;
    setParameter(net, "bl.weight", w);
    setParameter(net, "bl.bias", 0f);
    Tensor y = net.forward(Tensor.of(new float[] {5, 0, 0, 0, 0, 0, 7}, 1, 7));
    assertEquals(35f, y.get(0, 0), TOLERANCE);
  }

  @Test
  void init_pytorchBound_uniformWithinOneOverRootIn1() {
    Network net = split(new Bilinear(3, 4, 200));
    double bound = 1 / Math.sqrt(3);
    for (String name : List.of("bl.weight", "bl.bias")) {
      float[] d = net.parameters().get(name).value().data();
      double max = 0;
      for (float v : d) {
        max = Math.max(max, Math.abs(v));
      }
      assertTrue(max <= bound, name + " exceeds 1/√in1: " + max);
      assertTrue(max > 0.9 * bound, name + " does not fill U(±1/√in1): max " + max);
    }
    assertArrayEquals(new int[] {200, 3, 4}, net.parameters().get("bl.weight").value().shape());
  }

  @Test
  void graphFile_withOrder_roundTrips() {
    String json =
        "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 7},"
            + " \"a\": {\"type\": \"Slice\", \"from\": 0, \"to\": 3},"
            + " \"b\": {\"type\": \"Slice\", \"from\": 3, \"to\": 7},"
            + " \"bl\": {\"type\": \"Bilinear\", \"in1\": 4, \"in2\": 3, \"out\": 2,"
            + " \"order\": [\"b\", \"a\"]}},"
            + " \"connectivity\": {\"x\": [\"a\", \"b\"], \"a\": [\"bl\"], \"b\": [\"bl\"]}}";
    GraphSpec spec = GraphSpec.parse(json);
    Network net = spec.build(NET_SEED);
    assertEquals(GraphSpec.parse(spec.toJson()), spec);
    assertArrayEquals(new int[] {2}, net.shape("bl").dims());
  }

  @Test
  void build_threeInputs_namesTheNode() {
    GraphException e =
        assertThrows(
            GraphException.class,
            () ->
                Network.builder()
                    .add("x", new Input(3))
                    .add("a", new Slice(0, 1))
                    .add("b", new Slice(1, 2))
                    .add("c", new Slice(2, 3))
                    .add("bl", new Bilinear(1, 1, 1))
                    .connect("x", "a", "b", "c")
                    .connect("a", "bl")
                    .connect("b", "bl")
                    .connect("c", "bl")
                    .build(NET_SEED));
    assertTrue(
        e.getMessage().contains("`bl`") && e.getMessage().contains("exactly two"), e::getMessage);
  }

  @Test
  void build_wrongSecondWidth_saysWhichSizeToDeclare() {
    GraphException e = assertThrows(GraphException.class, () -> split(new Bilinear(3, 5, 1)));
    assertTrue(
        e.getMessage().contains("x2 = `b`") && e.getMessage().contains("in2 = 4"), e::getMessage);
    assertEquals(List.of("bl", "b"), e.nodes());
  }

  @Test
  void constructor_badSizesOrOrder_throwSayingWhy() {
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> new Bilinear(0, 3, 1));
    assertTrue(size.getMessage().contains("in1=0"), size::getMessage);
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> new Bilinear(2, 3, 1, List.of("a")));
    assertTrue(one.getMessage().contains("exactly two"), one::getMessage);
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class, () -> new Bilinear(2, 3, 1, List.of("a", "a")));
    assertTrue(twice.getMessage().contains("repeated"), twice::getMessage);
  }
}
