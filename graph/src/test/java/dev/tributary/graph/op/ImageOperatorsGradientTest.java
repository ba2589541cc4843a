package dev.tributary.graph.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.GradientCheck;
import dev.tributary.graph.Network;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backward passes of the image operators against central finite differences ({@link
 * GradientCheck} at its defaults), for every parameter and the input: convolutions with stride 2,
 * padding 1, odd sizes and a kernel as large as the (padded) input, both poolings, batch norm in
 * both modes, and the shape operators.
 */
class ImageOperatorsGradientTest {
  private static final long DATA_SEED = 21;
  private static final long OBJECTIVE_SEED = 5;
  private static final long NET_SEED = 3;

  /** A [batch, dims...] tensor of U(−1, 1) values. */
  static Tensor uniform(long seed, int... shape) {
    Tensor t = Tensor.zeros(shape);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return t;
  }

  private static Network single(Operator op, int... inputShape) {
    return Network.builder()
        .add("x", new Input(inputShape))
        .add("op", op)
        .connect("x", "op")
        .build(NET_SEED);
  }

  private static GradientCheck.Report check(Network net, int batch, int... inputShape) {
    int[] shape = new int[inputShape.length + 1];
    shape[0] = batch;
    System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
    GradientCheck.Report r =
        new GradientCheck(net)
            .checkInputs(true)
            .run(Map.of("x", uniform(DATA_SEED, shape)), OBJECTIVE_SEED);
    assertTrue(r.passed(), () -> r + " " + r.worstErrorRatios());
    return r;
  }

  @ParameterizedTest(name = "Conv2d({0}→{1}, k{2}, s{3}, p{4}) on {5}×{6}×{6}")
  @CsvSource({
    "2, 3, 3, 1, 0, 2, 5",
    "2, 3, 3, 2, 1, 2, 5",
    "3, 2, 2, 2, 0, 3, 7",
    "1, 2, 5, 1, 0, 1, 5",
    "2, 2, 5, 1, 1, 2, 3",
    "1, 1, 1, 1, 0, 1, 4"
  })
  void conv2d_gradientsMatchFiniteDifferences(
      int in, int out, int k, int s, int p, int channels, int size) {
    Network net = single(new Conv2d(in, out, k, s, p), channels, size, size);
    GradientCheck.Report r = check(net, 2, channels, size, size);
    assertEquals(3, r.worstErrorRatios().size(), r::toString);
  }

  @Test
  void conv2d_oddNonSquareImage_gradientsMatch() {
    check(single(new Conv2d(2, 3, 3, 2, 1), 2, 7, 6), 3, 2, 7, 6);
  }

  @Test
  void conv2dSharing_twoUses_gradientsAddUp() {
    Conv2d c = new Conv2d(1, 2, 3);
    Network net =
        Network.builder()
            .add("x", new Input(2, 5, 5))
            .add("a", new Slice(0, 1))
            .add("b", new Slice(1, 2))
            .add("ca", c)
            .add("cb", Conv2d.sharing(c))
            .add("sum", new Sum())
            .connect("x", "a", "b")
            .connect("a", "ca")
            .connect("b", "cb")
            .connect("ca", "sum")
            .connect("cb", "sum")
            .build(NET_SEED);
    assertEquals(2, net.parameters().size());
    check(net, 2, 2, 5, 5);
  }

  @ParameterizedTest(name = "{0}({1}, {2}) on {3}×{3}")
  @CsvSource({
    "MaxPool2d, 2, 2, 4",
    "MaxPool2d, 3, 2, 7",
    "MaxPool2d, 3, 3, 3",
    "AvgPool2d, 2, 2, 4",
    "AvgPool2d, 3, 1, 5",
    "AvgPool2d, 2, 2, 5"
  })
  void pooling_inputGradientMatchesFiniteDifferences(String type, int k, int s, int size) {
    Operator pool = type.equals("MaxPool2d") ? new MaxPool2d(k, s) : new AvgPool2d(k, s);
    check(single(pool, 2, size, size), 2, 2, size, size);
  }

