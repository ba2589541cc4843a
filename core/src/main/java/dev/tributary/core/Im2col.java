package dev.tributary.core;

/**
 * The data movement around a convolution's matrix products, per sample: im2col (windows of {@code
 * x} into the rows of {@code cols}), col2im (the scatter-add back), and the two permutations
 * between the products' layouts ({@code [B·P, O]} forward, {@code [O, B·P]} backward) and NCHW's
 * {@code [B, O, P]}, where {@code P = outHeight·outWidth}.
 *
 * <p>Layouts: {@code cols} is {@code [B·P, C·k·k]}, row {@code b·P + oh·OW + ow}, column {@code
 * (c·k + kh)·k + kw} holding {@code x[b, c, oh·s − p + kh, ow·s − p + kw]} (0 outside the input).
 * Without padding, a row is a flat gather through the taps' offsets (one loop of {@code C·k²}
 * steps, where nested loops of {@code k} steps each cost C2 more than the copies); with padding,
 * each window row of {@code k} floats is a contiguous run of one input row, so im2col is a sequence
 * of short copies, with a bounds test per element only where the window hangs over the padding.
 * Every method works on samples {@code [b0, b1)} and writes only those samples' outputs, so {@link
 * Blocks} can split a batch over threads with bitwise the same result.
 */
final class Im2col {
  private Im2col() {}

  /**
   * {@code cols[b·P + q, :] = window q of sample b}, for {@code b0 ≤ b < b1}. {@code off} holds the
   * taps' offsets in an unpadded sample ({@link DirectConv#offsets}); without padding every window
   * lies inside the input and a row is one flat gather through it.
   */
  static void im2col(ConvGeometry g, float[] x, float[] cols, int[] off, int b0, int b1) {
    if (g.padding() == 0) {
      int patch = g.patchSize();
      for (int r = b0 * g.outPlane(), end = b1 * g.outPlane(); r < end; r++) {
        int base = unpaddedBase(g, r);
        for (int t = 0, row = r * patch; t < patch; t++) {
          cols[row + t] = x[base + off[t]];
        }
      }
      return;
    }
    int cc = g.channels();
    int h = g.height();
    int w = g.width();
    int k = g.kernel();
    int s = g.stride();
    int pad = g.padding();
    int oh = g.outHeight();
    int ow = g.outWidth();
    int plane = h * w;
    int patch = g.patchSize();
    for (int b = b0; b < b1; b++) {
      int xb = b * cc * plane;
      int o = b * oh * ow * patch;
      for (int r = 0; r < oh; r++) {
        int ih0 = r * s - pad;
        for (int q = 0; q < ow; q++) {
          int iw0 = q * s - pad;
          boolean inside = iw0 >= 0 && iw0 + k <= w;
          for (int c = 0; c < cc; c++) {
            int xc = xb + c * plane;
            for (int kh = 0; kh < k; kh++) {
              int ih = ih0 + kh;
              if (ih < 0 || ih >= h) {
                for (int kw = 0; kw < k; kw++) {
                  cols[o + kw] = 0f;
                }
              } else if (inside) {
                int xr = xc + ih * w + iw0;
                for (int kw = 0; kw < k; kw++) {
                  cols[o + kw] = x[xr + kw];
                }
              } else {
                int xr = xc + ih * w;
                for (int kw = 0; kw < k; kw++) {
                  int iw = iw0 + kw;
                  cols[o + kw] = iw >= 0 && iw < w ? x[xr + iw] : 0f;
                }
              }
              o += k;
            }
          }
        }
      }
    }
  }

