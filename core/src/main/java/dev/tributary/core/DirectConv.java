package dev.tributary.core;

/**
 * The direct path of {@link Conv2dKernels} for stride-1 convolutions: the forward pass and the
 * weight gradient computed straight from the (zero-padded) input, with no im2col matrix.
 *
 * <p>The trick is the <em>wide grid</em>. Let the padded input plane be {@code Hp × Wp} and {@code
 * q = i·Wp + j} a position on a grid as wide as the input. Then the input a kernel tap {@code (c,
 * kh, kw)} reads for output {@code (i, j)} is at {@code c·Hp·Wp + kh·Wp + kw + q}: for every tap,
 * the outputs form one contiguous run of the input, shifted. So
 *
 * <pre>
 *   yw[o, q]  = bias[o] + Σ_t w[o, t]·xp[off(t) + q]          (forward, t = (c, kh, kw))
 *   dW[o, t] += Σ_b Σ_q dyw[b, o, q]·xp[b, off(t) + q]        (weight gradient)
 * </pre>
 *
 * are matrix products whose right-hand rows are shifted views of the input: a register tile of
 * outputs is loaded once per tap, with no copy of the windows. The grid computes {@code Wp − OW}
 * extra columns per row (thrown away by the forward pass; zero in {@code dyw}, so they add nothing
 * to the weight gradient): 4 of 28 for LeNet-5's first layer, 4 of 12 for its second. It holds
 * {@code Qw = (OH − 1)·Wp + OW} positions, so the last tap's last read is the plane's last element:
 * the vector loads never leave the input.
 *
 * <p>Each output element is one sequence of fused multiply-adds in tap order (forward) or the
 * vector path's lane sums reduced in a fixed order (weight gradient), computed by one thread; work
 * is split over samples (forward) and output tiles (weight gradient), so results are bitwise the
 * same for any thread count. The scalar loops (used without the Vector API) compute the forward
 * pass bit for bit as the vector path; their weight gradient sums in another order (within
 * rounding).
 */
final class DirectConv {
  /** Output channels per register tile. */
  static final int ROWS = 4;

  /** Taps per register tile of the weight gradient. */
  static final int TAPS = 4;

  private DirectConv() {}

  /**
   * Whether the direct path computes this convolution: stride 1 and a patch small enough that the
   * wide grid's shifted loads beat building the im2col matrix (measured: LeNet-5's layers and the
   * digit-pair trunk's first layer gain 3–8×; at 32→64 channels the product dominates either way).
   */
  static boolean applies(ConvGeometry g) {
    return g.stride() == 1 && g.patchSize() <= 256;
  }

  /** The padded input plane's floats, {@code (H + 2p)·(W + 2p)}. */
  static int paddedPlane(ConvGeometry g) {
    return (g.height() + 2 * g.padding()) * (g.width() + 2 * g.padding());
  }

  /** Grid positions are computed in blocks of this many (a multiple of every vector length). */
  static final int BLOCK = 16;

  /**
   * The positions of the wide grid: {@code Qw = (OH − 1)·Wp + OW} rounded up to a multiple of
   * {@link #BLOCK}, so that every loop runs on whole vectors.
   */
  static int gridSize(ConvGeometry g) {
    int qw = (g.outHeight() - 1) * (g.width() + 2 * g.padding()) + g.outWidth();
    return ceil(qw, BLOCK) * BLOCK;
  }

  /**
   * The floats of one sample in the padded copy: its channels' padded planes, then zeros for the
   * grid's rounding, so the last tap's reads of the last positions stay inside the sample.
   */
  static int paddedSample(ConvGeometry g) {
    int qw = (g.outHeight() - 1) * (g.width() + 2 * g.padding()) + g.outWidth();
    return g.channels() * paddedPlane(g) + gridSize(g) - qw;
  }

  /** The node scratch the direct path needs: the padded copy of the input. */
  static long scratchSize(ConvGeometry g, int batch) {
    return (long) batch * paddedSample(g);
  }

  /** {@code off[t] = c·Hp·Wp + kh·Wp + kw} for every tap {@code t = (c·k + kh)·k + kw}. */
  static void offsets(ConvGeometry g, int[] off) {
    int k = g.kernel();
    int wp = g.width() + 2 * g.padding();
    int plane = paddedPlane(g);
    int t = 0;
    for (int c = 0; c < g.channels(); c++) {
      for (int kh = 0; kh < k; kh++) {
        for (int kw = 0; kw < k; kw++) {
          off[t++] = c * plane + kh * wp + kw;
        }
      }
    }
  }

  /** Copies samples {@code [b0, b1)} of x into the zero-padded {@code xp}. */
  static void pad(ConvGeometry g, float[] x, float[] xp, int b0, int b1) {
    int h = g.height();
    int w = g.width();
    int p = g.padding();
    int wp = w + 2 * p;
    int plane = paddedPlane(g);
    int planes = g.channels();
    int sample = paddedSample(g);
    for (int b = b0; b < b1; b++) {
      java.util.Arrays.fill(xp, b * sample + planes * plane, (b + 1) * sample, 0f);
      for (int c = 0; c < planes; c++) {
        int src = (b * planes + c) * h * w;
        int dst = b * sample + c * plane;
        java.util.Arrays.fill(xp, dst, dst + p * wp + p, 0f);
        for (int r = 0; r < h; r++) {
          int row = dst + (r + p) * wp + p;
          System.arraycopy(x, src + r * w, xp, row, w);
          int gapEnd = r + 1 < h ? row + w + 2 * p : dst + plane;
          java.util.Arrays.fill(xp, row + w, gapEnd, 0f);
        }
      }
    }
  }

