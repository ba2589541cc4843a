package dev.tributary.core;

/**
 * Reductions over matrices and bias broadcasting: the kernels a dense layer needs besides {@link
 * MatMul}, and the argmax a classifier needs.
 */
public final class Reductions {
  private Reductions() {}

  /**
   * {@code out[j] = Σ_i a[i, j]}: the sum of each column (a bias gradient from {@code dY}).
   *
   * @throws IllegalArgumentException if {@code a} is not a matrix or {@code out} does not have
   *     {@code a.dim(1)} elements
   */
  public static Tensor columnSums(Tensor a, Tensor out) {
    java.util.Arrays.fill(out.data(), 0f);
    return columnSumsAdd(a, out);
  }

  /**
   * {@code out[j] += Σ_i a[i, j]}.
   *
   * @throws IllegalArgumentException if {@code a} is not a matrix or {@code out} does not have
   *     {@code a.dim(1)} elements
   */
  public static Tensor columnSumsAdd(Tensor a, Tensor out) {
    Shapes.requireMatrix("columnSums", a, "a");
    int rows = a.dim(0);
    int cols = a.dim(1);
    Shapes.requireLength("columnSums", out, "out", cols);
    float[] as = a.data();
    float[] os = out.data();
    if (Kernels.vectorized()) {
      VectorRows.columnSumsAdd(as, os, rows, cols);
      return out;
    }
    for (int i = 0; i < rows; i++) {
      int base = i * cols;
      for (int j = 0; j < cols; j++) {
        os[j] += as[base + j];
      }
    }
    return out;
  }

  /**
   * {@code out[i] = Σ_j a[i, j]}: the sum of each row.
   *
   * @throws IllegalArgumentException if {@code a} is not a matrix or {@code out} does not have
   *     {@code a.dim(0)} elements
   */
  public static Tensor rowSums(Tensor a, Tensor out) {
    Shapes.requireMatrix("rowSums", a, "a");
    int rows = a.dim(0);
    int cols = a.dim(1);
    Shapes.requireLength("rowSums", out, "out", rows);
    float[] as = a.data();
    float[] os = out.data();
    for (int i = 0; i < rows; i++) {
      float s = 0f;
      int base = i * cols;
      for (int j = 0; j < cols; j++) {
        s += as[base + j];
      }
      os[i] = s;
    }
    return out;
  }

  /** Returns the sum of all elements, accumulated in double precision. */
  public static double sum(Tensor a) {
    double s = 0;
    for (float v : a.data()) {
      s += v;
    }
    return s;
  }

  /**
   * {@code out[i] = argmax_j a[i, j]} (the first index of the maximum on ties).
   *
   * @throws IllegalArgumentException if {@code a} is not a matrix with at least one column, or
   *     {@code out} is shorter than {@code a.dim(0)}
   */
  public static int[] argmaxRows(Tensor a, int[] out) {
    Shapes.requireMatrix("argmaxRows", a, "a");
    int rows = a.dim(0);
    int cols = a.dim(1);
    if (cols == 0 || out.length < rows) {
      throw new IllegalArgumentException(
          "argmaxRows: need at least one column and an output of "
              + rows
              + " ints; got "
              + cols
              + " columns and "
              + out.length
              + " ints");
    }
    float[] as = a.data();
    for (int i = 0; i < rows; i++) {
      int base = i * cols;
      int best = 0;
      float max = as[base];
      for (int j = 1; j < cols; j++) {
        if (as[base + j] > max) {
          max = as[base + j];
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * {@code out[i, j] = a[i, j] + row[j]}: adds a row vector (a bias) to every row; {@code out} may
   * be {@code a}.
   *
   * @throws IllegalArgumentException if the shapes do not agree
   */
  public static Tensor addRowVector(Tensor a, Tensor row, Tensor out) {
    Shapes.requireMatrix("addRowVector", a, "a");
    Shapes.requireSame("addRowVector", a, "a", out, "out");
    int rows = a.dim(0);
    int cols = a.dim(1);
    Shapes.requireLength("addRowVector", row, "row", cols);
    float[] as = a.data();
    float[] rs = row.data();
    float[] os = out.data();
    if (Kernels.vectorized()) {
      VectorRows.addRowVector(as, rs, os, rows, cols);
      return out;
    }
    for (int i = 0; i < rows; i++) {
      int base = i * cols;
      for (int j = 0; j < cols; j++) {
        os[base + j] = as[base + j] + rs[j];
      }
    }
    return out;
  }
}
