package dev.tributary.core;

/** Row gathers: the kernel behind mini-batches (copying chosen rows into a reused buffer). */
public final class Rows {
  private Rows() {}

  /**
   * {@code dst[i, :] = src[index[start + i], :]} for {@code i < dst.dim(0)}: gathers rows of {@code
   * src}, in the order {@code index} gives them, into {@code dst}.
   *
   * @throws IllegalArgumentException if the widths differ, {@code index} has fewer than {@code
   *     start + dst.dim(0)} entries, or an index is out of range
   */
  public static Tensor gather(Tensor src, int[] index, int start, Tensor dst) {
    Shapes.requireMatrix("gather", src, "src");
    Shapes.requireMatrix("gather", dst, "dst");
    int w = src.dim(1);
    int rows = dst.dim(0);
    int srcRows = src.dim(0);
    if (dst.dim(1) != w || start < 0 || start + rows > index.length) {
      throw new IllegalArgumentException(
          String.format(
              "gather: cannot take %d rows of width %d from index[%d..] (%d entries) into a"
                  + " [%d, %d] buffer",
              rows, w, start, index.length, rows, dst.dim(1)));
    }
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
}
