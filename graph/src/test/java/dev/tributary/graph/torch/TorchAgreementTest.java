package dev.tributary.graph.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.op.AvgPool2d;
import dev.tributary.graph.op.BatchNorm1d;
import dev.tributary.graph.op.BatchNorm2d;
import dev.tributary.graph.op.Conv2d;
import dev.tributary.graph.op.Flatten;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.MaxPool2d;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Our image operators against real PyTorch (libtorch through DJL, float32): forward values within
 * {@value #VALUE_TOLERANCE} and every gradient within {@value #GRADIENT_TOLERANCE}, both relative
 * to the largest magnitude of the reference tensor, on seeded random shapes; batch norm in both
 * modes with its running statistics after several steps; and a whole small convolutional network
 * with a cross-entropy loss.
 */
class TorchAgreementTest {
  private static final double VALUE_TOLERANCE = 1e-5;
  private static final double GRADIENT_TOLERANCE = 1e-4;
  private static final long SEED = 2026;

  /**
   * The magnitude below which a tensor counts as zero: errors are relative to the reference's
   * largest magnitude, or to this floor when that is smaller (a convolution's bias feeding a batch
   * norm has an exactly-zero gradient, computed as float noise on both sides).
   */
  private static final double MAGNITUDE_FLOOR = 1e-2;

  private static float[] uniform(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return a;
  }

  private static void assertClose(String what, float[] expected, float[] actual, double tolerance) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = MAGNITUDE_FLOOR;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]));
    }
    double relative = worst / scale;
    assertTrue(relative <= tolerance, what + ": relative error " + relative + " > " + tolerance);
  }

  /** A network x → op, its input of shape {@code xShape} without the batch. */
  private static Network single(Operator op, int... sample) {
    Network net =
        Network.builder().add("x", new Input(sample)).add("op", op).connect("x", "op").build(SEED);
    net.setInputGradients(true);
    return net;
  }

  private static int[] withBatch(int batch, int... sample) {
    int[] s = new int[sample.length + 1];
    s[0] = batch;
    System.arraycopy(sample, 0, s, 1, sample.length);
    return s;
  }

  @RepeatedTest(6)
  void conv2d_randomShapes_matchLibtorch(RepetitionInfo info) {
    SplittableRandom rng = new SplittableRandom(SEED + info.getCurrentRepetition());
    int batch = 1 + rng.nextInt(3);
    int in = 1 + rng.nextInt(3);
    int out = 1 + rng.nextInt(4);
    int padding = rng.nextInt(2);
    int kernel = 1 + rng.nextInt(4);
    int size = kernel + rng.nextInt(6);
    int stride = 1 + rng.nextInt(2);
    Network net = single(new Conv2d(in, out, kernel, stride, padding), in, size, size);
    int[] xShape = withBatch(batch, in, size, size);
    float[] x = uniform(rng, batch * in * size * size);
    Tensor y = net.forward(Tensor.of(x.clone(), xShape)).copy();
    float[] dy = uniform(rng, y.size());
    net.backward(Tensor.of(dy.clone(), y.shape()));
    Torch.Conv2dResult t =
        Torch.conv2d(
            x,
            xShape,
            net.parameters().get("op.weight").value().data(),
            net.parameters().get("op.bias").value().data(),
            stride,
            padding,
            dy);
    String at =
        String.format(
            "conv %d→%d k%d s%d p%d on %d×%d", in, out, kernel, stride, padding, size, size);
    assertClose(at + " y", t.y(), y.data(), VALUE_TOLERANCE);
    assertClose(at + " dx", t.dx(), net.inputGradient("x").data(), GRADIENT_TOLERANCE);
    assertClose(
        at + " dw", t.dw(), net.parameters().get("op.weight").grad().data(), GRADIENT_TOLERANCE);
    assertClose(
        at + " db", t.db(), net.parameters().get("op.bias").grad().data(), GRADIENT_TOLERANCE);
  }

  @RepeatedTest(4)
  void pooling_randomShapes_matchLibtorch(RepetitionInfo info) {
    SplittableRandom rng = new SplittableRandom(SEED * 3 + info.getCurrentRepetition());
    int kernel = 2 + rng.nextInt(2);
    int stride = 1 + rng.nextInt(kernel);
    int size = kernel + rng.nextInt(5);
    int channels = 1 + rng.nextInt(3);
    int[] xShape = withBatch(2, channels, size, size);
    float[] x = uniform(rng, 2 * channels * size * size);
    for (boolean max : new boolean[] {true, false}) {
      Network net =
          single(
              max ? new MaxPool2d(kernel, stride) : new AvgPool2d(kernel, stride),
              channels,
              size,
              size);
      Tensor y = net.forward(Tensor.of(x.clone(), xShape)).copy();
      float[] dy = uniform(rng, y.size());
      net.backward(Tensor.of(dy.clone(), y.shape()));
      Torch.Result t =
          max
              ? Torch.maxPool2d(x, xShape, kernel, stride, dy)
              : Torch.avgPool2d(x, xShape, kernel, stride, dy);
      String at = (max ? "max" : "avg") + " k" + kernel + " s" + stride + " on " + size;
      assertClose(at + " y", t.y(), y.data(), VALUE_TOLERANCE);
      assertClose(at + " dx", t.dx(), net.inputGradient("x").data(), GRADIENT_TOLERANCE);
    }
  }

  @Test
  void batchNorm_trainingStepsThenEvaluation_matchLibtorch() {
    for (int[] sample : List.of(new int[] {3, 4, 5}, new int[] {6})) {
      SplittableRandom rng = new SplittableRandom(SEED + sample.length);
      int c = sample[0];
      Network net = single(sample.length == 3 ? new BatchNorm2d(c) : new BatchNorm1d(c), sample);
      float[] gamma = uniform(rng, c);
      float[] beta = uniform(rng, c);
      System.arraycopy(gamma, 0, net.parameters().get("op.weight").value().data(), 0, c);
      System.arraycopy(beta, 0, net.parameters().get("op.bias").value().data(), 0, c);
      float[] rm = new float[c];
      float[] rv = new float[c];
      java.util.Arrays.fill(rv, 1f);
      long tracked = 0;
      int[] xShape = withBatch(5, sample);
      int n = 5 * net.shape("x").size();
      for (int step = 0; step < 4; step++) {
        boolean training = step < 3;
        net.setTraining(training);
        net.zeroGrad();
        float[] x = uniform(rng, n);
        for (int i = 0; i < n; i++) {
          x[i] = x[i] * (1 + step) + 0.5f * step; // batches of different scale and offset
        }
        Tensor y = net.forward(Tensor.of(x.clone(), xShape)).copy();
        float[] dy = uniform(rng, n);
        net.backward(Tensor.of(dy.clone(), xShape));
        Torch.BatchNormResult t =
            Torch.batchNorm(
                x,
                xShape,
                gamma,
                beta,
                rm,
                rv,
                tracked,
                training ? Torch.Mode.TRAINING : Torch.Mode.EVALUATION,
                dy);
        String at = "BatchNorm " + java.util.Arrays.toString(sample) + " step " + step;
        assertClose(at + " y", t.y(), y.data(), VALUE_TOLERANCE);
        assertClose(at + " dx", t.dx(), net.inputGradient("x").data(), GRADIENT_TOLERANCE);
        assertClose(
            at + " dγ",
            t.dGamma(),
            net.parameters().get("op.weight").grad().data(),
            GRADIENT_TOLERANCE);
        assertClose(
            at + " dβ",
            t.dBeta(),
            net.parameters().get("op.bias").grad().data(),
            GRADIENT_TOLERANCE);
        Map<String, Tensor> buffers = net.buffers();
        assertClose(
            at + " running_mean",
            t.runningMean(),
            buffers.get("op.running_mean").data(),
            VALUE_TOLERANCE);
        assertClose(
            at + " running_var",
            t.runningVar(),
            buffers.get("op.running_var").data(),
            VALUE_TOLERANCE);
        assertEquals(
            (float) t.numBatchesTracked(), buffers.get("op.num_batches_tracked").data()[0]);
        rm = t.runningMean();
        rv = t.runningVar();
        tracked = t.numBatchesTracked();
      }
    }
  }

  @Test
  void smallConvNetworkWithCrossEntropy_lossAndEveryGradientMatchLibtorch() {
    Network net =
        Network.builder()
            .add("x", new Input(2, 9, 9))
            .add("conv1", new Conv2d(2, 4, 3, 1, 1))
            .add("bn1", new BatchNorm2d(4))
            .add("a1", new ReLU())
            .add("pool", new MaxPool2d(2))
            .add("conv2", new Conv2d(4, 3, 2, 2, 0))
            .add("flat", new Flatten())
            .add("fc", new Linear(12, 5))
            .connect("x", "conv1")
            .connect("conv1", "bn1")
            .connect("bn1", "a1")
            .connect("a1", "pool")
            .connect("pool", "conv2")
            .connect("conv2", "flat")
            .connect("flat", "fc")
            .build(SEED);
    net.setInputGradients(true);
    TorchNet torch =
        new TorchNet(
            List.of(
                TorchNet.conv2d("conv1", 2, 4, 3, 1, 1),
                TorchNet.batchNorm("bn1", 4),
                TorchNet.Act.RELU,
                TorchNet.maxPool2d(2, 2),
                TorchNet.conv2d("conv2", 4, 3, 2, 2, 0),
                TorchNet.flatten(),
                TorchNet.linear("fc", 12, 5)));
    SplittableRandom rng = new SplittableRandom(SEED);
    int[] xShape = {6, 2, 9, 9};
    float[] x = uniform(rng, 6 * 2 * 81);
    int[] classes = {0, 4, 2, 2, 1, 3};
    float[] target = new float[classes.length];
    for (int i = 0; i < classes.length; i++) {
      target[i] = classes[i];
    }
    Map<String, float[]> state = new LinkedHashMap<>();
    for (Parameter p : net.parameters().values()) {
      state.put(p.name(), p.value().data().clone());
    }
    net.buffers().forEach((name, b) -> state.put(name, b.data().clone()));

    CrossEntropyLoss loss = new CrossEntropyLoss();
    float ours = loss.forward(net.forward(Tensor.of(x.clone(), xShape)), Tensor.of(target, 6));
    net.backward(loss.backward());
    TorchNet.Output t = torch.crossEntropy(state, x, xShape, classes, Torch.Mode.TRAINING);

    assertEquals(t.loss(), ours, VALUE_TOLERANCE * Math.abs(t.loss()), "loss");
    for (Parameter p : net.parameters().values()) {
      assertClose(p.name(), t.gradients().get(p.name()), p.grad().data(), GRADIENT_TOLERANCE);
    }
    assertClose("input", t.inputGradient(), net.inputGradient("x").data(), GRADIENT_TOLERANCE);
    assertClose(
        "bn1.running_mean",
        t.buffers().get("bn1.running_mean"),
        net.buffers().get("bn1.running_mean").data(),
        VALUE_TOLERANCE);
    assertClose(
        "bn1.running_var",
        t.buffers().get("bn1.running_var"),
        net.buffers().get("bn1.running_var").data(),
        VALUE_TOLERANCE);
  }
}
