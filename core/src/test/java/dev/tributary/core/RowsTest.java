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

  @Test
  void gather_imageRows_copiesWholeImages() {
    float[] images = new float[3 * 2 * 2 * 2];
    for (int i = 0; i < images.length; i++) {
      images[i] = i;
    }
    Tensor dst = Tensor.zeros(2, 2, 2, 2);
    Rows.gather(Tensor.of(images, 3, 2, 2, 2), new int[] {2, 0}, 0, dst);
    assertArrayEquals(
        new float[] {16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7}, dst.data(), 0f);
  }

  @Test
  void gather_rowShapesDiffer_namesBothShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Rows.gather(Tensor.zeros(3, 2, 4), new int[] {0}, 0, Tensor.zeros(1, 4, 2)));
    assertTrue(
        e.getMessage().contains("rows of shape [2, 4]") && e.getMessage().contains("[1, 4, 2]"),
        e.getMessage());
  }

  @Test
  void gather_rankOneSource_isRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Rows.gather(Tensor.zeros(3), new int[] {0}, 0, Tensor.zeros(1, 1)));
    assertTrue(e.getMessage().contains("src must have rank 2 or more"), e.getMessage());
  }
}
