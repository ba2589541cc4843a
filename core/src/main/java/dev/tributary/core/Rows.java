package dev.tributary.core;

import java.util.Arrays;

/**
 * Row gathers: the kernel behind mini-batches (copying chosen rows into a reused buffer).
 *
 * <p>A row is everything after the first axis: a {@code [n, w]} matrix has rows of {@code w}
 * values, a {@code [n, c, h, w]} image batch has rows of {@code c·h·w} values (one image). Rows are
 * contiguous in the row-major backing array, so a gather is one {@code arraycopy} per row.
 */
public final class Rows {
  private Rows() {}

  /**
   * {@code dst[i, …] = src[index[start + i], …]} for {@code i < dst.dim(0)}: gathers rows of {@code
   * src} (everything after the first axis), in the order {@code index} gives them, into {@code
   * dst}. Both tensors have rank ≥ 2 and the same shape after the first axis.
   *
   * @throws IllegalArgumentException if a tensor has rank below 2, the shapes after the first axis
   *     differ, {@code index} has fewer than {@code start + dst.dim(0)} entries, or an index is out
   *     of range
   */
  public static Tensor gather(Tensor src, int[] index, int start, Tensor dst) {
    int w = checkedRowLength(src, index, start, dst);
    int rows = dst.dim(0);
    int srcRows = src.dim(0);
    float[] s = src.data();
    float[] d = dst.data();
    for (int i = 0; i < rows; i++) {
      int r = index[start + i];
      if (r < 0 || r >= srcRows) {
        throw new IllegalArgumentException(
            "gather: row index " + r + " is out of range for " + srcRows + " rows");
      }
      System.arraycopy(s, r * w, d, i * w, w);
    }
    return dst;
  }

  /** Checks gather's arguments (without allocating) and returns the length of one row. */
  private static int checkedRowLength(Tensor src, int[] index, int start, Tensor dst) {
    requireRows(src, "src");
    requireRows(dst, "dst");
    if (!sameRowShape(src, dst) || start < 0 || start + dst.dim(0) > index.length) {
      int[] srcShape = src.shape();
      throw new IllegalArgumentException(
          String.format(
              "gather: cannot take %d rows of shape %s from index[%d..] (%d entries) into a"
                  + " buffer of shape %s",
              dst.dim(0),
              Arrays.toString(Arrays.copyOfRange(srcShape, 1, srcShape.length)),
              start,
              index.length,
              Arrays.toString(dst.shape())));
    }
    return rowLength(dst);
  }

  /** Whether the two tensors agree on every axis after the first (checked without allocating). */
  private static boolean sameRowShape(Tensor a, Tensor b) {
    if (a.rank() != b.rank()) {
      return false;
    }
    for (int axis = 1; axis < a.rank(); axis++) {
      if (a.dim(axis) != b.dim(axis)) {
        return false;
      }
    }
    return true;
  }

  /** The number of values in one row: the product of the dimensions after the first. */
  private static int rowLength(Tensor t) {
    int w = 1;
    for (int axis = 1; axis < t.rank(); axis++) {
      w *= t.dim(axis);
    }
    return w;
  }

  private static void requireRows(Tensor t, String name) {
    if (t.rank() < 2) {
      throw new IllegalArgumentException(
          "gather: "
              + name
              + " must have rank 2 or more (rows first), got shape "
              + Arrays.toString(t.shape()));
    }
  }
}
