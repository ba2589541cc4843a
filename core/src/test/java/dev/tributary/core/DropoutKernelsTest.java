package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dropout masks drawn in order from the seed, the products' bits, the zero rate, and errors. */
class DropoutKernelsTest {
  private static final float EXACT = 0f;

  /** Standard errors of the observed zero rate allowed around p. */
  private static final double RATE_SIGMAS = 4;

  @Test
  void forward_seed_maskIsSequentialDrawsAndOutputIsProduct() {
    float p = 0.3f;
    Tensor x = ConvReference.random(new Random(51), 4, 3, 5, 5);
    float[] mask = new float[x.size()];
    Tensor y = Tensor.zeros(x.shape());
    DropoutKernels.forward(x, p, new SplittableRandom(7), mask, y);
    SplittableRandom rng = new SplittableRandom(7);
    float scale = 1f / (1f - p);
    for (int i = 0; i < mask.length; i++) {
      float expected = rng.nextDouble() < p ? 0f : scale;
      assertEquals(expected, mask[i], EXACT, "mask[" + i + "]");
      assertEquals(x.data()[i] * expected, y.data()[i], EXACT, "y[" + i + "]");
    }
  }

  @Test
  void forward_manyElements_zeroRateNearP() {
    float p = 0.25f;
    int n = 200_000;
    float[] mask = new float[n];
    DropoutKernels.forward(Tensor.zeros(n), p, new SplittableRandom(8), mask, Tensor.zeros(n));
    int zeros = 0;
    for (float m : mask) {
      zeros += m == 0f ? 1 : 0;
    }
    double rate = (double) zeros / n;
    assertEquals(p, rate, RATE_SIGMAS * Math.sqrt(p * (1 - p) / n), "zero rate");
  }

  @Test
  void forward_pZero_identityWithoutDrawing() {
    Tensor x = ConvReference.random(new Random(52), 3, 7);
    Tensor y = Tensor.zeros(3, 7);
    SplittableRandom rng = new SplittableRandom(9);
    float[] mask = new float[21];
    DropoutKernels.forward(x, 0f, rng, mask, y);
    assertEquals(x, y);
    assertEquals(new SplittableRandom(9).nextLong(), rng.nextLong());
  }

  @Test
  void backward_nonZeroGradient_accumulatesProductWithMask() {
    float p = 0.5f;
    Tensor x = ConvReference.random(new Random(53), 37);
    float[] mask = new float[37];
    DropoutKernels.forward(x, p, new SplittableRandom(10), mask, Tensor.zeros(37));
    Tensor dy = ConvReference.random(new Random(54), 37);
    Tensor dx = ConvReference.random(new Random(55), 37);
    float[] before = dx.data().clone();
    DropoutKernels.backward(dy, mask, dx);
    for (int i = 0; i < 37; i++) {
      assertEquals(before[i] + dy.data()[i] * mask[i], dx.data()[i], EXACT, "dx[" + i + "]");
    }
  }

  @Test
  void forward_oneAndTwoThreads_sameMask() {
    int saved = Kernels.threads();
    try {
      float[] one = new float[300_000];
      float[] two = new float[300_000];
      Kernels.setThreads(1);
      DropoutKernels.forward(
          Tensor.zeros(300_000), 0.4f, new SplittableRandom(11), one, Tensor.zeros(300_000));
      Kernels.setThreads(2);
      DropoutKernels.forward(
          Tensor.zeros(300_000), 0.4f, new SplittableRandom(11), two, Tensor.zeros(300_000));
      assertArrayEquals(one, two, EXACT);
    } finally {
      Kernels.setThreads(saved);
    }
  }

  @Test
  void forward_pOne_saysRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DropoutKernels.forward(
                    Tensor.zeros(2), 1f, new SplittableRandom(1), new float[2], Tensor.zeros(2)));
    assertTrue(e.getMessage().contains("p must be in [0, 1), got 1.0"), e.getMessage());
  }

  @Test
  void backward_shortMask_saysLength() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DropoutKernels.backward(Tensor.zeros(4), new float[3], Tensor.zeros(4)));
    assertTrue(e.getMessage().contains("mask holds 3 floats; it needs at least 4"), e.getMessage());
  }
}
