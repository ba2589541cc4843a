package dev.tributary.core;

/**
 * The implicit-product path of {@link Conv2dKernels}: the forward pass and the weight gradient as
 * the im2col path's two matrix products, with the im2col matrix never built. Its element {@code
 * cols[r, t]} is read where it lies, in the zero-padded input:
 *
 * <pre>
 *   cols[r, t] = xp[base(r) + off(t)]
 *   base(r)    = b·S + i·s·Wp + j·s           (row r = b·P + i·OW + j, S the padded sample)
 *   off(t)     = c·Hp·Wp + kh·Wp + kw          (tap t = (c·k + kh)·k + kw, {@link DirectConv#offsets})
 *
 *   Z[r, o]   = Σ_t cols[r, t]·Wᵀ[t, o]              (forward, then Z → NCHW as on the im2col path)
 *   dW[o, t] += Σ_r dZ[r, o]·cols[r, t]              (weight gradient, dZ = dy as [B·P, O] rows)
 * </pre>
 *
 * Register tiles hold five rows (forward) or five taps (weight gradient) by two vectors of output
 * channels; every product element is one chain of fused multiply-adds in the order of the im2col
 * path's product (taps in order from zero forward; rows in order from the old gradient backward),
 * so the two paths give the same bits. What it saves at 32→64 channels on 6×6 inputs (the
 * digit-pair trunk's second layer): writing and re-reading the 288-float rows of {@code cols} and
 * the product's packing of them.
 *
 * <p>Used with the Vector API only (without it the im2col path's scalar product computes the same
 * values). Work is split over samples (forward) and output tiles (weight gradient), each element
 * computed by one thread, so results are bitwise the same for any thread count.
 */
final class ImplicitConv {
  /** Product rows (forward) or taps (weight gradient) per register tile. */
  static final int ROWS = 5;

  private ImplicitConv() {}

  /**
   * {@code base[r]} for every row {@code r} of a batch of {@code batch} samples {@code sample}
   * floats apart ({@link DirectConv#paddedSample} in the padded copy).
   */
  static void rowBases(ConvGeometry g, int batch, int sample, int[] base) {
    int oh = g.outHeight();
    int ow = g.outWidth();
    int s = g.stride();
    int wp = g.width() + 2 * g.padding();
    int r = 0;
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          base[r++] = b * sample + i * s * wp + j * s;
        }
      }
    }
  }

  /** {@code wt[t, o] = w[o, t]}: the weights as the product's right-hand side. */
  static void transpose(float[] w, int rows, int cols, float[] wt) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        wt[c * rows + r] = w[r * cols + c];
      }
    }
  }

  /**
   * {@code z[r, o] = Σ_t xp[base[r] + off[t]]·wt[t, o]} for the rows of samples {@code [b0, b1)}.
   */
  static void forward(
      ConvGeometry g,
      float[] xp,
      int[] base,
      int[] off,
      float[] wt,
      int outChannels,
      float[] z,
      int b0,
      int b1) {
    int p = g.outPlane();
    ImplicitConvVector.forward(xp, base, off, g.patchSize(), wt, outChannels, z, b0 * p, b1 * p);
  }

  /** The number of weight-gradient tiles: tap tiles times output-channel panels. */
  static int gradientTiles(ConvGeometry g, int outChannels) {
    return DirectConv.ceil(g.patchSize(), ROWS) * ImplicitConvVector.panels(outChannels);
  }

  /**
   * {@code dwt[t, o] += Σ_r xp[base[r] + off[t]]·dz[r, o]} over every row in order, for the output
   * tiles {@code [t0, t1)} (tile = panel · tap tiles + tap tile).
   */
  static void weightGradient(
      ConvGeometry g,
      float[] xp,
      int[] base,
      int rows,
      int[] off,
      float[] dz,
      int outChannels,
      float[] dwt,
      int t0,
      int t1) {
    int taps = g.patchSize();
    int tapTiles = DirectConv.ceil(taps, ROWS);
    for (int tile = t0; tile < t1; tile++) {
      int panel = tile / tapTiles;
      int t = (tile % tapTiles) * ROWS;
      ImplicitConvVector.weightGradient(
          xp, base, rows, off, Math.min(ROWS, taps - t), t, dz, outChannels, dwt, panel);
    }
  }
}
