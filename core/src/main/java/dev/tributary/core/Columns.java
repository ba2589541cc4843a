package dev.tributary.core;

/**
 * Column-block copies between matrices of the same row count: the kernels behind joining features
 * ({@code Concat}) and splitting their gradient.
 */
public final class Columns {
  private Columns() {}

  /**
   * {@code dst[:, offset : offset + w] = src}, where {@code src} is {@code [rows, w]}.
   *
   * @throws IllegalArgumentException if the row counts differ or the block does not fit
   */
  public static Tensor copyInto(Tensor src, Tensor dst, int offset) {
    check("copyInto", src, dst, offset);
    int rows = src.dim(0);
    int w = src.dim(1);
    int dw = dst.dim(1);
    float[] s = src.data();
    float[] d = dst.data();
    for (int i = 0; i < rows; i++) {
      System.arraycopy(s, i * w, d, i * dw + offset, w);
    }
    return dst;
  }

  /**
   * {@code dst += src[:, offset : offset + w]}, where {@code dst} is {@code [rows, w]}.
   *
   * @throws IllegalArgumentException if the row counts differ or the block does not fit
   */
  public static Tensor addFrom(Tensor src, int offset, Tensor dst) {
    check("addFrom", dst, src, offset);
    int rows = dst.dim(0);
    int w = dst.dim(1);
    int sw = src.dim(1);
    float[] s = src.data();
    float[] d = dst.data();
    for (int i = 0; i < rows; i++) {
      int si = i * sw + offset;
      int di = i * w;
      for (int j = 0; j < w; j++) {
        d[di + j] += s[si + j];
      }
    }
    return dst;
  }

  private static void check(String kernel, Tensor block, Tensor wide, int offset) {
    Shapes.requireMatrix(kernel, block, "block");
    Shapes.requireMatrix(kernel, wide, "wide");
    if (block.dim(0) != wide.dim(0) || offset < 0 || offset + block.dim(1) > wide.dim(1)) {
      throw new IllegalArgumentException(
          kernel
              + ": a block of shape "
              + java.util.Arrays.toString(block.shape())
              + " at column "
              + offset
              + " does not fit a matrix of shape "
              + java.util.Arrays.toString(wide.shape()));
    }
  }
}
