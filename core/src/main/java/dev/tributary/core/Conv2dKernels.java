package dev.tributary.core;

/**
 * Two-dimensional convolution (cross-correlation, as {@code torch.nn.Conv2d}) with a square kernel,
 * stride and zero padding, on NCHW float32 tensors: the forward pass and both backward passes.
 *
 * <p>Shapes: x {@code [B, C, H, W]}, weight {@code [O, C, k, k]}, bias {@code [O]}, y and dy {@code
 * [B, O, OH, OW]}, with {@code C, H, W, k}, stride and padding from the {@link ConvGeometry}.
 *
 * <p>Three paths, chosen per geometry:
 *
 * <ul>
 *   <li><b>direct</b> (stride 1, patches of at most 256 taps, planes large enough for its grid:
 *       LeNet-5's layers, the digit-pair trunk's first): the forward pass and the weight gradient
 *       straight from a zero-padded copy of the input on a "wide grid", register tiles over shifted
 *       runs of the input, no im2col matrix ({@link DirectConv}); with the Vector API and at least
 *       16 output channels the weight gradient takes the implicit path's kernel, from the same
 *       copy. Measured single-threaded against im2col on the same shapes: LeNet-5's first layer
 *       3.6× (forward) and 3.7× (weight gradient) faster, its second 2.0× and 1.1× (one thread, CPU
 *       time, on a loaded host);
 *   <li><b>implicit</b> (every other geometry, with the Vector API: large patches such as the
 *       digit-pair trunk's 32→64 layer, strides above 1): the im2col path's two products with the
 *       im2col matrix read where it lies, in the padded copy of the input ({@link ImplicitConv}),
 *       giving the im2col path's bits;
 *   <li><b>im2col</b> (every other geometry without the Vector API): im2col plus one matrix product
 *       per pass on our {@link Gemm}, below.
 * </ul>
 *
 * The input gradient always takes the im2col path's product and col2im. With {@code P = OH·OW} and
 * {@code K = C·k²}:
 *
 * <ul>
 *   <li>forward: {@code cols[B·P, K] = im2col(x)}, {@code Y'[B·P, O] = cols·Wᵀ} (W is {@code [O,
 *       K]} as stored), {@code y[b, o, q] = Y'[b·P + q, o] + bias[o]} (one sample's {@code [P, O]}
 *       block transposed at a time, in L1);
 *   <li>{@link #backwardParams}: {@code dZ[O, B·P]} = dy permuted (copies of {@code P}-float runs),
 *       {@code dW += dZ·cols}, {@code dBias[o] += Σ dZ[o, :]} (in double);
 *   <li>{@link #backwardInput}: {@code dcols[B·P, K] = dZᵀ·W}, {@code dx += col2im(dcols)}.
 * </ul>
 *
 * Why these shapes: the whole batch goes into one product, so even a small layer's product is large
 * enough for {@link KernelPool} to split over the cores; the forward product with the long side
 * first ({@code [B·P, O]}) ran faster than {@code W·colsᵀ} ({@code [O, B·P]}) for both layers we
 * measure. At 32→64 channels on 6×6 inputs (288 taps) building the im2col matrix is about a third
 * of the forward pass: the implicit path skips it.
 *
 * <p>Scratch: the caller's {@code scratch} array (one per graph node, {@link #scratchSize} floats)
 * holds {@code cols} (im2col path) or the padded input (direct and implicit paths). {@link
 * #forward} writes it and {@link #backwardParams} reads it, so nothing may write that array between
 * a node's forward and its backward of the same step. {@link #backwardInput} does not read or write
 * it, so the two backward passes may run in either order. The transient products ({@code Y'},
 * {@code dZ}, {@code dcols}) live in a per-thread workspace that grows to the largest layer and is
 * then reused: after the first step of a given size, no call allocates.
 *
 * <p>Threads: im2col, col2im and the permutations are split per sample ({@link Blocks}); every
 * output element is computed by the same sequence of operations whatever the thread count (the
 * products' blocks, the per-sample data movement, the bias sums on one thread), so results are
 * bitwise the same with 1 or N threads.
 */
public final class Conv2dKernels {
  private static final ThreadLocal<Temp> TEMP = ThreadLocal.withInitial(Temp::new);
  private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

  private Conv2dKernels() {}

