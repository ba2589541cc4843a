package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Batch norm in both modes against a naive double reference, backward passes against central finite
 * differences of that reference, running statistics by hand, the vector and scalar loops' bits,
 * threads and errors.
 */
class BatchNormKernelsTest {
  private static final float EPS = 1e-5f;
  private static final float MOMENTUM = 0.1f;
  private static final float EXACT = 0f;

  /** Normalised values of order 1 computed in float from double statistics. */
  private static final double FORWARD_TOLERANCE = 2e-6;

  private static final double STATS_TOLERANCE = 1e-6;

  /** Central difference step on the double reference: truncation error O(h²) ≈ 1e-10. */
  private static final double FD_STEP = 1e-5;

  private static final double GRAD_TOLERANCE = 2e-5;

  /** [B, C, H, W] (BatchNorm2d, S = 9 and 1·7), [B, F] (BatchNorm1d, S = 1). */
  private static final int[][] SHAPES = {{3, 4, 3, 3}, {5, 2, 1, 7}, {6, 5}, {2, 3, 4, 5}};

  private static Tensor positive(Random rng, int n) {
    Tensor t = Tensor.zeros(n);
    for (int i = 0; i < n; i++) {
      t.data()[i] = (float) (0.5 + rng.nextDouble());
    }
    return t;
  }

