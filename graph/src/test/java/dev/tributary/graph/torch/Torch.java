package dev.tributary.graph.torch;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * libtorch (through DJL's PyTorch engine) on plain float arrays: the reference our operators are
 * compared against.
 *
 * <p>Every call copies its arrays into fresh libtorch tensors (row-major, NCHW, PyTorch's layouts),
 * runs the forward pass with autograd recording, back-propagates the given output gradient {@code
 * dy} (as {@code y.backward(dy)}: the gradient of {@code sum(y ⊙ dy)}) and copies the results back.
 * Nothing is kept between calls except the running statistics the caller passes around. Values are
 * float32 unless a {@link Precision} says otherwise.
 *
 * <p>The engine loads once per JVM from the {@code pytorch-native-cpu} jar on the test class path;
 * {@code ai.djl.offline} is forced to {@code true} so nothing is ever downloaded. Calls are
 * serialised (libtorch's autograd mode is per thread and DJL allows one gradient collector at a
 * time).
 */
public final class Torch {
  /** PyTorch's default batch-norm momentum: {@code running = (1 − m)·running + m·batch}. */
  public static final double BATCH_NORM_MOMENTUM = 0.1;

  /** PyTorch's default batch-norm epsilon, added to the variance under the square root. */
  public static final double BATCH_NORM_EPS = 1e-5;

  private static final ReentrantLock LOCK = new ReentrantLock();

  /** The numeric type libtorch computes in. */
  public enum Precision {
    /** float32, PyTorch's default: what our operators are compared against. */
    FLOAT32,
    /** float64: for finite-difference checks of the reference itself. */
    FLOAT64
  }

  /** Training mode (batch statistics, running-statistic updates) or evaluation mode. */
  public enum Mode {
    /** {@code module.train()}. */
    TRAINING,
    /** {@code module.eval()}. */
    EVALUATION
  }

  /**
   * Output and gradients of one convolution.
   *
   * @param y the output {@code [N, O, H', W']}
   * @param yShape the output's shape
   * @param dx the input gradient, shaped as the input
   * @param dw the weight gradient {@code [O, C, k, k]}
   * @param db the bias gradient {@code [O]}
   */
  @SuppressWarnings("ArrayRecordComponent") // a carrier of fresh copies
  public record Conv2dResult(float[] y, int[] yShape, float[] dx, float[] dw, float[] db) {}

  /**
   * Output and input gradient of a pooling or softmax.
   *
   * @param y the output
   * @param yShape the output's shape
   * @param dx the input gradient, shaped as the input
   */
  @SuppressWarnings("ArrayRecordComponent") // a carrier of fresh copies
  public record Result(float[] y, int[] yShape, float[] dx) {}

  /**
   * Output, gradients and updated buffers of one batch-norm call.
   *
   * @param y the output, shaped as the input
   * @param dx the input gradient
   * @param dGamma the gradient of the scale γ ({@code weight})
   * @param dBeta the gradient of the shift β ({@code bias})
   * @param runningMean {@code running_mean} after the call (updated in training mode only)
   * @param runningVar {@code running_var} after the call (updated, with the unbiased batch
   *     variance, in training mode only)
   * @param numBatchesTracked {@code num_batches_tracked} after the call (+1 in training mode)
   */
  @SuppressWarnings("ArrayRecordComponent") // a carrier of fresh copies
  public record BatchNormResult(
      float[] y,
      float[] dx,
      float[] dGamma,
      float[] dBeta,
      float[] runningMean,
      float[] runningVar,
      long numBatchesTracked) {}

  private Torch() {}

  /**
   * Returns the loaded PyTorch engine, loading libtorch on first use.
   *
   * @throws ai.djl.engine.EngineException if the native library cannot be loaded (the {@code
   *     pytorch-native-cpu} jar missing from the class path, or a platform it does not serve)
   */
  public static Engine engine() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    return Engine.getEngine("PyTorch");
  }

  /**
   * {@code torch.nn.functional.conv2d(x, w, b, stride, padding)} forward, then backward of {@code
   * dy}: y[n,o,i,j] = b[o] + Σ_{c,p,q} w[o,c,p,q] · x_pad[n,c,i·s+p,j·s+q].
   *
   * @param x the input, {@code xShape} = {@code [N, C, H, W]}
   * @param w the weight {@code [O, C, k, k]} (square kernel: {@code k} is inferred from its size)
   * @param b the bias {@code [O]}
   * @param dy the output gradient, shaped as the output
   * @throws IllegalArgumentException if a length does not match the shapes
   */
  public static Conv2dResult conv2d(
      float[] x, int[] xShape, float[] w, float[] b, int stride, int padding, float[] dy) {
    checkArgument(xShape.length == 4, "conv2d: x must be [N, C, H, W], got %s", str(xShape));
    int channels = xShape[1];
    int out = b.length;
    int k = (int) Math.round(Math.sqrt((double) w.length / ((long) out * channels)));
    checkArgument(
        (long) out * channels * k * k == w.length,
        "conv2d: w has %s values, not [O=%s, C=%s, k, k] for any square k",
        w.length,
        out,
        channels);
    int[] wShape = {out, channels, k, k};
    return locked(
        m -> {
          NDArray tx = leaf(m, x, xShape, Precision.FLOAT32);
          NDArray tw = leaf(m, w, wShape, Precision.FLOAT32);
          NDArray tb = leaf(m, b, new int[] {out}, Precision.FLOAT32);
          NDArray y;
          try (GradientCollector collector = engine().newGradientCollector()) {
            y =
                Conv2d.conv2d(
                        tx,
                        tw,
                        tb,
                        new Shape(stride, stride),
                        new Shape(padding, padding),
                        new Shape(1, 1))
                    .singletonOrThrow();
            backward(collector, m, y, dy, "conv2d");
          }
          return new Conv2dResult(floats(y), shape(y), grad(tx), grad(tw), grad(tb));
        });
  }

  /**
   * {@code torch.nn.functional.max_pool2d(x, kernel, stride)} (no padding, floor mode) forward,
   * then backward of {@code dy} (each window's gradient goes to its first maximum).
   *
   * @throws IllegalArgumentException if a length does not match the shapes
   */
  public static Result maxPool2d(float[] x, int[] xShape, int kernel, int stride, float[] dy) {
    return unary(
        x,
        xShape,
        dy,
        "maxPool2d",
        t ->
            Pool.maxPool2d(t, new Shape(kernel, kernel), new Shape(stride, stride), pad0(), false));
  }

  /**
   * {@code torch.nn.functional.avg_pool2d(x, kernel, stride)} (no padding, floor mode) forward,
   * then backward of {@code dy}: y = mean of each window.
   *
   * @throws IllegalArgumentException if a length does not match the shapes
   */
  public static Result avgPool2d(float[] x, int[] xShape, int kernel, int stride, float[] dy) {
    return unary(
        x,
        xShape,
        dy,
        "avgPool2d",
        t ->
            Pool.avgPool2d(
                t, new Shape(kernel, kernel), new Shape(stride, stride), pad0(), false, true));
  }

  /**
   * {@code torch.softmax(x, axis)} forward, then backward of {@code dy}: y_i = e^{x_i} / Σ_j
   * e^{x_j} along {@code axis}.
   *
   * @throws IllegalArgumentException if a length does not match the shapes
   */
  public static Result softmax(float[] x, int[] xShape, int axis, float[] dy) {
    return unary(x, xShape, dy, "softmax", t -> t.softmax(axis));
  }

  /**
   * {@code torch.nn.BatchNorm1d/2d} (momentum 0.1, eps 1e-5, affine, tracking running statistics)
   * forward in the given mode, then backward of {@code dy}. Channels are axis 1 of {@code [N, C]},
   * {@code [N, C, L]} or {@code [N, C, H, W]}.
   *
   * <p>Training: y = γ·(x − μ_B)/√(σ²_B + ε) + β with the biased batch variance σ²_B, then {@code
   * running_mean ← 0.9·running_mean + 0.1·μ_B}, {@code running_var ← 0.9·running_var +
   * 0.1·σ²_B·n/(n−1)} and {@code num_batches_tracked + 1}. Evaluation: the running statistics
   * replace the batch ones and nothing is updated.
   *
   * @param runningMean {@code running_mean} before the call (not modified: the result has the new
   *     one)
   * @param runningVar {@code running_var} before the call (not modified)
   * @param numBatchesTracked {@code num_batches_tracked} before the call
   * @throws IllegalArgumentException if a length does not match the shapes
   */
  public static BatchNormResult batchNorm(
      float[] x,
      int[] xShape,
      float[] gamma,
      float[] beta,
      float[] runningMean,
      float[] runningVar,
      long numBatchesTracked,
      Mode mode,
      float[] dy) {
    checkArgument(xShape.length >= 2, "batchNorm: x must be [N, C, ...], got %s", str(xShape));
    int[] c = {xShape[1]};
    for (float[] a : new float[][] {gamma, beta, runningMean, runningVar}) {
      checkArgument(
          a.length == c[0],
          "batchNorm: γ, β and the running statistics need %s values (channels), got %s",
          c[0],
          a.length);
    }
    boolean training = mode == Mode.TRAINING;
    return locked(
        m -> {
          NDArray tx = leaf(m, x, xShape, Precision.FLOAT32);
          NDArray tg = leaf(m, gamma, c, Precision.FLOAT32);
          NDArray tb = leaf(m, beta, c, Precision.FLOAT32);
          NDArray mean = constant(m, runningMean, c, Precision.FLOAT32);
          NDArray var = constant(m, runningVar, c, Precision.FLOAT32);
          NDArray y;
          try (GradientCollector collector = engine().newGradientCollector()) {
            y = batchNorm(tx, mean, var, tg, tb, training);
            backward(collector, m, y, dy, "batchNorm");
          }
          return new BatchNormResult(
              floats(y),
              grad(tx),
              grad(tg),
              grad(tb),
              floats(mean),
              floats(var),
              numBatchesTracked + (training ? 1 : 0));
        });
  }

  /**
   * libtorch's {@code batch_norm} with PyTorch's momentum and eps; updates {@code mean} and {@code
   * var} in place in training mode. Arguments go straight to the native call: DJL's {@code NDArray}
   * route would pass momentum as {@code 1f − 0.9f}, not exactly 0.1.
   */
  static NDArray batchNorm(
      NDArray x, NDArray mean, NDArray var, NDArray gamma, NDArray beta, boolean training) {
    // The native order is (input, running_mean, running_var, weight, bias), whatever JniUtils'
    // parameter names say (see DJL's PtNDArrayEx.batchNorm).
    return JniUtils.batchNorm(
        (PtNDArray) x,
        (PtNDArray) mean,
        (PtNDArray) var,
        (PtNDArray) gamma,
        (PtNDArray) beta,
        training,
        BATCH_NORM_MOMENTUM,
        BATCH_NORM_EPS);
  }

  private static Result unary(
      float[] x, int[] xShape, float[] dy, String what, Function<NDArray, NDArray> op) {
    return locked(
        m -> {
          NDArray tx = leaf(m, x, xShape, Precision.FLOAT32);
          NDArray y;
          try (GradientCollector collector = engine().newGradientCollector()) {
            y = op.apply(tx);
            backward(collector, m, y, dy, what);
          }
          return new Result(floats(y), shape(y), grad(tx));
        });
  }

  /** Runs {@code body} with a fresh manager, one call at a time; the manager frees every tensor. */
  static <T> T locked(Function<NDManager, T> body) {
    Engine engine = engine();
    LOCK.lock();
    try (NDManager manager = engine.newBaseManager()) {
      return body.apply(manager);
    } finally {
      LOCK.unlock();
    }
  }

  /** Back-propagates {@code dy} from {@code y}: the gradient of Σ y ⊙ dy. */
  static void backward(
      GradientCollector collector, NDManager m, NDArray y, float[] dy, String what) {
    checkArgument(
        dy.length == y.size(),
        "%s: dy has %s values but the output %s has %s",
        what,
        dy.length,
        y.getShape(),
        y.size());
    NDArray g = m.create(dy, y.getShape()).toType(y.getDataType(), false);
    collector.backward(y.mul(g).sum());
  }

  /** A tensor of {@code data} shaped {@code shape} that records its gradient. */
  static NDArray leaf(NDManager m, float[] data, int[] shape, Precision precision) {
    NDArray a = constant(m, data, shape, precision);
    a.setRequiresGradient(true);
    return a;
  }

  /** A tensor of {@code data} shaped {@code shape}, without gradient. */
  static NDArray constant(NDManager m, float[] data, int[] shape, Precision precision) {
    long size = 1;
    long[] dims = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = shape[i];
      size *= shape[i];
    }
    checkArgument(
        size == data.length, "array of %s values cannot have shape %s", data.length, str(shape));
    if (precision == Precision.FLOAT64) {
      double[] wide = new double[data.length];
      for (int i = 0; i < data.length; i++) {
        wide[i] = data[i];
      }
      return m.create(wide, new Shape(dims));
    }
    return m.create(data, new Shape(dims));
  }

  /** The gradient libtorch accumulated in {@code leaf}, as floats. */
  static float[] grad(NDArray leaf) {
    return floats(leaf.getGradient());
  }

  /** The values of {@code a}, as floats (converted from float64 when needed). */
  static float[] floats(NDArray a) {
    return a.getDataType() == DataType.FLOAT32
        ? a.toFloatArray()
        : a.toType(DataType.FLOAT32, false).toFloatArray();
  }

  /** The shape of {@code a}, as ints. */
  static int[] shape(NDArray a) {
    return Arrays.stream(a.getShape().getShape()).mapToInt(Math::toIntExact).toArray();
  }

  private static Shape pad0() {
    return new Shape(0, 0);
  }

  private static String str(int[] shape) {
    return Arrays.toString(shape);
  }
}
