package dev.tributary.core;

/**
 * Max and average pooling over square windows (no padding, floor mode, as {@code
 * torch.nn.MaxPool2d} and {@code torch.nn.AvgPool2d}) on NCHW float32 tensors.
 *
 * <p>Shapes: x and dx {@code [B, C, H, W]}, y and dy {@code [B, C, OH, OW]} with the sizes of the
 * {@link ConvGeometry}, whose padding must be 0. Window {@code (i, j)} covers rows {@code i·s + [0,
 * k)} and columns {@code j·s + [0, k)}.
 *
 * <ul>
 *   <li>max: {@code y[b, c, i, j] = max} over the window, scanning rows then columns and keeping
 *       the first maximum (a later value replaces it only if strictly greater, or NaN, as PyTorch);
 *       {@code argmax} keeps the flat index into x of the chosen element; backward {@code
 *       dx[argmax[n]] += dy[n]};
 *   <li>average: {@code y = (1/k²)·Σ} over the window, summed in scan order; backward adds {@code
 *       dy/k²} to every element of the window.
 * </ul>
 *
 * <p>Layout: one {@code (b, c)} plane at a time, output rows in order, so each window reads {@code
 * k} short runs of a plane that stays in L1. The work is split over the threads by planes ({@link
 * Blocks}); a plane's outputs and its input gradient belong to that plane alone, and the order of
 * operations within a plane is fixed, so results are bitwise the same for any thread count.
 */
public final class PoolKernels {
  private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

  private PoolKernels() {}

  /**
   * {@code y[b, c, i, j] = max_{kh, kw} x[b, c, i·s + kh, j·s + kw]}; {@code argmax[n]} receives
   * the flat index into {@code x.data()} of the element chosen for {@code y.data()[n]} (the first
   * maximum in row-major window order).
   *
   * @throws IllegalArgumentException if the geometry has padding, a shape disagrees with the
   *     geometry or {@code argmax} is shorter than {@code y.size()}
   */
  public static void maxForward(ConvGeometry g, Tensor x, Tensor y, int[] argmax) {
    String kernel = "PoolKernels.maxForward";
    int batch = checkPair(kernel, g, x, "x", y, "y");
    ConvChecks.requireArray(kernel, argmax, "argmax", y.size(), "one index per element of y");
    JOB.get().start(Job.MAX_FORWARD, g, x.data(), y.data(), argmax, batch);
  }

  /**
   * {@code dx.data()[argmax[n]] += dy.data()[n]} for every {@code n}: the max pool's gradient, with
   * the indices of the last {@link #maxForward}.
   *
   * @throws IllegalArgumentException if the geometry has padding, a shape disagrees with the
   *     geometry or {@code argmax} is shorter than {@code dy.size()}
   */
  public static void maxBackward(ConvGeometry g, Tensor dy, int[] argmax, Tensor dx) {
    String kernel = "PoolKernels.maxBackward";
    int batch = checkPair(kernel, g, dx, "dx", dy, "dy");
    ConvChecks.requireArray(kernel, argmax, "argmax", dy.size(), "one index per element of dy");
    JOB.get().start(Job.MAX_BACKWARD, g, dy.data(), dx.data(), argmax, batch);
  }

  /**
   * {@code y[b, c, i, j] = (1/k²)·Σ_{kh, kw} x[b, c, i·s + kh, j·s + kw]}.
   *
   * @throws IllegalArgumentException if the geometry has padding or a shape disagrees with it
   */
  public static void avgForward(ConvGeometry g, Tensor x, Tensor y) {
    String kernel = "PoolKernels.avgForward";
    int batch = checkPair(kernel, g, x, "x", y, "y");
    JOB.get().start(Job.AVG_FORWARD, g, x.data(), y.data(), null, batch);
  }

  /**
   * {@code dx[b, c, i·s + kh, j·s + kw] += dy[b, c, i, j]/k²} for every window and offset.
   *
   * @throws IllegalArgumentException if the geometry has padding or a shape disagrees with it
   */
  public static void avgBackward(ConvGeometry g, Tensor dy, Tensor dx) {
    String kernel = "PoolKernels.avgBackward";
    int batch = checkPair(kernel, g, dx, "dx", dy, "dy");
    JOB.get().start(Job.AVG_BACKWARD, g, dy.data(), dx.data(), null, batch);
  }

  private static int checkPair(
      String kernel, ConvGeometry g, Tensor in, String inName, Tensor out, String outName) {
    ConvChecks.requireGeometry(kernel, g);
    if (g.padding() != 0) {
      throw new IllegalArgumentException(
          kernel
              + ": pooling has no padding, but the geometry has padding "
              + g.padding()
              + "; pass padding 0");
    }
    int batch = ConvChecks.batchOf(kernel, in, inName);
    ConvChecks.require4(
        kernel,
        in,
        inName,
        batch,
        g.channels(),
        g.height(),
        g.width(),
        "[batch, geometry channels, height, width]");
    ConvChecks.require4(
        kernel,
        out,
        outName,
        batch,
        g.channels(),
        g.outHeight(),
        g.outWidth(),
        "[batch of the input, channels, outHeight, outWidth]");
    return batch;
  }

  /** One pooling pass over planes {@code [from, to)} ({@code plane = b·C + c}). */
  private static final class Job extends Blocks {
    static final int MAX_FORWARD = 0;
    static final int MAX_BACKWARD = 1;
    static final int AVG_FORWARD = 2;
    static final int AVG_BACKWARD = 3;

    private int step;
    private ConvGeometry g;
    private float[] a;
    private float[] b;
    private int[] index;

    void start(
        int which, ConvGeometry geometry, float[] first, float[] second, int[] argmax, int batch) {
      step = which;
      g = geometry;
      a = first;
      b = second;
      index = argmax;
      int planes = batch * geometry.channels();
      run(planes, (long) planes * geometry.height() * geometry.width());
    }

    @Override
    void range(int from, int to) {
      switch (step) {
        case MAX_FORWARD -> PoolLoops.maxForward(g, a, b, index, from, to);
        case MAX_BACKWARD -> PoolLoops.maxBackward(g, a, index, b, from, to);
        case AVG_FORWARD -> PoolLoops.avgForward(g, a, b, from, to);
        default -> PoolLoops.avgBackward(g, a, b, from, to);
      }
    }

    @Override
    void clear() {
      g = null;
      a = null;
      b = null;
      index = null;
    }
  }
}
