package dev.tributary.core;

/**
 * Column-block copies between matrices of the same row count: the kernels behind joining features
 * ({@code Concat}) and splitting their gradient. A tensor of higher rank counts as the matrix
 * {@code [dim(0), size / dim(0)]}, so joining {@code [B, C₁, H, W]} and {@code [B, C₂, H, W]} along
 * the channels is a column-block copy too.
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
    int w = width(src);
    int dw = width(dst);
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
    int w = width(dst);
    int sw = width(src);
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

  /**
   * {@code dst = src[:, offset : offset + w]}, where {@code dst} is {@code [rows, w]} (a slice).
   *
   * @throws IllegalArgumentException if the row counts differ or the block does not fit
   */
  public static Tensor copyFrom(Tensor src, int offset, Tensor dst) {
    check("copyFrom", dst, src, offset);
    int rows = dst.dim(0);
    int w = width(dst);
    int sw = width(src);
    float[] s = src.data();
    float[] d = dst.data();
    for (int i = 0; i < rows; i++) {
      System.arraycopy(s, i * sw + offset, d, i * w, w);
    }
    return dst;
  }

  /**
   * {@code dst[:, offset : offset + w] += src}, where {@code src} is {@code [rows, w]} (a slice's
   * gradient).
   *
   * @throws IllegalArgumentException if the row counts differ or the block does not fit
   */
  public static Tensor addInto(Tensor src, Tensor dst, int offset) {
    check("addInto", src, dst, offset);
    int rows = src.dim(0);
    int w = width(src);
    int dw = width(dst);
    float[] s = src.data();
    float[] d = dst.data();
    for (int i = 0; i < rows; i++) {
      int si = i * w;
      int di = i * dw + offset;
      for (int j = 0; j < w; j++) {
        d[di + j] += s[si + j];
      }
    }
    return dst;
  }

  /** The columns of a tensor seen as the matrix {@code [dim(0), size / dim(0)]}. */
  public static int width(Tensor t) {
    return t.dim(0) == 0 ? 0 : t.size() / t.dim(0);
  }

  private static void check(String kernel, Tensor block, Tensor wide, int offset) {
    if (block.rank() < 2
        || wide.rank() < 2
        || block.dim(0) != wide.dim(0)
        || offset < 0
        || offset + width(block) > width(wide)) {
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
