package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Max and average pooling against naive double references (values, argmax) and their backward
 * passes against central finite differences; ties, NaN, accumulation, threads and errors.
 */
class PoolKernelsTest {
  private static final float EXACT = 0f;

  /** Average of at most k² floats in [−1, 1]. */
  private static final double AVG_TOLERANCE = 1e-6;

  /** A step far below the gap between a window's two largest random values: max is linear there. */
  private static final double FD_STEP = 1e-7;

  private static final double FD_TOLERANCE = 1e-5;

  /** {B, C, H, W, k, stride}. */
  private static final int[][] CASES = {
    {2, 3, 7, 6, 2, 2},
    {1, 1, 5, 5, 5, 5},
    {3, 2, 9, 8, 3, 2},
    {2, 2, 7, 7, 3, 1},
    {1, 2, 5, 7, 2, 2},
    {2, 1, 6, 9, 4, 3},
  };

  private static ConvGeometry geometry(int[] c) {
    return new ConvGeometry(c[1], c[2], c[3], c[4], c[5], 0);
  }

  @Test
  void maxForward_manyGeometries_matchesReferenceValuesAndArgmax() {
    Random rng = new Random(21);
    for (int[] c : CASES) {
      ConvGeometry g = geometry(c);
      Tensor x = ConvReference.random(rng, c[0], c[1], c[2], c[3]);
      Tensor y = Tensor.zeros(c[0], c[1], g.outHeight(), g.outWidth());
      int[] argmax = new int[y.size()];
      PoolKernels.maxForward(g, x, y, argmax);
      int[] expectedArg = new int[y.size()];
      double[] expected = ConvReference.maxPool(g, c[0], ConvReference.toDouble(x), expectedArg);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], y.data()[i], EXACT, g + " y[" + i + "]");
      }
      assertArrayEquals(expectedArg, argmax, g.toString());
    }
  }

  @Test
  void maxForward_ties_firstMaximumWins() {
    // Window [[1, 3], [3, 2]]: the first 3 (flat index 1) is kept.
    ConvGeometry g = new ConvGeometry(1, 2, 2, 2, 2, 0);
    Tensor y = Tensor.zeros(1, 1, 1, 1);
    int[] argmax = new int[1];
    PoolKernels.maxForward(g, Tensor.of(new float[] {1, 3, 3, 2}, 1, 1, 2, 2), y, argmax);
    assertEquals(3f, y.get(0, 0, 0, 0), EXACT);
    assertEquals(1, argmax[0]);
  }

  @Test
  void maxForward_twoByTwoWithTiesAndSignedZeros_sameChoicesAsReference() {
    // The 2×2 stride-2 path selects without branches: values drawn from {−1, −0, 0, 1} make every
    // kind of tie, and the chosen element (value bits and index) must be the scan order's first.
    Random rng = new Random(5);
    float[] levels = {-1f, -0f, 0f, 1f};
    ConvGeometry g = new ConvGeometry(3, 8, 10, 2, 2, 0);
    Tensor x = Tensor.zeros(4, 3, 8, 10);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = levels[rng.nextInt(levels.length)];
    }
    Tensor y = Tensor.zeros(4, 3, g.outHeight(), g.outWidth());
    int[] argmax = new int[y.size()];
    PoolKernels.maxForward(g, x, y, argmax);
    int[] expectedArg = new int[y.size()];
    ConvReference.maxPool(g, 4, ConvReference.toDouble(x), expectedArg);
    assertArrayEquals(expectedArg, argmax);
    for (int i = 0; i < y.size(); i++) {
      assertEquals(
          Float.floatToRawIntBits(x.data()[expectedArg[i]]),
          Float.floatToRawIntBits(y.data()[i]),
          "y[" + i + "] is the chosen element's bits");
    }
  }

  @Test
  void maxForward_twoNaNsInWindow_lastNanWinsAsPyTorch() {
    // PyTorch's rule `val > max || isnan(val)` lets every NaN replace the maximum so far.
    ConvGeometry g = new ConvGeometry(1, 2, 2, 2, 2, 0);
    Tensor y = Tensor.zeros(1, 1, 1, 1);
    int[] argmax = new int[1];
    PoolKernels.maxForward(
        g, Tensor.of(new float[] {Float.NaN, 7, Float.NaN, 2}, 1, 1, 2, 2), y, argmax);
    assertTrue(Float.isNaN(y.get(0, 0, 0, 0)));
    assertEquals(2, argmax[0]);
  }

  @Test
  void maxForward_nanInWindow_propagatesNan() {
    ConvGeometry g = new ConvGeometry(1, 2, 2, 2, 2, 0);
    Tensor y = Tensor.zeros(1, 1, 1, 1);
    int[] argmax = new int[1];
    PoolKernels.maxForward(g, Tensor.of(new float[] {1, Float.NaN, 5, 2}, 1, 1, 2, 2), y, argmax);
    assertTrue(Float.isNaN(y.get(0, 0, 0, 0)));
    assertEquals(1, argmax[0]);
  }

  @Test
  void maxBackward_manyGeometries_matchesFiniteDifferences() {
    Random rng = new Random(22);
    for (int[] c : CASES) {
      ConvGeometry g = geometry(c);
      Tensor x = ConvReference.random(rng, c[0], c[1], c[2], c[3]);
      Tensor y = Tensor.zeros(c[0], c[1], g.outHeight(), g.outWidth());
      int[] argmax = new int[y.size()];
      PoolKernels.maxForward(g, x, y, argmax);
      Tensor r = ConvReference.random(rng, y.shape());
      Tensor dx = Tensor.zeros(x.shape());
      PoolKernels.maxBackward(g, r, argmax, dx);
      double[] xd = ConvReference.toDouble(x);
      double[] rd = ConvReference.toDouble(r);
      for (int i = 0; i < xd.length; i++) {
        double saved = xd[i];
        xd[i] = saved + FD_STEP;
        double up = ConvReference.dot(ConvReference.maxPool(g, c[0], xd, null), rd);
        xd[i] = saved - FD_STEP;
        double down = ConvReference.dot(ConvReference.maxPool(g, c[0], xd, null), rd);
        xd[i] = saved;
        assertEquals((up - down) / (2 * FD_STEP), dx.data()[i], FD_TOLERANCE, g + " dx[" + i + "]");
      }
    }
  }

  @Test
  void avgForward_manyGeometries_matchesReference() {
    Random rng = new Random(23);
    for (int[] c : CASES) {
      ConvGeometry g = geometry(c);
      Tensor x = ConvReference.random(rng, c[0], c[1], c[2], c[3]);
      Tensor y = Tensor.zeros(c[0], c[1], g.outHeight(), g.outWidth());
      PoolKernels.avgForward(g, x, y);
      double[] expected = ConvReference.avgPool(g, c[0], ConvReference.toDouble(x));
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], y.data()[i], AVG_TOLERANCE, g + " y[" + i + "]");
      }
    }
  }

  @Test
  void avgBackward_manyGeometries_matchesFiniteDifferences() {
    Random rng = new Random(24);
    double step = 1e-3; // linear: the central difference is exact up to rounding
    for (int[] c : CASES) {
      ConvGeometry g = geometry(c);
      Tensor x = ConvReference.random(rng, c[0], c[1], c[2], c[3]);
      Tensor r = ConvReference.random(rng, c[0], c[1], g.outHeight(), g.outWidth());
      Tensor dx = Tensor.zeros(x.shape());
      PoolKernels.avgBackward(g, r, dx);
      double[] xd = ConvReference.toDouble(x);
      double[] rd = ConvReference.toDouble(r);
      for (int i = 0; i < xd.length; i++) {
        double saved = xd[i];
        xd[i] = saved + step;
        double up = ConvReference.dot(ConvReference.avgPool(g, c[0], xd), rd);
        xd[i] = saved - step;
        double down = ConvReference.dot(ConvReference.avgPool(g, c[0], xd), rd);
        xd[i] = saved;
        assertEquals((up - down) / (2 * step), dx.data()[i], FD_TOLERANCE, g + " dx[" + i + "]");
      }
    }
  }

  @Test
  void backward_nonZeroGradient_accumulates() {
    ConvGeometry g = new ConvGeometry(1, 2, 2, 2, 2, 0);
    Tensor x = Tensor.of(new float[] {1, 4, 2, 3}, 1, 1, 2, 2);
    int[] argmax = new int[1];
    PoolKernels.maxForward(g, x, Tensor.zeros(1, 1, 1, 1), argmax);
    Tensor dx = Tensor.of(new float[] {1, 1, 1, 1}, 1, 1, 2, 2);
    PoolKernels.maxBackward(g, Tensor.of(new float[] {8}, 1, 1, 1, 1), argmax, dx);
    assertArrayEquals(new float[] {1, 9, 1, 1}, dx.data(), EXACT);
    PoolKernels.avgBackward(g, Tensor.of(new float[] {8}, 1, 1, 1, 1), dx);
    assertArrayEquals(new float[] {3, 11, 3, 3}, dx.data(), EXACT);
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
    Random rng = new Random(25);
    ConvGeometry g = new ConvGeometry(6, 24, 24, 3, 2, 0);
    Tensor x = ConvReference.random(rng, 64, 6, 24, 24);
    Tensor y = Tensor.zeros(64, 6, g.outHeight(), g.outWidth());
    Tensor dy = ConvReference.random(rng, y.shape());
    int[] argmax = new int[y.size()];
    PoolKernels.maxForward(g, x, y, argmax);
    Tensor dxMax = Tensor.zeros(x.shape());
    PoolKernels.maxBackward(g, dy, argmax, dxMax);
    Tensor avg = Tensor.zeros(y.shape());
    PoolKernels.avgForward(g, x, avg);
    Tensor dxAvg = Tensor.zeros(x.shape());
    PoolKernels.avgBackward(g, dy, dxAvg);
    float[] arg = new float[argmax.length];
    for (int i = 0; i < arg.length; i++) {
      arg[i] = argmax[i];
    }
    return new float[][] {y.data(), arg, dxMax.data(), avg.data(), dxAvg.data()};
  }

  @Test
  void maxForward_padding_saysPoolingHasNone() {
    ConvGeometry g = new ConvGeometry(1, 4, 4, 2, 2, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PoolKernels.maxForward(
                    g, Tensor.zeros(1, 1, 4, 4), Tensor.zeros(1, 1, 3, 3), new int[9]));
    assertTrue(e.getMessage().contains("pass padding 0"), e.getMessage());
  }

  @Test
  void maxForward_shortArgmax_saysHowManyNeeded() {
    ConvGeometry g = new ConvGeometry(1, 4, 4, 2, 2, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PoolKernels.maxForward(
                    g, Tensor.zeros(1, 1, 4, 4), Tensor.zeros(1, 1, 2, 2), new int[3]));
    assertTrue(e.getMessage().contains("argmax holds 3 ints; it needs at least 4"), e.getMessage());
  }

  @Test
  void avgForward_wrongOutputShape_namesY() {
    ConvGeometry g = new ConvGeometry(2, 5, 5, 2, 2, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PoolKernels.avgForward(g, Tensor.zeros(3, 2, 5, 5), Tensor.zeros(3, 2, 3, 3)));
    assertTrue(
        e.getMessage().contains("y has shape [3, 2, 3, 3]; expected [3, 2, 2, 2]"), e.getMessage());
  }

  @Test
  void maxBackward_foreignArgmax_namesIndexInsteadOfCorrupting() {
    ConvGeometry g = new ConvGeometry(1, 2, 2, 2, 2, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PoolKernels.maxBackward(
                    g, Tensor.zeros(2, 1, 1, 1), new int[] {0, 1}, Tensor.zeros(2, 1, 2, 2)));
    assertTrue(e.getMessage().contains("argmax[1] = 1 is outside"), e.getMessage());
  }
}
