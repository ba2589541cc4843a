package dev.tributary.core;

/**
 * The scalar pooling loops of {@link PoolKernels}, over planes {@code [p0, p1)} of a {@code [B·C,
 * H, W]} input and {@code [B·C, OH, OW]} output.
 */
final class PoolLoops {
  private PoolLoops() {}

  static void maxForward(ConvGeometry g, float[] x, float[] y, int[] argmax, int p0, int p1) {
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
