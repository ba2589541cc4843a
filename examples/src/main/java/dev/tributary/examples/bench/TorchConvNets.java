package dev.tributary.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The two networks {@link TorchConvReference} trains, written as a PyTorch user writes them:
 * parameters as leaf tensors, the forward pass in functional ops ({@code conv2d}, {@code
 * max_pool2d}, {@code linear}, {@code relu}), the loss, and an optimizer. Compiled only in the
 * {@code torch} profile.
 */
final class TorchConvNets {
  private TorchConvNets() {}

  /** Mean cross-entropy of {@code logits} against classes {@code target} ({@code [B, 1]}). */
  static NDArray crossEntropy(NDArray logits, NDArray target) {
    return logits.logSoftmax(1).gather(target, 1).mean().neg();
  }

  /** A network with its parameters, its optimizer and its loss. */
  abstract static class Model {
    private final NDManager manager;
    private final List<NDArray> parameters = new ArrayList<>();

    Model(NDManager manager) {
      this.manager = manager;
    }

    /** A parameter of {@code shape} drawn from U(±1/√fan_in), PyTorch's default for both. */
    NDArray parameter(int fanIn, long... shape) {
      float bound = (float) (1 / Math.sqrt(fanIn));
      NDArray p = manager.randomUniform(-bound, bound, new Shape(shape));
      p.setRequiresGradient(true);
      parameters.add(p);
      return p;
    }

    List<NDArray> parameters() {
      return parameters;
    }

    abstract int batch();

    abstract Shape inputShape();

    /** Random target classes, one array per loss term. */
    abstract long[][] labels(Random rnd);

    abstract NDArray loss(NDArray x, NDArray[] targets);

    abstract Optimizer optimizer();
  }

  static Model model(String network, NDManager manager) {
    return switch (network) {
      case TorchConvReference.LENET5 -> new LeNet5(manager);
      case TorchConvReference.DIGIT_PAIRS -> new DigitPairs(manager);
      default -> throw unknown(network);
    };
  }

  static IllegalArgumentException unknown(String network) {
    return new IllegalArgumentException(
        "unknown network '"
            + network
            + "': use "
            + TorchConvReference.LENET5
            + " or "
            + TorchConvReference.DIGIT_PAIRS);
  }

  private static NDArray conv(NDArray x, NDArray w, NDArray b) {
    return Conv2d.conv2d(x, w, b).singletonOrThrow();
  }

  private static NDArray linear(NDArray x, NDArray w, NDArray b) {
    return Linear.linear(x, w, b).singletonOrThrow();
  }

  private static NDArray pool2(NDArray x) {
    return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
  }

  private static long[] classes(Random rnd, int n, int count) {
    long[] c = new long[n];
    for (int i = 0; i < n; i++) {
      c[i] = rnd.nextInt(count);
    }
    return c;
  }

  /** LeNet-5 on 1×28×28, SGD with momentum. */
  private static final class LeNet5 extends Model {
    private final NDArray c1w = parameter(25, 6, 1, 5, 5);
    private final NDArray c1b = parameter(25, 6);
    private final NDArray c2w = parameter(150, 16, 6, 5, 5);
    private final NDArray c2b = parameter(150, 16);
    private final NDArray f1w = parameter(256, 120, 256);
    private final NDArray f1b = parameter(256, 120);
    private final NDArray f2w = parameter(120, 84, 120);
    private final NDArray f2b = parameter(120, 84);
    private final NDArray f3w = parameter(84, 10, 84);
    private final NDArray f3b = parameter(84, 10);
    private final Optimizer sgd =
        Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f).build();

    LeNet5(NDManager manager) {
      super(manager);
    }

    @Override
    int batch() {
      return TorchConvReference.LENET5_BATCH;
    }

    @Override
    Shape inputShape() {
      return new Shape(TorchConvReference.LENET5_BATCH, 1, 28, 28);
    }

    @Override
    long[][] labels(Random rnd) {
      return new long[][] {classes(rnd, TorchConvReference.LENET5_BATCH, 10)};
    }

    @Override
    NDArray loss(NDArray x, NDArray[] targets) {
      NDArray h = pool2(Activation.relu(conv(x, c1w, c1b)));
      h = pool2(Activation.relu(conv(h, c2w, c2b)));
      h = h.reshape(h.getShape().get(0), -1);
      h = Activation.relu(linear(h, f1w, f1b));
      h = Activation.relu(linear(h, f2w, f2b));
      return crossEntropy(linear(h, f3w, f3b), targets[0]);
    }

    @Override
    Optimizer optimizer() {
      return sgd;
    }
  }

  /** Two shared conv trunks on the channels of 2×14×14, a comparison head, three losses; Adam. */
  private static final class DigitPairs extends Model {
    private final NDArray c1w = parameter(9, 32, 1, 3, 3);
    private final NDArray c1b = parameter(9, 32);
    private final NDArray c2w = parameter(288, 64, 32, 3, 3);
    private final NDArray c2b = parameter(288, 64);
    private final NDArray f1w = parameter(256, 128, 256);
    private final NDArray f1b = parameter(256, 128);
    private final NDArray f2w = parameter(128, 10, 128);
    private final NDArray f2b = parameter(128, 10);
    private final NDArray h1w = parameter(20, 64, 20);
    private final NDArray h1b = parameter(20, 64);
    private final NDArray h2w = parameter(64, 2, 64);
    private final NDArray h2b = parameter(64, 2);
    private final Optimizer adam =
        Optimizer.adam().optLearningRateTracker(Tracker.fixed(5e-3f)).build();

    DigitPairs(NDManager manager) {
      super(manager);
    }

    @Override
    int batch() {
      return TorchConvReference.DIGIT_PAIRS_BATCH;
    }

    @Override
    Shape inputShape() {
      return new Shape(TorchConvReference.DIGIT_PAIRS_BATCH, 2, 14, 14);
    }

    @Override
    long[][] labels(Random rnd) {
      long[] a = classes(rnd, TorchConvReference.DIGIT_PAIRS_BATCH, 10);
      long[] b = classes(rnd, TorchConvReference.DIGIT_PAIRS_BATCH, 10);
      long[] lessOrEqual = new long[TorchConvReference.DIGIT_PAIRS_BATCH];
      for (int i = 0; i < TorchConvReference.DIGIT_PAIRS_BATCH; i++) {
        lessOrEqual[i] = a[i] <= b[i] ? 1 : 0;
      }
      return new long[][] {lessOrEqual, a, b};
    }

    private NDArray trunk(NDArray digit) {
      NDArray h = pool2(Activation.relu(conv(digit, c1w, c1b)));
      h = pool2(Activation.relu(conv(h, c2w, c2b)));
      h = h.reshape(h.getShape().get(0), -1);
      return linear(Activation.relu(linear(h, f1w, f1b)), f2w, f2b);
    }

    @Override
    NDArray loss(NDArray x, NDArray[] targets) {
      NDList digits = x.split(2, 1);
      NDArray a = trunk(digits.get(0));
      NDArray b = trunk(digits.get(1));
      NDArray h = Activation.relu(linear(a.concat(b, 1), h1w, h1b));
      NDArray comparison = linear(h, h2w, h2b);
      return crossEntropy(comparison, targets[0])
          .add(crossEntropy(a, targets[1]))
          .add(crossEntropy(b, targets[2]));
    }

    @Override
    Optimizer optimizer() {
      return adam;
    }
  }
}
