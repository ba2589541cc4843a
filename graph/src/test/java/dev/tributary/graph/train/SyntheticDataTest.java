package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import org.junit.jupiter.api.Test;

/** The reports' generated problems. */
class SyntheticDataTest {
  private static final int N = 4000;
  private static final long SEED = 1;

  /** Three standard errors of a binomial proportion at p = 1/2 with n = 4000. */
  private static final double BALANCE_TOLERANCE = 3 * 0.5 / Math.sqrt(N);

  /** Three standard errors of the mean of n standard-normal values. */
  private static final double MEAN_TOLERANCE = 3 / Math.sqrt(N);

  /** Three standard errors of the sample variance of n standard-normal values (√(2/n)). */
  private static final double VARIANCE_TOLERANCE = 3 * Math.sqrt(2.0 / N);

  @Test
  void disc_largeSample_balancedAndLabelsMatchGeometry() {
    Dataset d = SyntheticData.disc(N, SEED);
    float[] x = d.features("x").data();
    float[] y = d.targets("y").data();
    double inside = 0;
    for (int i = 0; i < N; i++) {
      double r = Math.hypot(x[2 * i] - 0.5, x[2 * i + 1] - 0.5);
      assertEquals(r < 1 / Math.sqrt(2 * Math.PI) ? 1f : 0f, y[i]);
      assertTrue(x[2 * i] >= 0 && x[2 * i] < 1 && x[2 * i + 1] >= 0 && x[2 * i + 1] < 1);
      inside += y[i];
    }
    assertEquals(0.5, inside / N, BALANCE_TOLERANCE);
  }

  @Test
  void discOneHot_sameSeed_samePointsAndArgmaxLabels() {
    Dataset plain = SyntheticData.disc(100, SEED);
    Dataset oneHot = SyntheticData.discOneHot(100, SEED);
    assertArrayEquals(plain.features("x").data(), oneHot.features("x").data());
    Tensor t = oneHot.targets("y");
    for (int i = 0; i < 100; i++) {
      assertEquals(1f, t.get(i, 0) + t.get(i, 1));
      assertEquals(plain.targets("y").data()[i], t.get(i, 1));
    }
  }

  @Test
  void linear_softLabels_followLineOfSlopeFour() {
    Dataset d = SyntheticData.linear(N, SEED);
    float[] x = d.features("x").data();
    float[] y = d.targets("y").data();
    double[] sum = new double[2];
    double[] squares = new double[2];
    for (int i = 0; i < N; i++) {
      assertEquals(x[2 * i + 1] > 4 * x[2 * i] ? 0.8f : 0.2f, y[i]);
      for (int c = 0; c < 2; c++) {
        sum[c] += x[2 * i + c];
        squares[c] += (double) x[2 * i + c] * x[2 * i + c];
      }
    }
    for (int c = 0; c < 2; c++) { // both columns standard normal
      double mean = sum[c] / N;
      assertEquals(0, mean, MEAN_TOLERANCE, "mean of column " + c);
      assertEquals(1, squares[c] / N - mean * mean, VARIANCE_TOLERANCE, "variance of column " + c);
    }
  }

  @Test
  void siamesePairs_targetsConsistent() {
    Dataset d = SyntheticData.siamesePairs(200, SEED);
    float[] d1 = d.targets("d1").data();
    float[] d2 = d.targets("d2").data();
    float[] closer = d.targets("closer").data();
    float[] p1 = d.features("p1").data();
    for (int i = 0; i < 200; i++) {
      assertEquals(d1[i] < d2[i] ? 1f : 0f, closer[i]);
      assertEquals(Math.hypot(p1[2 * i] - 0.5, p1[2 * i + 1] - 0.5), d1[i], 1e-6);
    }
  }
}
