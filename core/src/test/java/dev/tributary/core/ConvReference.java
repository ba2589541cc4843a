package dev.tributary.core;

import java.util.Random;

/**
 * Naive, obviously correct double-precision references for the convolution-family kernel tests:
 * direct loops over every index, written from the definitions, plus helpers for seeded tensors.
 */
final class ConvReference {
  private ConvReference() {}

  static Tensor random(Random rng, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return t;
  }

  static double[] toDouble(Tensor t) {
    float[] d = t.data();
    double[] r = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      r[i] = d[i];
    }
    return r;
  }

  /** {@code y[b, o, i, j] = bias[o] + Σ w[o, c, kh, kw]·x[b, c, i·s − p + kh, j·s − p + kw]}. */
  static double[] conv(ConvGeometry g, int batch, int out, double[] x, double[] w, double[] bias) {
    int oh = g.outHeight();
    int ow = g.outWidth();
    int k = g.kernel();
    double[] y = new double[batch * out * oh * ow];
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double sum = bias == null ? 0 : bias[o];
            for (int c = 0; c < g.channels(); c++) {
              for (int kh = 0; kh < k; kh++) {
                for (int kw = 0; kw < k; kw++) {
                  int ih = i * g.stride() - g.padding() + kh;
                  int iw = j * g.stride() - g.padding() + kw;
                  if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                    sum +=
                        w[((o * g.channels() + c) * k + kh) * k + kw]
                            * x[((b * g.channels() + c) * g.height() + ih) * g.width() + iw];
                  }
                }
              }
            }
            y[((b * out + o) * oh + i) * ow + j] = sum;
          }
        }
      }
    }
    return y;
  }

  /** {@code Σ_n y[n]·r[n]}: the scalar "loss" whose gradient with respect to y is r. */
  static double dot(double[] y, double[] r) {
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += y[i] * r[i];
    }
    return s;
  }

  /** Max pooling: the window maximum (first maximum in row-major order) and its flat x index. */
  static double[] maxPool(ConvGeometry g, int batch, double[] x, int[] argmax) {
    int oh = g.outHeight();
    int ow = g.outWidth();
    double[] y = new double[batch * g.channels() * oh * ow];
    for (int bc = 0; bc < batch * g.channels(); bc++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double best = Double.NEGATIVE_INFINITY;
          int at = -1;
          for (int kh = 0; kh < g.kernel(); kh++) {
            for (int kw = 0; kw < g.kernel(); kw++) {
              int idx = (bc * g.height() + i * g.stride() + kh) * g.width() + j * g.stride() + kw;
              if (x[idx] > best) {
                best = x[idx];
                at = idx;
              }
            }
          }
          int o = (bc * oh + i) * ow + j;
          y[o] = best;
          if (argmax != null) {
            argmax[o] = at;
          }
        }
      }
    }
    return y;
  }

  /** Average pooling: the window mean. */
  static double[] avgPool(ConvGeometry g, int batch, double[] x) {
    int oh = g.outHeight();
    int ow = g.outWidth();
    double[] y = new double[batch * g.channels() * oh * ow];
    for (int bc = 0; bc < batch * g.channels(); bc++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double sum = 0;
          for (int kh = 0; kh < g.kernel(); kh++) {
            for (int kw = 0; kw < g.kernel(); kw++) {
              sum += x[(bc * g.height() + i * g.stride() + kh) * g.width() + j * g.stride() + kw];
            }
          }
          y[(bc * oh + i) * ow + j] = sum / (g.kernel() * g.kernel());
        }
      }
    }
    return y;
  }

  /**
   * Batch norm over {@code [B, C, S]}: batch statistics (biased variance) when {@code runMean} is
   * null, else the running ones; {@code y = γ·(x − μ)/√(σ² + eps) + β}.
   */
  static double[] batchNorm(
      int batch,
      int channels,
      double[] x,
      double[] gamma,
      double[] beta,
      double[] runMean,
      double[] runVar,
      double eps) {
    int s = x.length / (batch * channels);
    double[] y = new double[x.length];
    for (int c = 0; c < channels; c++) {
      double mean;
      double var;
      if (runMean == null) {
        double sum = 0;
        for (int b = 0; b < batch; b++) {
          for (int i = 0; i < s; i++) {
            sum += x[(b * channels + c) * s + i];
          }
        }
        mean = sum / (batch * s);
        double sq = 0;
        for (int b = 0; b < batch; b++) {
          for (int i = 0; i < s; i++) {
            double d = x[(b * channels + c) * s + i] - mean;
            sq += d * d;
          }
        }
        var = sq / (batch * s);
      } else {
        mean = runMean[c];
        var = runVar[c];
      }
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < s; i++) {
          int idx = (b * channels + c) * s + i;
          y[idx] = gamma[c] * (x[idx] - mean) / Math.sqrt(var + eps) + beta[c];
        }
      }
    }
    return y;
  }

  /** Relative error {@code |a − e| / max(|e|, floor)}. */
  static double relative(double actual, double expected, double floor) {
    return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
  }
}
