package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The float tanh stays within its error bound of the exact value, over many magnitudes. */
class TanhTest {
  private static final int SAMPLES = 2_000_000;

  /** The bound documented on {@link Elementwise#tanh(float)}: 1.31 ulp measured. */
  private static final double MAX_ULPS = 1.32;

  @Test
  void tanh_sweepOverMagnitudes_withinBoundOfExactValue() {
    SplittableRandom rng = new SplittableRandom(2026);
    for (int i = 0; i < SAMPLES; i++) {
      float x = (float) ((rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(9) - 7) * 20);
      double exact = Math.tanh(x);
      double ulps = Math.abs(Elementwise.tanh(x) - exact) / Math.ulp((float) exact);
      assertTrue(ulps <= MAX_ULPS, () -> "tanh(" + x + ") off by " + ulps + " ulp");
    }
  }

  @Test
  void tanh_specialValues_matchMathTanh() {
    float[] special = {
      0f,
      -0f,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      1e-20f,
      -1e-20f,
      20f,
      -20f,
      Float.MAX_VALUE,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.NaN
    };
    for (float x : special) {
      assertEquals(
          Float.floatToIntBits((float) Math.tanh(x)),
          Float.floatToIntBits(Elementwise.tanh(x)),
          () -> "tanh(" + x + ")");
    }
  }
}
