package dev.tributary.examples.bench;

import dev.tributary.core.Conv2dKernels;
import dev.tributary.core.ConvGeometry;
import dev.tributary.core.Kernels;
import dev.tributary.core.MatMul;
import dev.tributary.core.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Convolution kernel speed: forward, weight-gradient and input-gradient passes of two layers, in
 * GFLOP/s, next to the dense matrix product of the same size as the layer's forward product.
 *
 * <p>Layers: the larger LeNet-5 convolution (6→16 channels, 5×5, on {@code [64, 6, 12, 12]}), the
 * second convolution of the digit-pairs experiment's trunks (16→32, 3×3, on {@code [100, 16, 6,
 * 6]}) and the bench network's (32→64 channels, 3×3, on {@code [100, 32, 6, 6]}). The system
 * property {@code tributary.conv.path} forces a convolution path for the run. Each pass counts
 * {@code 2·B·O·OH·OW·C·k²} floating-point operations (the bias and data movement are not counted);
 * "fwd+bwd" is three passes over the summed median times. Every figure is the median of repeated
 * timed batches after a warm-up (see {@code Timing}). Run by hand:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp examples/target/classes:core/target/classes \
 *     dev.tributary.examples.bench.ConvKernelBench [repetitions] [threads]
 * </pre>
 */
public final class ConvKernelBench {
  private static final long WARMUP_NANOS = 2_000_000_000L;

  /** One convolution layer to time. */
  record Layer(String name, int batch, ConvGeometry geometry, int outChannels) {
    double flopsPerPass() {
      return 2.0 * batch * outChannels * geometry.outPlane() * geometry.patchSize();
    }
  }

  static final List<Layer> LAYERS =
      List.of(
          new Layer(
              "LeNet-5 conv2 6→16 5×5 [64,6,12,12]", 64, new ConvGeometry(6, 12, 12, 5, 1, 0), 16),
          new Layer(
              "digit-pairs models 16→32 3×3 [100,16,6,6]",
              100,
              new ConvGeometry(16, 6, 6, 3, 1, 0),
              32),
          new Layer(
              "digit-pair trunk 32→64 3×3 [100,32,6,6]",
              100,
              new ConvGeometry(32, 6, 6, 3, 1, 0),
              64));

  private ConvKernelBench() {}

  /**
   * Runs the benchmark from the command line.
   *
   * @param args optional repetitions (default 15) and thread count (default {@link
   *     Kernels#threads()})
   */
  public static void main(String[] args) {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : Kernels.threads();
    System.out.print(run(repetitions, threads));
  }

  /**
   * Times every layer's three passes and the matching dense product and returns the table.
   *
   * @param repetitions timed batches per figure (the median is reported), at least 1
   * @param threads threads the kernels may use, at least 1
   * @throws IllegalArgumentException if {@code repetitions} or {@code threads} is below 1
   */
  public static String run(int repetitions, int threads) {
    if (repetitions < 1) {
      throw new IllegalArgumentException(
          "ConvKernelBench: repetitions must be at least 1, got " + repetitions);
    }
    int saved = Kernels.threads();
    Kernels.setThreads(threads);
    try {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "Convolution kernels (%s, %d thread%s, median of %d, %s=%s)%n",
              Kernels.description(),
              threads,
              threads == 1 ? "" : "s",
              repetitions,
              Conv2dKernels.PATH_PROPERTY,
              System.getProperty(Conv2dKernels.PATH_PROPERTY, "auto")));
      out.append(
          String.format(
              Locale.ROOT,
              "%-42s %10s %10s %10s %10s %10s %12s%n",
              "layer",
              "MFLOP/pass",
              "fwd GF/s",
              "dW GF/s",
              "dx GF/s",
              "3-pass GF/s",
              "GEMM GF/s"));
      for (Layer layer : LAYERS) {
        out.append(row(layer, repetitions));
      }
      return out.toString();
    } finally {
      Kernels.setThreads(saved);
    }
  }

  private static String row(Layer layer, int repetitions) {
    ConvGeometry g = layer.geometry();
    int b = layer.batch();
    int o = layer.outChannels();
    SplittableRandom rng = new SplittableRandom(1);
    Tensor x = random(rng, b, g.channels(), g.height(), g.width());
    Tensor w = random(rng, o, g.channels(), g.kernel(), g.kernel());
    Tensor bias = random(rng, o);
    Tensor y = Tensor.zeros(b, o, g.outHeight(), g.outWidth());
    Tensor dy = random(rng, b, o, g.outHeight(), g.outWidth());
    Tensor dw = Tensor.zeros(w.shape());
    Tensor db = Tensor.zeros(o);
    Tensor dx = Tensor.zeros(x.shape());
    float[] scratch = new float[Conv2dKernels.scratchSize(g, o, b)];
    double flops = layer.flopsPerPass();
    int calls = Timing.callsPerBatch(flops);
    Conv2dKernels.forward(g, x, w, bias, y, scratch);
    double fwd =
        Timing.medianSeconds(
            () -> Conv2dKernels.forward(g, x, w, bias, y, scratch),
            calls,
            repetitions,
            WARMUP_NANOS);
    double dW =
        Timing.medianSeconds(
            () -> Conv2dKernels.backwardParams(g, x, dy, dw, db, scratch),
            calls,
            repetitions,
            WARMUP_NANOS);
    double dX =
        Timing.medianSeconds(
            () -> Conv2dKernels.backwardInput(g, dy, w, dx, scratch),
            calls,
            repetitions,
            WARMUP_NANOS);
    // The dense product of the forward pass's size: [O, C·k²]·[B·OH·OW, C·k²]ᵀ.
    Tensor wm = random(rng, o, g.patchSize());
    Tensor cols = random(rng, b * g.outPlane(), g.patchSize());
    Tensor z = Tensor.zeros(o, b * g.outPlane());
    double gemm =
        Timing.medianSeconds(() -> MatMul.abt(wm, cols, z), calls, repetitions, WARMUP_NANOS);
    return String.format(
        Locale.ROOT,
        "%-42s %10.1f %10.2f %10.2f %10.2f %10.2f %12.2f%n",
        layer.name(),
        flops / 1e6,
        flops / fwd / 1e9,
        flops / dW / 1e9,
        flops / dX / 1e9,
        3 * flops / (fwd + dW + dX) / 1e9,
        flops / gemm / 1e9);
  }

  private static Tensor random(SplittableRandom rng, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return t;
  }
}
