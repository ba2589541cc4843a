package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast tanh rounds to the same float as {@code Math.tanh}, over many magnitudes. */
class TanhTest {
  private static final int SAMPLES = 2_000_000;

  @Test
  void tanh_sweepOverMagnitudes_equalsMathTanhBitwise() {
    SplittableRandom rng = new SplittableRandom(2026);
    for (int i = 0; i < SAMPLES; i++) {
      float x = (float) ((rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(9) - 7) * 20);
      assertEquals(
          Float.floatToIntBits((float) Math.tanh(x)),
          Float.floatToIntBits(Elementwise.tanh(x)),
          () -> "tanh(" + x + ")");
    }
  }

  @Test
  void tanh_specialValues_matchMathTanh() {
    float[] special = {
      0f,
      -0f,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      0.01f,
      -0.01f,
      9.999999e-3f,
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