  @Test
  void batchNorm2d_trainingMode_gradientsMatch() {
    GradientCheck.Report r = check(single(new BatchNorm2d(3), 3, 4, 4), 3, 3, 4, 4);
    assertEquals(3, r.worstErrorRatios().size());
  }

  @Test
  void batchNorm1d_trainingMode_gradientsMatch() {
    check(single(new BatchNorm1d(5), 5), 6, 5);
  }

  @Test
  void batchNorm_evaluationMode_gradientsMatch() {
    for (Supplier<Network> make :
        java.util.List.<Supplier<Network>>of(
            () -> single(new BatchNorm2d(3), 3, 4, 4), () -> single(new BatchNorm1d(5), 5))) {
      Network net = make.get();
      boolean image = net.shape("x").rank() == 3;
      Tensor x = image ? uniform(9, 4, 3, 4, 4) : uniform(9, 4, 5);
      for (int step = 0; step < 3; step++) {
        net.forward(x); // moves the running statistics away from 0 and 1
      }
      net.setTraining(false);
      if (image) {
        check(net, 3, 3, 4, 4);
      } else {
        check(net, 3, 5);
      }
    }
  }

  @Test
  void flattenSliceConcat_gradientsMatch() {
    Network net =
        Network.builder()
            .add("x", new Input(3, 4, 4))
            .add("a", new Slice(0, 1))
            .add("b", new Slice(1, 3))
            .add("c", new Conv2d(2, 1, 3, 1, 1))
            .add("cat", new Concat("c", "a"))
            .add("flat", new Flatten())
            .add("fc", new Linear(32, 3))
            .connect("x", "a", "b")
            .connect("b", "c")
            .connect("a", "cat")
            .connect("c", "cat")
            .connect("cat", "flat")
            .connect("flat", "fc")
            .build(NET_SEED);
    check(net, 2, 3, 4, 4);
  }

  @Test
  void softmaxLeakyReluGelu_gradientsMatch() {
    check(single(new Softmax(), 6), 3, 6);
    check(single(new GELU(), 7), 3, 7);
    check(single(new LeakyReLU(0.2f), 7), 3, 7);
  }

  @Test
  void dropout_evaluationMode_isTheIdentityWithItsGradient() {
    Network net = single(new Dropout(0.5f), 4);
    net.setTraining(false);
    Tensor x = uniform(1, 3, 4);
    assertEquals(x, net.forward(x).copy());
    check(net, 3, 4);
  }

  @Test
  void dropout_trainingMode_backwardUsesTheForwardMask() {
    Network net =
        Network.builder()
            .add("x", new Input(50))
            .add("fc", new Linear(50, 50))
            .add("d", new Dropout(0.3f))
            .connect("x", "fc")
            .connect("fc", "d")
            .build(NET_SEED);
    net.setInputGradients(true);
    Tensor x = uniform(2, 4, 50);
    Tensor y = net.forward(x).copy();
    Tensor before = net.value("fc").copy();
    Tensor dy = uniform(3, 4, 50);
    net.backward(dy);
    // dL/d(fc) = dy·mask, and mask = y / fc where fc ≠ 0 (0 or 1/(1−p)).
    Tensor grad = net.gradient("fc");
    int zeros = 0;
    for (int i = 0; i < y.size(); i++) {
      float mask = y.data()[i] / before.data()[i];
      assertTrue(mask == 0f || Math.abs(mask - 1f / 0.7f) < 1e-5f, "mask " + mask);
      assertEquals(dy.data()[i] * mask, grad.data()[i], 1e-6f);
      zeros += mask == 0f ? 1 : 0;
    }
    assertTrue(zeros > 20 && zeros < 100, "dropped " + zeros + " of 200 at p = 0.3");
  }
}
