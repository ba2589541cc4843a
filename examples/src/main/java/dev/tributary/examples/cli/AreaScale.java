package dev.tributary.examples.cli;

/**
 * Area-averaging resampling of a grey image (a box filter): output pixel {@code (i, j)} of an
 * {@code outW × outH} image is the mean of the source region {@code [j·w/outW, (j+1)·w/outW) ×
 * [i·h/outH, (i+1)·h/outH)}, each source pixel weighted by the area it shares with that region. It
 * is separable: columns first, then rows.
 */
final class AreaScale {
  private AreaScale() {}

  /** Resamples a row-major {@code w × h} image to {@code outW × outH} by area averaging. */
  static float[] scale(float[] src, int w, int h, int outW, int outH) {
    float[] wide = new float[h * outW];
    for (int y = 0; y < h; y++) {
      resample(src, y * w, 1, w, wide, y * outW, 1, outW);
    }
    float[] out = new float[outH * outW];
    for (int x = 0; x < outW; x++) {
      resample(wide, x, outW, h, out, x, outW, outH);
    }
    return out;
  }

  /**
   * One line of {@code n} values (from {@code src[from + k·stride]}) to {@code m} values: output
   * {@code o} is the overlap-weighted mean over source positions {@code [o·n/m, (o+1)·n/m)}.
   */
  private static void resample(
      float[] src, int from, int stride, int n, float[] dst, int to, int dstStride, int m) {
    double scale = (double) n / m;
    for (int o = 0; o < m; o++) {
      double lo = o * scale;
      double hi = (o + 1) * scale;
      double sum = 0;
      for (int s = (int) Math.floor(lo); s < Math.min(n, (int) Math.ceil(hi)); s++) {
        double overlap = Math.min(s + 1, hi) - Math.max(s, lo);
        if (overlap > 0) {
          sum += overlap * src[from + s * stride];
        }
      }
      dst[to + o * dstStride] = (float) (sum / scale);
    }
  }
}
