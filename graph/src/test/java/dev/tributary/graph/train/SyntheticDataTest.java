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

  /** Four standard deviations of a binomial proportion at p = 1/2 with n = 4000. */
  private static final double BALANCE_TOLERANCE = 4 * 0.5 / Math.sqrt(N);

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
    double mean = 0;
    for (int i = 0; i < N; i++) {
      assertEquals(x[2 * i + 1] > 4 * x[2 * i] ? 0.8f : 0.2f, y[i]);
      mean += x[2 * i];
    }
    assertEquals(0, mean / N, 0.1); // standard normal
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