  /**
   * Returns the floats of per-node scratch the passes need at this batch size: on the im2col path
   * {@code B·OH·OW·C·k²} (the im2col matrix), on the direct path the padded input with its grid
   * rounding ({@link DirectConv#scratchSize}).
   *
   * @throws IllegalArgumentException if {@code g} is null, {@code outChannels} or {@code batch} is
   *     less than 1, or the size does not fit in an array
   */
  public static int scratchSize(ConvGeometry g, int outChannels, int batch) {
    ConvChecks.requireGeometry("Conv2dKernels.scratchSize", g);
    if (outChannels < 1 || batch < 1) {
      throw new IllegalArgumentException(
          "Conv2dKernels.scratchSize: outChannels and batch must be at least 1, got "
              + outChannels
              + " and "
              + batch);
    }
    long size =
        route(g, outChannels) == Path.IM2COL
            ? (long) batch * g.outPlane() * g.patchSize()
            : DirectConv.scratchSize(g, batch);
    long product = (long) batch * g.outPlane() * outChannels;
    if (size > Integer.MAX_VALUE - 8 || product > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "Conv2dKernels.scratchSize: batch "
              + batch
              + " of "
              + g
              + " needs "
              + size
              + " floats of im2col scratch, more than an array holds; use a smaller batch");
    }
    return (int) size;
  }

  /**
   * {@code y[b, o, i, j] = bias[o] + Σ_{c, kh, kw} w[o, c, kh, kw]·x[b, c, i·s − p + kh, j·s − p +
   * kw]} (zero outside x). {@code y} is overwritten; {@code scratch} receives the im2col matrix
   * that {@link #backwardParams} reads.
   *
   * @param bias {@code [O]}, or null for a convolution without bias
   * @throws IllegalArgumentException if a shape disagrees with {@code g} or with the others, or
   *     {@code scratch} is shorter than {@link #scratchSize}
   */
  public static void forward(
      ConvGeometry g, Tensor x, Tensor weight, Tensor bias, Tensor y, float[] scratch) {
    String kernel = "Conv2dKernels.forward";
    int outChannels = checkWeight(kernel, g, weight, "weight");
    int batch = checkInput(kernel, g, x, "x");
    if (bias != null) {
      ConvChecks.require1(kernel, bias, "bias", outChannels, "weight.dim(0) output channels");
    }
    checkOutput(kernel, g, y, "y", batch, outChannels);
    ConvChecks.requireArray(
        kernel, scratch, "scratch", scratchSize(g, outChannels, batch), "scratchSize(g, O, B)");
    Job job = JOB.get();
    Path route = route(g, outChannels);
    if (route == Path.DIRECT) {
      job.pad(g, x.data(), scratch, batch);
      int[] off = TEMP.get().offsets(g);
      job.directForward(
          g,
          scratch,
          off,
          weight.data(),
          bias == null ? null : bias.data(),
          y.data(),
          outChannels,
          batch);
      return;
    }
    int p = g.outPlane();
    int bp = batch * p;
    Temp temp = TEMP.get();
    float[] z = temp.z(outChannels * bp);
    if (route == Path.IMPLICIT) {
      job.pad(g, x.data(), scratch, batch);
      float[] wt = temp.weights(outChannels * g.patchSize());
      ImplicitConv.transpose(weight.data(), outChannels, g.patchSize(), wt);
      job.implicitForward(
          g, scratch, temp.bases(g, batch), temp.offsets(g), wt, z, outChannels, batch);
    } else {
      job.im2col(g, x.data(), scratch, batch);
      Gemm.multiply(Layout.ABT, bp, outChannels, g.patchSize(), scratch, weight.data(), z, false);
    }
    job.toNchw(z, bias == null ? null : bias.data(), y.data(), outChannels, batch, p);
  }

  /**
   * Accumulates the parameter gradients: {@code dWeight[o, c, kh, kw] += Σ_{b, i, j} dy[b, o, i,
   * j]·x[b, c, i·s − p + kh, j·s − p + kw]} and {@code dBias[o] += Σ_{b, i, j} dy[b, o, i, j]}.
   * Reads the im2col matrix that {@link #forward} left in {@code scratch} (so {@code x} must be the
   * forward's input; it is used for its shape only).
   *
   * @param dBias {@code [O]}, or null for a convolution without bias
   * @throws IllegalArgumentException if a shape disagrees with {@code g} or with the others, or
   *     {@code scratch} is shorter than {@link #scratchSize}
   */
  public static void backwardParams(
      ConvGeometry g, Tensor x, Tensor dy, Tensor dWeight, Tensor dBias, float[] scratch) {
    String kernel = "Conv2dKernels.backwardParams";
    int outChannels = checkWeight(kernel, g, dWeight, "dWeight");
    int batch = checkInput(kernel, g, x, "x");
    if (dBias != null) {
      ConvChecks.require1(kernel, dBias, "dBias", outChannels, "dWeight.dim(0) output channels");
    }
    checkOutput(kernel, g, dy, "dy", batch, outChannels);
    ConvChecks.requireArray(
        kernel, scratch, "scratch", scratchSize(g, outChannels, batch), "scratchSize(g, O, B)");
    int p = g.outPlane();
    Path route = route(g, outChannels);
    if (route == Path.DIRECT && !implicitWeightGradient(outChannels)) {
      Temp temp = TEMP.get();
      float[] dyw = temp.z(batch * outChannels * DirectConv.gridSize(g));
      Job job = JOB.get();
      job.widen(g, dy.data(), dyw, outChannels, batch);
      job.weightGradient(g, scratch, temp.offsets(g), dyw, dWeight.data(), outChannels, batch);
      if (dBias != null) {
        biasGradient(dy.data(), dBias.data(), outChannels, batch, p);
      }
      return;
    }
    int bp = batch * p;
    Temp temp = TEMP.get();
    float[] dz = temp.z(outChannels * bp);
    Job job = JOB.get();
    if (route != Path.IM2COL) { // the padded copy is in scratch: the implicit weight gradient
      int patch = g.patchSize();
      float[] dwt = temp.weights(outChannels * patch);
      ImplicitConv.transpose(dWeight.data(), outChannels, patch, dwt);
      job.toRows(dy.data(), dz, outChannels, batch, p);
      job.implicitWeightGradient(
          g, scratch, temp.bases(g, batch), bp, temp.offsets(g), dz, dwt, outChannels);
      ImplicitConv.transpose(dwt, patch, outChannels, dWeight.data());
    } else {
      job.fromNchw(dy.data(), dz, outChannels, batch, p);
      Gemm.multiply(Layout.AB, outChannels, g.patchSize(), bp, dz, scratch, dWeight.data(), true);
    }
    if (dBias != null) {
      biasGradient(dy.data(), dBias.data(), outChannels, batch, p); // dZ's rows, read from dy
    }
  }

  /**
   * Accumulates the input gradient: {@code dx[b, c, ih, iw] += Σ w[o, c, kh, kw]·dy[b, o, i, j]}
   * over every {@code (o, i, j, kh, kw)} with {@code i·s − p + kh = ih} and {@code j·s − p + kw =
   * iw}. Does not touch the node's scratch, so it may run before or after {@link #backwardParams}.
   *
   * @param scratch the node's scratch; unused (kept for symmetry with the other passes), may be
   *     null
   * @throws IllegalArgumentException if a shape disagrees with {@code g} or with the others
   */
  public static void backwardInput(
      ConvGeometry g, Tensor dy, Tensor weight, Tensor dx, float[] scratch) {
    String kernel = "Conv2dKernels.backwardInput";
    int outChannels = checkWeight(kernel, g, weight, "weight");
    int batch = checkInput(kernel, g, dx, "dx");
    checkOutput(kernel, g, dy, "dy", batch, outChannels);
    int p = g.outPlane();
    int bp = batch * p;
    int patch = g.patchSize();
    Temp temp = TEMP.get();
    float[] dz = temp.z(outChannels * bp);
    float[] dcols = temp.cols(bp * patch);
    Job job = JOB.get();
    job.fromNchw(dy.data(), dz, outChannels, batch, p);
    Gemm.multiply(Layout.ATB, bp, patch, outChannels, dz, weight.data(), dcols, false);
    job.col2im(g, dcols, dx.data(), batch);
  }

  /**
   * The system property that forces a path for a run ({@code auto}, {@code direct}, {@code
   * implicit} or {@code im2col}; default {@code auto}), e.g. to time the paths against each other
   * with {@code TRIBUTARY_JAVA_OPTS=-Dtributary.conv.path=im2col ./tributary bench --conv}.
   */
  public static final String PATH_PROPERTY = "tributary.conv.path";

  /** Which path computes the forward pass and the weight gradient; see {@link #path(Path)}. */
  enum Path {
    /**
     * {@link DirectConv} where it applies (stride 1, small patches), else {@link ImplicitConv} with
     * the Vector API and im2col without it.
     */
    AUTO,
    /** {@link DirectConv} for every stride-1 convolution, im2col for the others. */
    DIRECT,
    /** {@link ImplicitConv} for every convolution (im2col without the Vector API). */
    IMPLICIT,
    /** im2col and a matrix product for every convolution. */
    IM2COL;

    /**
     * The path a {@value #PATH_PROPERTY} value names, in any case.
     *
     * @throws IllegalArgumentException if {@code value} names none
     */
    static Path parse(String value) {
      for (Path p : values()) {
        if (p.name().equalsIgnoreCase(value.trim())) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          PATH_PROPERTY + " must be one of auto, direct, implicit, im2col; got '" + value + "'");
    }
  }

  private static volatile Path path = Path.parse(System.getProperty(PATH_PROPERTY, "auto"));

  /**
   * Forces a path (tests compare them on the same shapes); returns the previous one. The scratch
   * size depends on the path: set it before sizing the scratch.
   */
  static Path path(Path p) {
    Path old = path;
    path = p;
    return old;
  }

  /**
   * The path of this layer's forward pass and scratch: {@code DIRECT} or {@code IMPLICIT} (both
   * keep the padded input in scratch) or {@code IM2COL}. Automatically, with the Vector API: the
   * direct path where it applies and its wide grid wastes at most half again the output positions
   * (or the layer has fewer output channels than an implicit tile's panel), the implicit path
   * elsewhere: on small planes (the digit-pair trunks' 16→32 layer on 6×6 inputs, a grid of 32 for
   * 16 positions) the wide grid's waste outweighs its savings, while a layer with fewer output
   * channels than a panel (LeNet-5's first, 6) leaves the implicit tiles' vectors mostly empty.
   * {@code ./tributary bench --conv} with {@value #PATH_PROPERTY} set times the paths per layer
   * ({@code docs/performance.md}).
   */
  private static Path route(ConvGeometry g, int outChannels) {
    boolean vector = Kernels.vectorized();
    return switch (path) {
      case AUTO -> {
        if (!vector) {
          yield DirectConv.applies(g) ? Path.DIRECT : Path.IM2COL;
        }
        boolean narrowGrid = 2 * DirectConv.gridSize(g) <= 3 * g.outPlane();
        yield DirectConv.applies(g) && (narrowGrid || outChannels < ImplicitConvVector.PANEL)
            ? Path.DIRECT
            : Path.IMPLICIT;
      }
      case DIRECT -> g.stride() == 1 ? Path.DIRECT : Path.IM2COL;
      case IMPLICIT -> vector ? Path.IMPLICIT : Path.IM2COL;
      case IM2COL -> Path.IM2COL;
    };
  }

  /**
   * Whether a layer on the direct path takes the implicit weight gradient (both read the padded
   * copy): automatically with the Vector API and at least a panel of output channels, where its
   * five-tap tiles over the product rows beat the direct path's grid tiles on every layer we time.
   */
  private static boolean implicitWeightGradient(int outChannels) {
    return path == Path.AUTO && Kernels.vectorized() && outChannels >= ImplicitConvVector.PANEL;
  }

  /**
   * {@code dBias[o] += Σ_{b, q} dy[b, o, q]}, in double, every path alike. Four partial sums (the
   * positions {@code q mod 4} of every sample, in sample order) are added as {@code (s0 + s1) + (s2
   * + s3)}: one running sum would wait on each add's latency, four keep the adder busy.
   */
  private static void biasGradient(float[] dy, float[] db, int outChannels, int batch, int p) {
    int whole = p & ~3;
    for (int o = 0; o < outChannels; o++) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int b = 0; b < batch; b++) {
        int base = (b * outChannels + o) * p;
        int i = 0;
        for (; i < whole; i += 4) {
          s0 += dy[base + i];
          s1 += dy[base + i + 1];
          s2 += dy[base + i + 2];
          s3 += dy[base + i + 3];
        }
        for (; i < p; i++) {
          s0 += dy[base + i];
        }
      }
      db[o] += (float) ((s0 + s1) + (s2 + s3));
    }
  }

  private static int checkWeight(String kernel, ConvGeometry g, Tensor w, String name) {
    ConvChecks.requireGeometry(kernel, g);
    ConvChecks.requireNonNull(kernel, w, name);
    if (w.rank() != 4 || w.dim(0) < 1) {
      throw new IllegalArgumentException(
          kernel
              + ": "
              + name
              + " must be [out, in, k, k] (rank 4, out ≥ 1), got shape "
              + java.util.Arrays.toString(w.shape()));
    }
    int out = w.dim(0);
    ConvChecks.require4(
        kernel,
        w,
        name,
        out,
        g.channels(),
        g.kernel(),
        g.kernel(),
        "[out, geometry channels, kernel, kernel]");
    return out;
  }

  private static int checkInput(String kernel, ConvGeometry g, Tensor x, String name) {
    int batch = ConvChecks.batchOf(kernel, x, name);
    ConvChecks.require4(
        kernel,
        x,
        name,
        batch,
        g.channels(),
        g.height(),
        g.width(),
        "[batch, geometry channels, height, width]");
    if (batch < 1) {
      throw new IllegalArgumentException(kernel + ": " + name + " has an empty batch");
    }
    return batch;
  }

  private static void checkOutput(
      String kernel, ConvGeometry g, Tensor y, String name, int batch, int outChannels) {
    ConvChecks.require4(
        kernel,
        y,
        name,
        batch,
        outChannels,
        g.outHeight(),
        g.outWidth(),
        "[batch of x, weight's out channels, outHeight, outWidth]");
  }

  /**
   * The per-thread transient buffers: the product {@code Z} (or {@code dZ}, or the direct path's
   * widened {@code dy}), {@code dcols} (or the direct path's output grid) and the direct path's tap
   * offsets.
   */
  private static final class Temp {
    private float[] z = new float[0];
    private float[] cols = new float[0];
    private float[] weights = new float[0];
    private int[] offsets = new int[0];
    private int[] bases = new int[0];

    int[] bases(ConvGeometry g, int batch) {
      int rows = batch * g.outPlane();
      if (bases.length < rows) {
        bases = new int[rows];
      }
      ImplicitConv.rowBases(g, batch, DirectConv.paddedSample(g), bases);
      return bases;
    }

    float[] weights(int size) {
      if (weights.length < size) {
        weights = new float[size];
      }
      return weights;
    }

    int[] offsets(ConvGeometry g) {
      if (offsets.length < g.patchSize()) {
        offsets = new int[g.patchSize()];
      }
      DirectConv.offsets(g, offsets);
      return offsets;
    }

    float[] z(int size) {
      if (z.length < size) {
        z = new float[size];
      }
      return z;
    }

    float[] cols(int size) {
      if (cols.length < size) {
        cols = new float[size];
      }
      return cols;
    }
  }

  /** The per-sample data movement of one call, split over the threads by {@link Blocks}. */
  private static final class Job extends Blocks {
    private int step;
    private ConvGeometry g;
    private float[] a;
    private float[] b;
    private float[] c;
    private int outChannels;
    private int batch;
    private int plane;

    private int[] off;
    private float[] d;

    private static final int IM2COL = 0;
    private static final int COL2IM = 1;
    private static final int TO_NCHW = 2;
    private static final int FROM_NCHW = 3;
    private static final int PAD = 4;
    private static final int DIRECT_FORWARD = 5;
    private static final int WIDEN = 6;
    private static final int WEIGHT_GRADIENT = 7;
    private static final int IMPLICIT_FORWARD = 8;
    private static final int IMPLICIT_WEIGHT_GRADIENT = 9;
    private static final int TO_ROWS = 10;

    private int[] rowBase;
    private int rows;

    void implicitForward(
        ConvGeometry geometry,
        float[] xp,
        int[] bases,
        int[] offsets,
        float[] wt,
        float[] z,
        int out,
        int n) {
      step = IMPLICIT_FORWARD;
      g = geometry;
      a = xp;
      rowBase = bases;
      off = offsets;
      d = wt;
      b = z;
      outChannels = out;
      run(n, (long) n * out * geometry.outPlane() * geometry.patchSize());
    }

    void implicitWeightGradient(
        ConvGeometry geometry,
        float[] xp,
        int[] bases,
        int productRows,
        int[] offsets,
        float[] dz,
        float[] dwt,
        int out) {
      step = IMPLICIT_WEIGHT_GRADIENT;
      g = geometry;
      a = xp;
      rowBase = bases;
      rows = productRows;
      off = offsets;
      d = dz;
      b = dwt;
      outChannels = out;
      run(
          ImplicitConv.gradientTiles(geometry, out),
          (long) productRows * out * geometry.patchSize());
    }

    void toRows(float[] dy, float[] z, int out, int n, int p) {
      step = TO_ROWS;
      a = dy;
      b = z;
      outChannels = out;
      plane = p;
      run(n, (long) n * out * p);
    }

    void pad(ConvGeometry geometry, float[] x, float[] xp, int n) {
      step = PAD;
      g = geometry;
      a = x;
      b = xp;
      run(n, (long) n * geometry.channels() * DirectConv.paddedPlane(geometry));
    }

    void directForward(
        ConvGeometry geometry,
        float[] xp,
        int[] offsets,
        float[] w,
        float[] bias,
        float[] y,
        int out,
        int n) {
      step = DIRECT_FORWARD;
      g = geometry;
      a = xp;
      off = offsets;
      d = w;
      c = bias;
      b = y;
      outChannels = out;
      batch = n;
      run(n, (long) n * out * DirectConv.gridSize(geometry) * geometry.patchSize());
    }

    void widen(ConvGeometry geometry, float[] dy, float[] dyw, int out, int n) {
      step = WIDEN;
      g = geometry;
      a = dy;
      b = dyw;
      outChannels = out;
      run(n, (long) n * out * DirectConv.gridSize(geometry));
    }

    void weightGradient(
        ConvGeometry geometry, float[] xp, int[] offsets, float[] dyw, float[] dw, int out, int n) {
      step = WEIGHT_GRADIENT;
      g = geometry;
      a = xp;
      off = offsets;
      d = dyw;
      b = dw;
      outChannels = out;
      batch = n;
      run(
          DirectConv.gradientTiles(geometry, out),
          (long) n * out * DirectConv.gridSize(geometry) * geometry.patchSize());
    }

    void im2col(ConvGeometry geometry, float[] x, float[] cols, int n) {
      step = IM2COL;
      off = TEMP.get().offsets(geometry);
      g = geometry;
      a = x;
      b = cols;
      run(n, (long) n * geometry.outPlane() * geometry.patchSize());
    }

    void col2im(ConvGeometry geometry, float[] dcols, float[] dx, int n) {
      step = COL2IM;
      off = TEMP.get().offsets(geometry);
      g = geometry;
      a = dcols;
      b = dx;
      run(n, (long) n * geometry.outPlane() * geometry.patchSize());
    }

    void toNchw(float[] z, float[] bias, float[] y, int out, int n, int p) {
      step = TO_NCHW;
      a = z;
      c = bias;
      b = y;
      outChannels = out;
      batch = n;
      plane = p;
      run(n, (long) n * out * p);
    }

    void fromNchw(float[] dy, float[] z, int out, int n, int p) {
      step = FROM_NCHW;
      a = dy;
      b = z;
      outChannels = out;
      batch = n;
      plane = p;
      run(n, (long) n * out * p);
    }

    @Override
    void range(int from, int to) {
      switch (step) {
        case IM2COL -> Im2col.im2col(g, a, b, off, from, to);
        case COL2IM -> Im2col.col2im(g, a, b, off, from, to);
        case TO_NCHW -> Im2col.toNchw(a, c, b, outChannels, plane, from, to);
        case FROM_NCHW -> Im2col.fromNchw(a, b, outChannels, batch, plane, from, to);
        case PAD -> DirectConv.pad(g, a, b, from, to);
        case DIRECT_FORWARD ->
            DirectConv.forward(
                g,
                a,
                off,
                d,
                c,
                outChannels,
                TEMP.get().cols(outChannels * DirectConv.gridSize(g)),
                b,
                from,
                to,
                Kernels.vectorized());
        case WIDEN -> DirectConv.widen(g, a, outChannels, b, from, to);
        case IMPLICIT_FORWARD ->
            ImplicitConv.forward(g, a, rowBase, off, d, outChannels, b, from, to);
        case IMPLICIT_WEIGHT_GRADIENT ->
            ImplicitConv.weightGradient(g, a, rowBase, rows, off, d, outChannels, b, from, to);
        case TO_ROWS -> Im2col.toRows(a, b, outChannels, plane, from, to);
        default ->
            DirectConv.weightGradient(
                g, a, off, d, outChannels, batch, b, from, to, Kernels.vectorized());
      }
    }

    @Override
    void clear() {
      g = null;
      a = null;
      b = null;
      c = null;
      d = null;
      off = null;
      rowBase = null;
    }
  }
}