  /**
   * {@code dx[b, c, ih, iw] += Σ dcols[...]} over every window position that read it, windows in
   * row order, for {@code b0 ≤ b < b1}: the adjoint of {@link #im2col}.
   */
  static void col2im(ConvGeometry g, float[] dcols, float[] dx, int[] off, int b0, int b1) {
    if (g.padding() == 0) {
      int patch = g.patchSize();
      for (int r = b0 * g.outPlane(), end = b1 * g.outPlane(); r < end; r++) {
        int base = unpaddedBase(g, r);
        for (int t = 0, row = r * patch; t < patch; t++) {
          dx[base + off[t]] += dcols[row + t];
        }
      }
      return;
    }
    int cc = g.channels();
    int h = g.height();
    int w = g.width();
    int k = g.kernel();
    int s = g.stride();
    int pad = g.padding();
    int oh = g.outHeight();
    int ow = g.outWidth();
    int plane = h * w;
    int patch = g.patchSize();
    for (int b = b0; b < b1; b++) {
      int xb = b * cc * plane;
      int o = b * oh * ow * patch;
      for (int r = 0; r < oh; r++) {
        int ih0 = r * s - pad;
        for (int q = 0; q < ow; q++) {
          int iw0 = q * s - pad;
          boolean inside = iw0 >= 0 && iw0 + k <= w;
          for (int c = 0; c < cc; c++) {
            int xc = xb + c * plane;
            for (int kh = 0; kh < k; kh++) {
              int ih = ih0 + kh;
              if (ih >= 0 && ih < h) {
                if (inside) {
                  int xr = xc + ih * w + iw0;
                  for (int kw = 0; kw < k; kw++) {
                    dx[xr + kw] += dcols[o + kw];
                  }
                } else {
                  int xr = xc + ih * w;
                  for (int kw = 0; kw < k; kw++) {
                    int iw = iw0 + kw;
                    if (iw >= 0 && iw < w) {
                      dx[xr + iw] += dcols[o + kw];
                    }
                  }
                }
              }
              o += k;
            }
          }
        }
      }
    }
  }

  /** Where the window of product row {@code r = b·P + i·OW + j} starts in an unpadded input. */
  private static int unpaddedBase(ConvGeometry g, int r) {
    int p = g.outPlane();
    int b = r / p;
    int i = (r % p) / g.outWidth();
    int j = r % g.outWidth();
    int s = g.stride();
    return (b * g.channels() * g.height() + i * s) * g.width() + j * s;
  }

  /**
   * {@code y[b, o, q] = z[b·P + q, o] + bias[o]} for {@code b0 ≤ b < b1}: the forward product's
   * {@code [B·P, O]} layout to NCHW, one sample's {@code [P, O]} block (a few KB, in L1) transposed
   * at a time, written in order. {@code bias} may be null (no bias).
   */
  static void toNchw(float[] z, float[] bias, float[] y, int outChannels, int p, int b0, int b1) {
    for (int b = b0; b < b1; b++) {
      int src = b * p * outChannels;
      for (int o = 0; o < outChannels; o++) {
        int dst = (b * outChannels + o) * p;
        float add = bias == null ? 0f : bias[o];
        for (int q = 0; q < p; q++) {
          y[dst + q] = z[src + q * outChannels + o] + add;
        }
      }
    }
  }

  /**
   * {@code z[b·P + q, o] = dy[b, o, q]} for {@code b0 ≤ b < b1}: NCHW to the forward product's
   * {@code [B·P, O]} layout (the inverse of {@link #toNchw} without the bias), a sample at a time.
   */
  static void toRows(float[] dy, float[] z, int outChannels, int p, int b0, int b1) {
    for (int b = b0; b < b1; b++) {
      int dst = b * p * outChannels;
      for (int o = 0; o < outChannels; o++) {
        int src = (b * outChannels + o) * p;
        for (int q = 0; q < p; q++) {
          z[dst + q * outChannels + o] = dy[src + q];
        }
      }
    }
  }

  /**
   * {@code z[o, b·P : (b+1)·P] = dy[b, o, :]} for {@code b0 ≤ b < b1}: NCHW to {@code [O, B·P]}.
   */
  static void fromNchw(float[] dy, float[] z, int outChannels, int batch, int p, int b0, int b1) {
    int bp = batch * p;
    for (int b = b0; b < b1; b++) {
      for (int o = 0; o < outChannels; o++) {
        System.arraycopy(dy, (b * outChannels + o) * p, z, o * bp + b * p, p);
      }
    }
  }
}
