package dev.tributary.core;

/**
 * The scalar pooling loops of {@link PoolKernels}, over planes {@code [p0, p1)} of a {@code [B·C,
 * H, W]} input and {@code [B·C, OH, OW]} output.
 */
final class PoolLoops {
  private PoolLoops() {}

  static void maxForward(ConvGeometry g, float[] x, float[] y, int[] argmax, int p0, int p1) {
    if (g.kernel() == 2 && g.stride() == 2) {
      maxForward2(g, x, y, argmax, p0, p1);
      return;
    }
    int h = g.height();
    int w = g.width();
    int k = g.kernel();
    int s = g.stride();
    int oh = g.outHeight();
    int ow = g.outWidth();
    for (int pl = p0; pl < p1; pl++) {
      int xp = pl * h * w;
      int o = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          int first = xp + i * s * w + j * s;
          int best = first;
          float max = x[first];
          for (int kh = 0; kh < k; kh++) {
            int row = first + kh * w;
            for (int kw = 0; kw < k; kw++) {
              float v = x[row + kw];
              if (v > max || Float.isNaN(v)) {
                max = v;
                best = row + kw;
              }
            }
          }
          y[o] = max;
          argmax[o] = best;
          o++;
        }
      }
    }
  }

  /**
   * The 2×2, stride-2 window (LeNet's and most CNNs' pooling) without data-dependent branches: on
   * real activations which of the four wins is a coin toss that the branch predictor loses (the
   * general loop ran four times slower here). Comparisons become 0/1 integers (C2 emits {@code
   * setcc}) and a tournament picks the scan order's first maximum: the second of a pair wins only
   * if strictly greater, the second pair only if its maximum is strictly greater than the first's.
   * The value is then read at the chosen index, so it is bit for bit the element the general loop
   * picks (signed zeros included). A window holding a NaN takes the general rule (NaN wins).
   */
  private static void maxForward2(
      ConvGeometry g, float[] x, float[] y, int[] argmax, int p0, int p1) {
    int h = g.height();
    int w = g.width();
    int oh = g.outHeight();
    int ow = g.outWidth();
    for (int pl = p0; pl < p1; pl++) {
      int xp = pl * h * w;
      int o = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        int r0 = xp + 2 * i * w;
        for (int j = 0; j < ow; j++, o++) {
          int at = r0 + 2 * j;
          float v0 = x[at];
          float v1 = x[at + 1];
          float v2 = x[at + w];
          float v3 = x[at + w + 1];
          float top = Math.max(v0, v1);
          float low = Math.max(v2, v3);
          int best;
          if (Float.isNaN(top + low)) {
            best = lastNaN(x, at, w);
          } else {
            int second = v1 > v0 ? 1 : 0;
            int fourth = v3 > v2 ? 1 : 0;
            int lower = low > top ? 1 : 0;
            best = at + second + lower * (w + fourth - second);
          }
          argmax[o] = best;
          y[o] = x[best];
        }
      }
    }
  }

  /**
   * The general rule's choice in a 2×2 window holding a NaN: every NaN replaces the maximum so far,
   * so the scan order's last NaN.
   */
  private static int lastNaN(float[] x, int at, int w) {
    if (Float.isNaN(x[at + w + 1])) {
      return at + w + 1;
    }
    if (Float.isNaN(x[at + w])) {
      return at + w;
    }
    return Float.isNaN(x[at + 1]) ? at + 1 : at;
  }

  static void maxBackward(ConvGeometry g, float[] dy, int[] argmax, float[] dx, int p0, int p1) {
    int plane = g.outPlane();
    int inPlane = g.height() * g.width();
    for (int pl = p0; pl < p1; pl++) {
      int lo = pl * inPlane;
      int hi = lo + inPlane;
      for (int o = pl * plane, end = o + plane; o < end; o++) {
        int t = argmax[o];
        if (t < lo || t >= hi) {
          throw new IllegalArgumentException(
              "PoolKernels.maxBackward: argmax["
                  + o
                  + "] = "
                  + t
                  + " is outside its window's plane ["
                  + lo
                  + ", "
                  + hi
                  + "); pass the argmax array that maxForward filled for this geometry");
        }
        dx[t] += dy[o];
      }
    }
  }

  static void avgForward(ConvGeometry g, float[] x, float[] y, int p0, int p1) {
    int h = g.height();
    int w = g.width();
    int k = g.kernel();
    int s = g.stride();
    int oh = g.outHeight();
    int ow = g.outWidth();
    float area = k * k;
    for (int pl = p0; pl < p1; pl++) {
      int xp = pl * h * w;
      int o = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          int first = xp + i * s * w + j * s;
          float sum = 0f;
          for (int kh = 0; kh < k; kh++) {
            int row = first + kh * w;
            for (int kw = 0; kw < k; kw++) {
              sum += x[row + kw];
            }
          }
          y[o++] = sum / area;
        }
      }
    }
  }

  static void avgBackward(ConvGeometry g, float[] dy, float[] dx, int p0, int p1) {
    int h = g.height();
    int w = g.width();
    int k = g.kernel();
    int s = g.stride();
    int oh = g.outHeight();
    int ow = g.outWidth();
    float area = k * k;
    for (int pl = p0; pl < p1; pl++) {
      int xp = pl * h * w;
      int o = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          int first = xp + i * s * w + j * s;
          float v = dy[o++] / area;
          for (int kh = 0; kh < k; kh++) {
            int row = first + kh * w;
            for (int kw = 0; kw < k; kw++) {
              dx[row + kw] += v;
            }
          }
        }
      }
    }
  }
}
