package dev.tributary.graph.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.torch.Torch.BatchNormResult;
import dev.tributary.graph.torch.Torch.Conv2dResult;
import dev.tributary.graph.torch.Torch.Mode;
import dev.tributary.graph.torch.Torch.Result;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Proves the libtorch ops right without our operators: convolution against a naive loop, the
 * poolings against hand values, batch norm and softmax against their formulas ({@link TorchNetTest}
 * checks the whole-network reference).
 */
class TorchTest {
  /** float32 libtorch against a float64 loop: relative to the largest magnitude. */
  static final double TOLERANCE = 1e-5;

  static float[] random(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  static void assertClose(double[] expected, float[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    double scale = 1e-3;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol * scale, what + "[" + i + "]");
    }
  }

  @Test
  void conv2d_randomShapesStridesAndPadding_matchesNaiveLoop() {
    Random rnd = new Random(12);
    int[][] cases = { // N, C, H, W, O, k, stride, padding
      {2, 3, 7, 5, 4, 3, 1, 0},
      {3, 2, 9, 8, 5, 3, 2, 1},
      {1, 1, 5, 5, 2, 5, 1, 0},
      {2, 4, 6, 7, 3, 2, 2, 2}
    };
    for (int[] c : cases) {
      int n = c[0], ch = c[1], h = c[2], w = c[3], o = c[4], k = c[5], s = c[6], p = c[7];
      int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
      float[] x = random(rnd, n * ch * h * w);
      float[] wt = random(rnd, o * ch * k * k);
      float[] b = random(rnd, o);
      float[] dy = random(rnd, n * o * oh * ow);
      Conv2dResult r = Torch.conv2d(x, new int[] {n, ch, h, w}, wt, b, s, p, dy);

      double[] y = new double[n * o * oh * ow];
      double[] dx = new double[x.length];
      double[] dw = new double[wt.length];
      double[] db = new double[o];
      for (int ni = 0; ni < n; ni++) {
        for (int oi = 0; oi < o; oi++) {
          for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
              int yi = ((ni * o + oi) * oh + i) * ow + j;
              double sum = b[oi];
              db[oi] += dy[yi];
              for (int ci = 0; ci < ch; ci++) {
                for (int u = 0; u < k; u++) {
                  for (int v = 0; v < k; v++) {
                    int row = i * s + u - p, col = j * s + v - p;
                    if (row < 0 || row >= h || col < 0 || col >= w) {
                      continue;
                    }
                    int xi = ((ni * ch + ci) * h + row) * w + col;
                    int wi = ((oi * ch + ci) * k + u) * k + v;
                    sum += (double) wt[wi] * x[xi];
                    dx[xi] += (double) wt[wi] * dy[yi];
                    dw[wi] += (double) x[xi] * dy[yi];
                  }
                }
              }
              y[yi] = sum;
            }
          }
        }
      }
      String at = java.util.Arrays.toString(c);
      assertArrayEquals(new int[] {n, o, oh, ow}, r.yShape(), at);
      assertClose(y, r.y(), TOLERANCE, "y " + at);
      assertClose(dx, r.dx(), TOLERANCE, "dx " + at);
      assertClose(dw, r.dw(), TOLERANCE, "dw " + at);
      assertClose(db, r.db(), TOLERANCE, "db " + at);
    }
  }

  @Test
  void conv2d_weightNotSquare_throwsNamingTheShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Torch.conv2d(
                    new float[16],
                    new int[] {1, 1, 4, 4},
                    new float[6],
                    new float[2],
                    1,
                    0,
                    new float[18]));
    assertTrue(e.getMessage().contains("w has 6 values"), e.getMessage());
  }

  @Test
  void maxPool2d_handValues_picksWindowMaximaAndRoutesGradientToThem() {
    float[] x = {
      1, 5, 2, 0, 9, //
      3, 4, 8, 1, 9, //
      0, 7, 6, 2, 9, //
      1, 1, 3, 9, 9, //
      9, 9, 9, 9, 9
    };
    // 5×5, kernel 2, stride 2, floor mode: a 2×2 output; the last row and column are dropped.
    Result r = Torch.maxPool2d(x, new int[] {1, 1, 5, 5}, 2, 2, new float[] {10, 20, 30, 40});
    assertArrayEquals(new int[] {1, 1, 2, 2}, r.yShape());
    assertArrayEquals(new float[] {5, 8, 7, 9}, r.y());
    float[] dx = new float[25];
    dx[1] = 10; // 5 at (0,1)
    dx[7] = 20; // 8 at (1,2)
    dx[11] = 30; // 7 at (2,1)
    dx[18] = 40; // 9 at (3,3)
    assertArrayEquals(dx, r.dx());
  }

  @Test
  void maxPool2d_overlappingWindows_addsGradientsOfSharedMaximum() {
    float[] x = {1, 2, 3, 4, 9, 5, 6, 7, 8};
    // kernel 2 stride 1 on 3×3: every window contains the 9 at the centre.
    Result r = Torch.maxPool2d(x, new int[] {1, 1, 3, 3}, 2, 1, new float[] {1, 2, 3, 4});
    assertArrayEquals(new float[] {9, 9, 9, 9}, r.y());
    assertArrayEquals(new float[] {0, 0, 0, 0, 10, 0, 0, 0, 0}, r.dx());
  }

  @Test
  void avgPool2d_handValues_averagesWindowsAndSpreadsGradient() {
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
    // Two channels of 3×3, kernel 2, stride 1: four windows each.
    Result r =
        Torch.avgPool2d(x, new int[] {1, 2, 3, 3}, 2, 1, new float[] {4, 8, 0, 0, 0, 0, 0, 4});
    assertArrayEquals(new int[] {1, 2, 2, 2}, r.yShape());
    assertArrayEquals(new float[] {3, 4, 6, 7, 12, 13, 15, 16}, r.y(), (float) TOLERANCE);
    float[] dx = {1, 3, 2, 1, 3, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1};
    assertArrayEquals(dx, r.dx(), (float) TOLERANCE);
  }

  @Test
  void softmax_rows_matchFormulaAndItsJacobian() {
    Random rnd = new Random(3);
    float[] x = random(rnd, 12);
    float[] dy = random(rnd, 12);
    Result r = Torch.softmax(x, new int[] {3, 4}, 1, dy);
    double[] y = new double[12];
    double[] dx = new double[12];
    for (int row = 0; row < 3; row++) {
      double z = 0;
      for (int j = 0; j < 4; j++) {
        z += Math.exp(x[row * 4 + j]);
      }
      double dot = 0;
      for (int j = 0; j < 4; j++) {
        y[row * 4 + j] = Math.exp(x[row * 4 + j]) / z;
        dot += y[row * 4 + j] * dy[row * 4 + j];
      }
      for (int j = 0; j < 4; j++) {
        dx[row * 4 + j] = y[row * 4 + j] * (dy[row * 4 + j] - dot); // y ⊙ (dy − Σ dy·y)
      }
    }
    assertClose(y, r.y(), TOLERANCE, "y");
    assertClose(dx, r.dx(), TOLERANCE, "dx");
  }

  @Test
  void batchNorm_training2d_matchesFormulaAndUpdatesRunningStatistics() {
    Random rnd = new Random(5);
    int n = 4, c = 3, hw = 6;
    float[] x = random(rnd, n * c * hw);
    float[] dy = random(rnd, x.length);
    float[] gamma = random(rnd, c);
    float[] beta = random(rnd, c);
    float[] mean0 = {0.5f, -1f, 2f};
    float[] var0 = {1f, 2f, 0.5f};
    BatchNormResult r =
        Torch.batchNorm(x, new int[] {n, c, 2, 3}, gamma, beta, mean0, var0, 7, Mode.TRAINING, dy);

    double[] y = new double[x.length];
    double[] dx = new double[x.length];
    double[] dg = new double[c];
    double[] dbeta = new double[c];
    double[] mean1 = new double[c];
    double[] var1 = new double[c];
    int m = n * hw;
    for (int ci = 0; ci < c; ci++) {
      double mu = 0;
      double var = 0;
      for (int ni = 0; ni < n; ni++) {
        for (int k = 0; k < hw; k++) {
          mu += x[(ni * c + ci) * hw + k] / (double) m;
        }
      }
      for (int ni = 0; ni < n; ni++) {
        for (int k = 0; k < hw; k++) {
          double d = x[(ni * c + ci) * hw + k] - mu;
          var += d * d / m; // biased, for normalising
        }
      }
      double inv = 1 / Math.sqrt(var + Torch.BATCH_NORM_EPS);
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int ni = 0; ni < n; ni++) {
        for (int k = 0; k < hw; k++) {
          int i = (ni * c + ci) * hw + k;
          double xhat = (x[i] - mu) * inv;
          y[i] = gamma[ci] * xhat + beta[ci];
          sumDy += dy[i];
          sumDyXhat += dy[i] * xhat;
        }
      }
      dg[ci] = sumDyXhat;
      dbeta[ci] = sumDy;
      for (int ni = 0; ni < n; ni++) {
        for (int k = 0; k < hw; k++) {
          int i = (ni * c + ci) * hw + k;
          double xhat = (x[i] - mu) * inv;
          // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy·x̂))
          dx[i] = gamma[ci] * inv * (dy[i] - sumDy / m - xhat * sumDyXhat / m);
        }
      }
      mean1[ci] = 0.9 * mean0[ci] + 0.1 * mu;
      var1[ci] = 0.9 * var0[ci] + 0.1 * var * m / (m - 1); // unbiased for the running estimate
    }
    assertClose(y, r.y(), TOLERANCE, "y");
    assertClose(dx, r.dx(), TOLERANCE, "dx");
    assertClose(dg, r.dGamma(), TOLERANCE, "dγ");
    assertClose(dbeta, r.dBeta(), TOLERANCE, "dβ");
    assertClose(mean1, r.runningMean(), TOLERANCE, "running_mean");
    assertClose(var1, r.runningVar(), TOLERANCE, "running_var");
    assertEquals(8, r.numBatchesTracked());
  }

  @Test
  void batchNorm_threeTrainingSteps_runningStatisticsFollowTheMomentumRecursion() {
    Random rnd = new Random(8);
    int n = 6, c = 2, hw = 4;
    float[] gamma = {1f, 1f};
    float[] beta = {0f, 0f};
    float[] mean = {0f, 0f};
    float[] var = {1f, 1f};
    double[] expectedMean = {0, 0};
    double[] expectedVar = {1, 1};
    long tracked = 0;
    for (int step = 0; step < 3; step++) {
      float[] x = random(rnd, n * c * hw);
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i] * (step + 1) + step; // a different mean and spread at each step
      }
      BatchNormResult r =
          Torch.batchNorm(
              x,
              new int[] {n, c, 2, 2},
              gamma,
              beta,
              mean,
              var,
              tracked,
              Mode.TRAINING,
              new float[x.length]);
      int m = n * hw;
      for (int ci = 0; ci < c; ci++) {
        double mu = 0;
        double ss = 0;
        for (int ni = 0; ni < n; ni++) {
          for (int k = 0; k < hw; k++) {
            mu += x[(ni * c + ci) * hw + k] / (double) m;
          }
        }
        for (int ni = 0; ni < n; ni++) {
          for (int k = 0; k < hw; k++) {
            double d = x[(ni * c + ci) * hw + k] - mu;
            ss += d * d;
          }
        }
        expectedMean[ci] = (1 - Torch.BATCH_NORM_MOMENTUM) * expectedMean[ci] + 0.1 * mu;
        expectedVar[ci] = (1 - Torch.BATCH_NORM_MOMENTUM) * expectedVar[ci] + 0.1 * ss / (m - 1);
      }
      mean = r.runningMean();
      var = r.runningVar();
      tracked = r.numBatchesTracked();
      assertClose(expectedMean, mean, TOLERANCE, "running_mean after step " + step);
      assertClose(expectedVar, var, TOLERANCE, "running_var after step " + step);
    }
    assertEquals(3, tracked);
  }

  @Test
  void batchNorm_evaluation1d_usesRunningStatisticsAndLeavesThem() {
    Random rnd = new Random(6);
    int n = 5, c = 4;
    float[] x = random(rnd, n * c);
    float[] dy = random(rnd, n * c);
    float[] gamma = random(rnd, c);
    float[] beta = random(rnd, c);
    float[] mean = {0.1f, -0.2f, 0.3f, 0f};
    float[] var = {1.5f, 0.25f, 2f, 1f};
    BatchNormResult r =
        Torch.batchNorm(x, new int[] {n, c}, gamma, beta, mean, var, 3, Mode.EVALUATION, dy);
    double[] y = new double[n * c];
    double[] dx = new double[n * c];
    double[] dg = new double[c];
    double[] db = new double[c];
    for (int i = 0; i < n * c; i++) {
      int ci = i % c;
      double inv = 1 / Math.sqrt(var[ci] + Torch.BATCH_NORM_EPS);
      y[i] = gamma[ci] * (x[i] - mean[ci]) * inv + beta[ci];
      dx[i] = gamma[ci] * inv * dy[i];
      dg[ci] += dy[i] * (x[i] - mean[ci]) * inv;
      db[ci] += dy[i];
    }
    assertClose(y, r.y(), TOLERANCE, "y");
    assertClose(dx, r.dx(), TOLERANCE, "dx");
    assertClose(dg, r.dGamma(), TOLERANCE, "dγ");
    assertClose(db, r.dBeta(), TOLERANCE, "dβ");
    assertArrayEquals(mean, r.runningMean());
    assertArrayEquals(var, r.runningVar());
    assertEquals(3, r.numBatchesTracked());
  }
}
