package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProbabilitiesTest {
  private static final double TOLERANCE = 1e-6;

  @Test
  void softmaxRows_knownLogits_matchesClosedForm() {
    Tensor a = Tensor.of(new float[] {0f, 0f, (float) Math.log(2), 1f, 2f, 3f}, 2, 3);
    Tensor out = Probabilities.softmaxRows(a, Tensor.zeros(2, 3));
    assertEquals(0.25, out.get(0, 0), TOLERANCE);
    assertEquals(0.25, out.get(0, 1), TOLERANCE);
    assertEquals(0.5, out.get(0, 2), TOLERANCE);
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertEquals(Math.exp(1) / z, out.get(1, 0), TOLERANCE);
    assertEquals(Math.exp(3) / z, out.get(1, 2), TOLERANCE);
  }

  @Test
  void softmaxRows_hugeLogitsInPlace_staysFinite() {
    Tensor a = Tensor.of(new float[] {1000f, 1000f, -1000f}, 1, 3);
    assertSame(a, Probabilities.softmaxRows(a, a));
    assertEquals(0.5, a.get(0, 0), TOLERANCE);
    assertEquals(0.5, a.get(0, 1), TOLERANCE);
    assertEquals(0.0, a.get(0, 2), TOLERANCE);
  }

  @Test
  void softmaxRows_mismatchedOutput_namesKernel() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Probabilities.softmaxRows(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
    assertTrue(e.getMessage().contains("softmaxRows"), e.getMessage());
  }

  @Test
  void atLeast_thresholdHalf_decidesEachElement() {
    Tensor p = Tensor.of(new float[] {0.2f, 0.5f, 0.9f, 0.49999f}, 4, 1);
    int[] out = Probabilities.atLeast(p, 0.5f, new int[4]);
    assertEquals(0, out[0]);
    assertEquals(1, out[1]);
    assertEquals(1, out[2]);
    assertEquals(0, out[3]);
  }
}
