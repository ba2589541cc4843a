package dev.tributary.core;

/**
 * The per-channel loops of {@link BatchNormKernels}, over channel blocks split by {@link Blocks}.
 * The fields hold one call's arguments; {@link #trainForward} says whether the statistics come from
 * the batch (training) or are the running ones (evaluation).
 */
final class BatchNormJob extends Blocks {
  static final int FORWARD = 0;
  static final int BACKWARD = 1;

  boolean trainForward;
  float[] x;
  float[] y;
  float[] dy;
  float[] dx;
  float[] gamma;
  float[] beta;
  float[] dGamma;
  float[] dBeta;
  float[] mean;
  float[] var;
  float[] invStd;
  float eps;

  private int step;
  private int batch;
  private int channels;
  private int spatial;

  void start(int which, int b, int c) {
    step = which;
    batch = b;
    channels = c;
    spatial = x.length / (b * c);
    run(c, (long) x.length * (which == FORWARD ? 3 : 4));
  }

  @Override
  void range(int from, int to) {
    for (int c = from; c < to; c++) {
      if (step == FORWARD) {
        forward(c);
      } else {
        backward(c);
      }
    }
  }

  private void forward(int c) {
    int s = spatial;
    int stride = channels * s;
    float mu;
    float inv;
    if (trainForward) {
      double sum = 0;
      for (int b = 0, off = c * s; b < batch; b++, off += stride) {
        for (int i = 0; i < s; i++) {
          sum += x[off + i];
        }
      }
      long n = (long) batch * s;
      double m = sum / n;
      double sq = 0;
      for (int b = 0, off = c * s; b < batch; b++, off += stride) {
        for (int i = 0; i < s; i++) {
          double d = x[off + i] - m;
          sq += d * d;
        }
      }
      double v = sq / n;
      mu = (float) m;
      inv = (float) (1.0 / Math.sqrt(v + eps));
      mean[c] = mu;
      var[c] = (float) v;
      invStd[c] = inv;
    } else {
      mu = mean[c];
      inv = (float) (1.0 / Math.sqrt((double) var[c] + eps));
    }
    float a = gamma[c] * inv;
    float shift = beta[c];
    boolean vector = Kernels.vectorized() && s >= BatchNormVector.minLength();
    for (int b = 0, off = c * s; b < batch; b++, off += stride) {
      if (vector) {
        BatchNormVector.affine(x, y, off, s, mu, a, shift);
      } else {
        for (int i = off, end = off + s; i < end; i++) {
          y[i] = Math.fma(x[i] - mu, a, shift);
        }
      }
    }
  }

  private void backward(int c) {
    int s = spatial;
    int stride = channels * s;
    float mu = mean[c];
    float inv = trainForward ? invStd[c] : (float) (1.0 / Math.sqrt((double) var[c] + eps));
    double sumDy = 0;
    double sumDyXhat = 0;
    for (int b = 0, off = c * s; b < batch; b++, off += stride) {
      for (int i = off, end = off + s; i < end; i++) {
        double g = dy[i];
        sumDy += g;
        sumDyXhat += g * ((x[i] - mu) * (double) inv);
      }
    }
    dGamma[c] += (float) sumDyXhat;
    dBeta[c] += (float) sumDy;
    double a = (double) gamma[c] * inv;
    float k1 = (float) a;
    float k2;
    float k3;
    if (trainForward) {
      double n = (double) batch * s;
      k2 = (float) (a * sumDy / n);
      k3 = (float) (a * inv * sumDyXhat / n);
    } else {
      k2 = 0f;
      k3 = 0f;
    }
    if (dx == null) {
      return;
    }
    boolean vector = Kernels.vectorized() && s >= BatchNormVector.minLength();
    for (int b = 0, off = c * s; b < batch; b++, off += stride) {
      if (vector) {
        BatchNormVector.backward(x, dy, dx, off, s, mu, k1, k2, k3);
      } else {
        for (int i = off, end = off + s; i < end; i++) {
          dx[i] += Math.fma(k1, dy[i], -Math.fma(k3, x[i] - mu, k2));
        }
      }
    }
  }

  @Override
  void clear() {
    x = null;
    y = null;
    dy = null;
    dx = null;
    gamma = null;
    beta = null;
    dGamma = null;
    dBeta = null;
    mean = null;
    var = null;
    invStd = null;
  }
}
