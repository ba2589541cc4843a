package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RowsTest {
  private static final Tensor SRC =
      Tensor.ofRows(new float[] {0, 1}, new float[] {10, 11}, new float[] {20, 21});

  @Test
  void gather_indexOrder_copiesChosenRows() {
    Tensor dst = Tensor.zeros(2, 2);
    Rows.gather(SRC, new int[] {9, 2, 0, 1}, 1, dst);
    assertArrayEquals(new float[] {20, 21, 0, 1}, dst.data(), 0f);
  }

  @Test
  void gather_indexOutOfRange_namesIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Rows.gather(SRC, new int[] {3}, 0, Tensor.zeros(1, 2)));
    assertTrue(e.getMessage().contains("row index 3 is out of range for 3 rows"), e.getMessage());
  }

  @Test
  void gather_tooFewIndices_isRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Rows.gather(SRC, new int[] {0}, 0, Tensor.zeros(2, 2)));
  }
}
