package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reductions and broadcasting on hand-worked matrices, and the bias-gradient identity checked by
 * finite differences: {@code d/db Σ (x + b)·g = Σ_rows g}.
 */
class ReductionsTest {
  private static final float EXACT = 0f;
  private static final double FD_STEP = 1e-2;
  private static final double FD_TOLERANCE = 1e-3;

  // [[1, 2, 3],
  //  [4, 5, 6]]
  private static Tensor matrix() {
    return Tensor.ofRows(new float[] {1, 2, 3}, new float[] {4, 5, 6});
  }

  @Test
  void columnSums_matrix_sumPerColumnOverwrites() {
    Tensor out = Tensor.of(new float[] {9, 9, 9}, 3);
    assertSame(out, Reductions.columnSums(matrix(), out));
    assertArrayEquals(new float[] {5, 7, 9}, out.data(), EXACT);
  }

  @Test
  void columnSumsAdd_matrix_accumulates() {
    Tensor out = Tensor.of(new float[] {1, 1, 1}, 3);
    Reductions.columnSumsAdd(matrix(), out);
    assertArrayEquals(new float[] {6, 8, 10}, out.data(), EXACT);
  }

  @Test
  void rowSums_matrix_sumPerRow() {
    assertArrayEquals(
        new float[] {6, 15}, Reductions.rowSums(matrix(), Tensor.zeros(2)).data(), EXACT);
  }

  @Test
  void sum_allElements_doublePrecision() {
    assertEquals(21.0, Reductions.sum(matrix()), 0.0);
    // 2^25 ones: a float accumulator would stall at 2^24; the double one does not.
    Tensor big = Tensor.zeros(1 << 25);
    Elementwise.fill(big, 1f);
    assertEquals(1 << 25, Reductions.sum(big), 0.0);
  }

  @Test
  void argmaxRows_tiesAndNegatives_firstIndexOfMaximum() {
    Tensor a = Tensor.ofRows(new float[] {3, 7, 7}, new float[] {-5, -1, -2});
    assertArrayEquals(new int[] {1, 1}, Reductions.argmaxRows(a, new int[2]));
  }

  @Test
  void argmaxRows_noColumns_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Reductions.argmaxRows(Tensor.zeros(2, 0), new int[2]));
    assertTrue(e.getMessage().contains("0 columns"), e.getMessage());
  }

  @Test
  void argmaxRows_shortOutput_throws() {
    assertThrows(IllegalArgumentException.class, () -> Reductions.argmaxRows(matrix(), new int[1]));
  }

  @Test
  void addRowVector_bias_addedToEveryRowAndInPlaceAllowed() {
    Tensor a = matrix();
    Reductions.addRowVector(a, Tensor.of(new float[] {10, 20, 30}, 3), a);
    assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.data(), EXACT);
  }

  @Test
  void columnSums_finiteDifferenceOfBiasedLoss_matchesBiasGradient() {
    // L(b) = Σ_ij (x_ij + b_j)·g_ij, so dL/db_j = Σ_i g_ij: the bias gradient is columnSums(g).
    Tensor x = matrix();
    Tensor g = Tensor.ofRows(new float[] {0.5f, -1, 2}, new float[] {1.5f, 3, -0.25f});
    Tensor grad = Reductions.columnSums(g, Tensor.zeros(3));
    for (int j = 0; j < 3; j++) {
      Tensor plus = Tensor.zeros(3);
      Tensor minus = Tensor.zeros(3);
      plus.set((float) FD_STEP, j);
      minus.set((float) -FD_STEP, j);
      double fd = (loss(x, plus, g) - loss(x, minus, g)) / (2 * FD_STEP);
      assertEquals(fd, grad.get(j), FD_TOLERANCE, "column " + j);
    }
  }

  private static double loss(Tensor x, Tensor b, Tensor g) {
    Tensor y = Reductions.addRowVector(x, b, Tensor.zeros(2, 3));
    double s = 0;
    for (int i = 0; i < y.size(); i++) {
      s += (double) y.data()[i] * g.data()[i];
    }
    return s;
  }

  @Test
  void kernels_wrongShapes_throwNamingKernel() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Reductions.columnSums(matrix(), Tensor.zeros(2)));
    assertTrue(e.getMessage().startsWith("columnSums:"), e.getMessage());
    assertTrue(e.getMessage().contains("expected 3 elements"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Reductions.rowSums(matrix(), Tensor.zeros(3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Reductions.rowSums(Tensor.zeros(2, 2, 2), Tensor.zeros(2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Reductions.addRowVector(matrix(), Tensor.zeros(2), Tensor.zeros(2, 3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Reductions.addRowVector(matrix(), Tensor.zeros(3), Tensor.zeros(3, 2)));
  }
}