  /**
   * {@code y[b] = compact(yw)} with {@code yw[o, q] = bias[o] + Σ_t w[o, t]·xp[b, off(t) + q]}, for
   * samples {@code [b0, b1)}; {@code yw} is {@code [O, Qw]} of the calling thread.
   */
  static void forward(
      ConvGeometry g,
      float[] xp,
      int[] off,
      float[] w,
      float[] bias,
      int outChannels,
      float[] yw,
      float[] y,
      int b0,
      int b1,
      boolean vector) {
    int taps = g.patchSize();
    int q = gridSize(g);
    int sampleIn = paddedSample(g);
    for (int b = b0; b < b1; b++) {
      int base = b * sampleIn;
      if (vector) {
        DirectConvVector.forward(xp, base, off, taps, w, bias, outChannels, yw, q);
      } else {
        forwardScalar(xp, base, off, taps, w, bias, outChannels, yw, q);
      }
      compact(g, yw, outChannels, y, b);
    }
  }

  private static void forwardScalar(
      float[] xp,
      int base,
      int[] off,
      int taps,
      float[] w,
      float[] bias,
      int outChannels,
      float[] yw,
      int q) {
    for (int o = 0; o < outChannels; o++) {
      int row = o * q;
      java.util.Arrays.fill(yw, row, row + q, bias == null ? 0f : bias[o]);
      for (int t = 0; t < taps; t++) {
        float wt = w[o * taps + t];
        int src = base + off[t];
        for (int i = 0; i < q; i++) {
          yw[row + i] = Math.fma(wt, xp[src + i], yw[row + i]);
        }
      }
    }
  }

  /** {@code y[b, o, i, j] = yw[o, i·Wp + j]} for {@code j < OW}. */
  private static void compact(ConvGeometry g, float[] yw, int outChannels, float[] y, int b) {
    int oh = g.outHeight();
    int ow = g.outWidth();
    int wp = g.width() + 2 * g.padding();
    int q = gridSize(g);
    for (int o = 0; o < outChannels; o++) {
      int dst = (b * outChannels + o) * oh * ow;
      for (int i = 0; i < oh; i++) {
        System.arraycopy(yw, o * q + i * wp, y, dst + i * ow, ow);
      }
    }
  }

  /**
   * {@code dyw[b, o, i·Wp + j] = dy[b, o, i, j]} for {@code j < OW}, zero for the grid's extra
   * columns, for samples {@code [b0, b1)}.
   */
  static void widen(ConvGeometry g, float[] dy, int outChannels, float[] dyw, int b0, int b1) {
    int oh = g.outHeight();
    int ow = g.outWidth();
    int wp = g.width() + 2 * g.padding();
    int q = gridSize(g);
    for (int b = b0; b < b1; b++) {
      for (int o = 0; o < outChannels; o++) {
        int src = (b * outChannels + o) * oh * ow;
        int dst = (b * outChannels + o) * q;
        for (int i = 0; i < oh; i++) {
          System.arraycopy(dy, src + i * ow, dyw, dst + i * wp, ow);
          int gapEnd = i + 1 < oh ? dst + (i + 1) * wp : dst + q;
          for (int z = dst + i * wp + ow; z < gapEnd; z++) { // a few floats: no fill call
            dyw[z] = 0f;
          }
        }
      }
    }
  }

  /** The number of weight-gradient tiles: output-channel tiles times tap tiles. */
  static int gradientTiles(ConvGeometry g, int outChannels) {
    return ceil(outChannels, ROWS) * ceil(g.patchSize(), TAPS);
  }

  /**
   * {@code dW[o, t] += Σ_b Σ_q dyw[b, o, q]·xp[b, off(t) + q]} for the output tiles {@code [t0,
   * t1)} (tile = output-channel tile · tap tiles + tap tile), summing over samples in order.
   */
  static void weightGradient(
      ConvGeometry g,
      float[] xp,
      int[] off,
      float[] dyw,
      int outChannels,
      int batch,
      float[] dw,
      int t0,
      int t1,
      boolean vector) {
    int taps = g.patchSize();
    int tapTiles = ceil(taps, TAPS);
    int q = gridSize(g);
    int sampleIn = paddedSample(g);
    for (int tile = t0; tile < t1; tile++) {
      int o0 = (tile / tapTiles) * ROWS;
      int o1 = Math.min(outChannels, o0 + ROWS);
      int c0 = (tile % tapTiles) * TAPS;
      int c1 = Math.min(taps, c0 + TAPS);
      if (vector) {
        DirectConvVector.weightGradient(
            xp, sampleIn, off, taps, dyw, outChannels, batch, q, dw, o0, o1, c0, c1);
      } else {
        for (int o = o0; o < o1; o++) {
          for (int t = c0; t < c1; t++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
              int src = b * sampleIn + off[t];
              int d = (b * outChannels + o) * q;
              for (int i = 0; i < q; i++) {
                sum += dyw[d + i] * xp[src + i];
              }
            }
            dw[o * taps + t] += (float) sum;
          }
        }
      }
    }
  }

  static int ceil(int a, int b) {
    return (a + b - 1) / b;
  }
}
