package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Initialisers: bounds, first and second moments on large seeded samples, determinism. */
class InitTest {
  private static final int FAN_OUT = 200;
  private static final int FAN_IN = 300;

  /** Sample-mean tolerance: 5 standard errors of the mean of 60 000 draws (σ/√n ≈ 0.004σ). */
  private static final double MEAN_TOLERANCE_SIGMAS = 0.02;

  /** Relative tolerance on the sample variance: its relative standard error is about 0.6%. */
  private static final double VARIANCE_RELATIVE_TOLERANCE = 0.03;

  private static Tensor filled(Init init, long seed) {
    Tensor w = Tensor.zeros(FAN_OUT, FAN_IN);
    init.fillWeight(w, new SplittableRandom(seed));
    return w;
  }

  private static double mean(Tensor t) {
    return Reductions.sum(t) / t.size();
  }

  private static double variance(Tensor t) {
    double m = mean(t);
    double s = 0;
    for (float v : t.data()) {
      s += (v - m) * (v - m);
    }
    return s / t.size();
  }

  private static double maxAbs(Tensor t) {
    double max = 0;
    for (float v : t.data()) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private static void checkUniform(Init init, double bound) {
    Tensor w = filled(init, 1);
    double sigma = bound / Math.sqrt(3);
    assertTrue(maxAbs(w) <= bound, init + ": a draw exceeds the bound " + bound);
    assertTrue(maxAbs(w) > 0.99 * bound, init + ": draws do not reach the bound " + bound);
    assertEquals(0, mean(w), MEAN_TOLERANCE_SIGMAS * sigma, init + " mean");
    assertEquals(
        sigma * sigma, variance(w), VARIANCE_RELATIVE_TOLERANCE * sigma * sigma, init + " var");
  }

  @Test
  void xavierUniform_weight_withinGlorotBoundAndVariance() {
    checkUniform(Init.XAVIER_UNIFORM, Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
  }

  @Test
  void heUniform_weight_withinHeBoundAndVariance() {
    checkUniform(Init.HE_UNIFORM, Math.sqrt(6.0 / FAN_IN));
  }

  @Test
  void uniform_weight_withinInverseSqrtFanIn() {
    checkUniform(Init.UNIFORM, 1 / Math.sqrt(FAN_IN));
  }

  @Test
  void xavierNormal_weight_glorotVarianceAndNormalTails() {
    Tensor w = filled(Init.XAVIER_NORMAL, 2);
    double sigma = Math.sqrt(2.0 / (FAN_IN + FAN_OUT));
    assertEquals(0, mean(w), MEAN_TOLERANCE_SIGMAS * sigma);
    assertEquals(sigma * sigma, variance(w), VARIANCE_RELATIVE_TOLERANCE * sigma * sigma);
    int beyondTwoSigma = 0;
    for (float v : w.data()) {
      if (Math.abs(v) > 2 * sigma) {
        beyondTwoSigma++;
      }
    }
    // A normal puts 4.55% of its mass beyond 2σ (a uniform of that variance puts none).
    assertEquals(0.0455, beyondTwoSigma / (double) w.size(), 0.005);
  }

  @Test
  void zeros_weight_allZero() {
    assertEquals(0, maxAbs(filled(Init.ZEROS, 3)));
  }

  @Test
  void fillWeight_sameSeed_bitwiseSameWeights() {
    for (Init init : Init.values()) {
      assertEquals(filled(init, 42), filled(init, 42), init.toString());
    }
  }

  @Test
  void fillWeight_differentSeeds_differentWeights() {
    assertTrue(!filled(Init.XAVIER_UNIFORM, 1).equals(filled(Init.XAVIER_UNIFORM, 2)));
  }

  @Test
  void fill_oneDrawPerElement_generatorAdvancesBySize() {
    SplittableRandom a = new SplittableRandom(9);
    Init.UNIFORM.fill(Tensor.zeros(7), 3, 2, a);
    SplittableRandom b = new SplittableRandom(9);
    for (int i = 0; i < 7; i++) {
      b.nextDouble();
    }
    assertEquals(b.nextLong(), a.nextLong());
  }

  @Test
  void fill_nonPositiveFan_throwsNamingFans() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Init.HE_UNIFORM.fill(Tensor.zeros(2), 0, 2, new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("HE_UNIFORM"), e.getMessage());
    assertTrue(e.getMessage().contains("0 and 2"), e.getMessage());
  }

  @Test
  void fillWeight_rank1_throwsNamingRank() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Init.XAVIER_UNIFORM.fillWeight(Tensor.zeros(4), new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("[out, in]"), e.getMessage());
  }
}