  @Test
  void trainForward_manyShapes_matchesReferenceAndStatistics() {
    Random rng = new Random(41);
    for (int[] shape : SHAPES) {
      Tensor x = ConvReference.random(rng, shape);
      int b = shape[0];
      int c = shape[1];
      Tensor gamma = positive(rng, c);
      Tensor beta = ConvReference.random(rng, c);
      Tensor y = Tensor.zeros(shape);
      float[] mean = new float[c];
      float[] var = new float[c];
      float[] invStd = new float[c];
      BatchNormKernels.trainForward(x, gamma, beta, EPS, y, mean, var, invStd);
      double[] expected =
          ConvReference.batchNorm(
              b,
              c,
              ConvReference.toDouble(x),
              ConvReference.toDouble(gamma),
              ConvReference.toDouble(beta),
              null,
              null,
              EPS);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], y.data()[i], FORWARD_TOLERANCE, "y[" + i + "]");
      }
      int s = x.size() / (b * c);
      for (int ch = 0; ch < c; ch++) {
        double sum = 0;
        double sq = 0;
        for (int n = 0; n < b; n++) {
          for (int i = 0; i < s; i++) {
            sum += x.data()[(n * c + ch) * s + i];
          }
        }
        double m = sum / (b * s);
        for (int n = 0; n < b; n++) {
          for (int i = 0; i < s; i++) {
            double d = x.data()[(n * c + ch) * s + i] - m;
            sq += d * d;
          }
        }
        double v = sq / (b * s);
        assertEquals(m, mean[ch], STATS_TOLERANCE, "mean " + ch);
        assertEquals(v, var[ch], STATS_TOLERANCE, "biased var " + ch);
        assertEquals(1 / Math.sqrt(v + EPS), invStd[ch], STATS_TOLERANCE * 10, "invStd " + ch);
      }
    }
  }

  @Test
  void updateRunning_twoSteps_handWorked() {
    // One channel, B = 2: x = [1, 3] → mean 2, biased var 1, unbiased 2:
    // rm = 0.9·0 + 0.1·2 = 0.2, rv = 0.9·1 + 0.1·2 = 1.1.
    // x = [0, 4] → mean 2, biased var 4, unbiased 8: rm = 0.38, rv = 0.99 + 0.8 = 1.79.
    Tensor rm = Tensor.zeros(1);
    Tensor rv = Tensor.of(new float[] {1}, 1);
    float[] mean = new float[1];
    float[] var = new float[1];
    float[] inv = new float[1];
    Tensor gamma = Tensor.of(new float[] {1}, 1);
    Tensor beta = Tensor.zeros(1);
    Tensor y = Tensor.zeros(2, 1);
    BatchNormKernels.trainForward(
        Tensor.of(new float[] {1, 3}, 2, 1), gamma, beta, EPS, y, mean, var, inv);
    BatchNormKernels.updateRunning(mean, var, 2, MOMENTUM, rm, rv);
    assertEquals(0.2f, rm.get(0), 1e-7f);
    assertEquals(1.1f, rv.get(0), 1e-6f);
    BatchNormKernels.trainForward(
        Tensor.of(new float[] {0, 4}, 2, 1), gamma, beta, EPS, y, mean, var, inv);
    BatchNormKernels.updateRunning(mean, var, 2, MOMENTUM, rm, rv);
    assertEquals(0.38f, rm.get(0), 1e-7f);
    assertEquals(1.79f, rv.get(0), 1e-6f);
  }

  @Test
  void updateRunning_fiveRandomSteps_matchesDoubleRecurrence() {
    Random rng = new Random(42);
    int b = 4;
    int c = 3;
    int s = 6;
    Tensor rm = Tensor.zeros(c);
    Tensor rv = Tensor.of(new float[] {1, 1, 1}, c);
    double[] erm = new double[c];
    double[] erv = {1, 1, 1};
    float[] mean = new float[c];
    float[] var = new float[c];
    float[] inv = new float[c];
    for (int step = 0; step < 5; step++) {
      Tensor x = ConvReference.random(rng, b, c, 2, 3);
      BatchNormKernels.trainForward(
          x, positive(rng, c), Tensor.zeros(c), EPS, Tensor.zeros(x.shape()), mean, var, inv);
      BatchNormKernels.updateRunning(mean, var, b * s, MOMENTUM, rm, rv);
      for (int ch = 0; ch < c; ch++) {
        double sum = 0;
        for (int n = 0; n < b; n++) {
          for (int i = 0; i < s; i++) {
            sum += x.data()[(n * c + ch) * s + i];
          }
        }
        double m = sum / (b * s);
        double sq = 0;
        for (int n = 0; n < b; n++) {
          for (int i = 0; i < s; i++) {
            double d = x.data()[(n * c + ch) * s + i] - m;
            sq += d * d;
          }
        }
        erm[ch] = 0.9 * erm[ch] + 0.1 * m;
        erv[ch] = 0.9 * erv[ch] + 0.1 * sq / (b * s - 1);
      }
    }
    for (int ch = 0; ch < c; ch++) {
      assertEquals(erm[ch], rm.get(ch), STATS_TOLERANCE, "running mean " + ch);
      assertEquals(erv[ch], rv.get(ch), STATS_TOLERANCE, "running var " + ch);
    }
  }

  @Test
  void trainBackward_manyShapes_matchesFiniteDifferences() {
    Random rng = new Random(43);
    for (int[] shape : SHAPES) {
      checkBackward(rng, shape, true);
    }
  }

  @Test
  void evalBackward_manyShapes_matchesFiniteDifferences() {
    Random rng = new Random(44);
    for (int[] shape : SHAPES) {
      checkBackward(rng, shape, false);
    }
  }

  private static void checkBackward(Random rng, int[] shape, boolean training) {
    Tensor x = ConvReference.random(rng, shape);
    int b = shape[0];
    int c = shape[1];
    Tensor gamma = positive(rng, c);
    Tensor beta = ConvReference.random(rng, c);
    Tensor rm = ConvReference.random(rng, c);
    Tensor rv = positive(rng, c);
    Tensor r = ConvReference.random(rng, shape);
    Tensor y = Tensor.zeros(shape);
    float[] mean = new float[c];
    float[] var = new float[c];
    float[] inv = new float[c];
    Tensor dx = Tensor.zeros(shape);
    Tensor dg = Tensor.zeros(c);
    Tensor db = Tensor.zeros(c);
    if (training) {
      BatchNormKernels.trainForward(x, gamma, beta, EPS, y, mean, var, inv);
      BatchNormKernels.trainBackward(x, r, gamma, mean, inv, dx, dg, db);
    } else {
      BatchNormKernels.evalForward(x, gamma, beta, rm, rv, EPS, y);
      BatchNormKernels.evalBackward(x, r, gamma, rm, rv, EPS, dx, dg, db);
    }
    double[] xd = ConvReference.toDouble(x);
    double[] gd = ConvReference.toDouble(gamma);
    double[] bd = ConvReference.toDouble(beta);
    double[] rmd = training ? null : ConvReference.toDouble(rm);
    double[] rvd = training ? null : ConvReference.toDouble(rv);
    double[] rd = ConvReference.toDouble(r);
    double[][] targets = {xd, gd, bd};
    Tensor[] grads = {dx, dg, db};
    String[] names = {"dx", "dGamma", "dBeta"};
    for (int t = 0; t < targets.length; t++) {
      double[] target = targets[t];
      for (int i = 0; i < target.length; i++) {
        double saved = target[i];
        target[i] = saved + FD_STEP;
        double up = ConvReference.dot(ConvReference.batchNorm(b, c, xd, gd, bd, rmd, rvd, EPS), rd);
        target[i] = saved - FD_STEP;
        double down =
            ConvReference.dot(ConvReference.batchNorm(b, c, xd, gd, bd, rmd, rvd, EPS), rd);
        target[i] = saved;
        double e = (up - down) / (2 * FD_STEP);
        assertEquals(
            e,
            grads[t].data()[i],
            GRAD_TOLERANCE * (1 + Math.abs(e)),
            (training ? "train " : "eval ")
                + java.util.Arrays.toString(shape)
                + " "
                + names[t]
                + "["
                + i
                + "]");
      }
    }
  }

  @Test
  void evalForward_manyShapes_matchesReference() {
    Random rng = new Random(45);
    for (int[] shape : SHAPES) {
      Tensor x = ConvReference.random(rng, shape);
      int c = shape[1];
      Tensor gamma = positive(rng, c);
      Tensor beta = ConvReference.random(rng, c);
      Tensor rm = ConvReference.random(rng, c);
      Tensor rv = positive(rng, c);
      Tensor y = Tensor.zeros(shape);
      BatchNormKernels.evalForward(x, gamma, beta, rm, rv, EPS, y);
      double[] expected =
          ConvReference.batchNorm(
              shape[0],
              c,
              ConvReference.toDouble(x),
              ConvReference.toDouble(gamma),
              ConvReference.toDouble(beta),
              ConvReference.toDouble(rm),
              ConvReference.toDouble(rv),
              EPS);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], y.data()[i], FORWARD_TOLERANCE, "y[" + i + "]");
      }
    }
  }

  @Test
  void trainForwardAndBackward_elementLoops_sameBitsAsScalarFormula() {
    // S = 19: two whole 8-lane vectors (or one 16-lane) and a scalar tail; the scalar formula of
    // the kernels, evaluated here, must give the same bits on every element, whatever the path.
    Random rng = new Random(46);
    int b = 3;
    int c = 2;
    int s = 19;
    Tensor x = ConvReference.random(rng, b, c, s);
    Tensor gamma = positive(rng, c);
    Tensor beta = ConvReference.random(rng, c);
    Tensor y = Tensor.zeros(x.shape());
    float[] mean = new float[c];
    float[] var = new float[c];
    float[] inv = new float[c];
    BatchNormKernels.trainForward(x, gamma, beta, EPS, y, mean, var, inv);
    Tensor dy = ConvReference.random(rng, x.shape());
    Tensor dx = ConvReference.random(rng, x.shape());
    float[] dx0 = dx.data().clone();
    Tensor dg = Tensor.zeros(c);
    Tensor db = Tensor.zeros(c);
    BatchNormKernels.trainBackward(x, dy, gamma, mean, inv, dx, dg, db);
    int n = b * s;
    for (int ch = 0; ch < c; ch++) {
      float a = gamma.data()[ch] * inv[ch];
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int k = 0; k < b; k++) {
        for (int i = 0; i < s; i++) {
          int idx = (k * c + ch) * s + i;
          sumDy += dy.data()[idx];
          sumDyXhat += dy.data()[idx] * ((x.data()[idx] - mean[ch]) * (double) inv[ch]);
        }
      }
      double ad = (double) gamma.data()[ch] * inv[ch];
      float k2 = (float) (ad * sumDy / n);
      float k3 = (float) (ad * inv[ch] * sumDyXhat / n);
      for (int k = 0; k < b; k++) {
        for (int i = 0; i < s; i++) {
          int idx = (k * c + ch) * s + i;
          float xi = x.data()[idx];
          assertEquals(Math.fma(xi - mean[ch], a, beta.data()[ch]), y.data()[idx], EXACT);
          float d = Math.fma((float) ad, dy.data()[idx], -Math.fma(k3, xi - mean[ch], k2));
          assertEquals(dx0[idx] + d, dx.data()[idx], EXACT, "dx[" + idx + "]");
        }
      }
    }
  }

  @Test
  void allPasses_oneAndTwoThreads_bitwiseEqual() {
    int saved = Kernels.threads();
    try {
      float[][] one = runAll(1);
      float[][] two = runAll(2);
      for (int i = 0; i < one.length; i++) {
        assertArrayEquals(one[i], two[i], EXACT, "output " + i);
      }
    } finally {
      Kernels.setThreads(saved);
    }
  }

  private static float[][] runAll(int threads) {
    Kernels.setThreads(threads);
    Random rng = new Random(47);
    int c = 16;
    Tensor x = ConvReference.random(rng, 64, c, 12, 12);
    Tensor gamma = positive(rng, c);
    Tensor beta = ConvReference.random(rng, c);
    Tensor y = Tensor.zeros(x.shape());
    float[] mean = new float[c];
    float[] var = new float[c];
    float[] inv = new float[c];
    BatchNormKernels.trainForward(x, gamma, beta, EPS, y, mean, var, inv);
    Tensor dy = ConvReference.random(rng, x.shape());
    Tensor dx = Tensor.zeros(x.shape());
    Tensor dg = Tensor.zeros(c);
    Tensor db = Tensor.zeros(c);
    BatchNormKernels.trainBackward(x, dy, gamma, mean, inv, dx, dg, db);
    Tensor rm = Tensor.zeros(c);
    Tensor rv = Tensor.of(new float[c], c);
    Elementwise.fill(rv, 1f);
    BatchNormKernels.updateRunning(mean, var, 64 * 144, MOMENTUM, rm, rv);
    Tensor ye = Tensor.zeros(x.shape());
    BatchNormKernels.evalForward(x, gamma, beta, rm, rv, EPS, ye);
    BatchNormKernels.evalBackward(x, dy, gamma, rm, rv, EPS, dx, dg, db);
    return new float[][] {y.data(), mean, var, inv, dx.data(), dg.data(), db.data(), ye.data()};
  }

  @Test
  void updateRunning_singleValuePerChannel_saysBatchTooSmall() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BatchNormKernels.updateRunning(
                    new float[1], new float[1], 1, MOMENTUM, Tensor.zeros(1), Tensor.zeros(1)));
    assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
  }

  @Test
  void trainForward_wrongGamma_namesGammaAndChannels() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BatchNormKernels.trainForward(
                    Tensor.zeros(2, 3, 4, 4),
                    Tensor.zeros(4),
                    Tensor.zeros(3),
                    EPS,
                    Tensor.zeros(2, 3, 4, 4),
                    new float[3],
                    new float[3],
                    new float[3]));
    assertTrue(e.getMessage().contains("gamma has shape [4]; expected [3]"), e.getMessage());
  }

  @Test
  void evalForward_vectorInput_saysRankNeeded() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BatchNormKernels.evalForward(
                    Tensor.zeros(5),
                    Tensor.zeros(5),
                    Tensor.zeros(5),
                    Tensor.zeros(5),
                    Tensor.zeros(5),
                    EPS,
                    Tensor.zeros(5)));
    assertTrue(e.getMessage().contains("x must be [batch, channels, ...]"), e.getMessage());
  }
}
