package dev.tributary.core;

/**
 * Turns logits into class probabilities for inference: the row-wise softmax of a {@code [rows,
 * classes]} matrix. Each row is shifted by its maximum before exponentiating, so large logits do
 * not overflow; the sum is accumulated in double.
 */
public final class Probabilities {
  private Probabilities() {}

  /**
   * {@code out[i, j] = exp(a[i, j] - m_i) / Σ_k exp(a[i, k] - m_i)} with {@code m_i = max_k a[i,
   * k]}; {@code out} may be {@code a}.
   *
   * @return {@code out}
   * @throws IllegalArgumentException if {@code a} is not a matrix with at least one column, or the
   *     shapes differ
   */
  public static Tensor softmaxRows(Tensor a, Tensor out) {
    Shapes.requireMatrix("softmaxRows", a, "a");
    Shapes.requireSame("softmaxRows", a, "a", out, "out");
    int rows = a.dim(0);
    int cols = a.dim(1);
    if (cols == 0) {
      throw new IllegalArgumentException("softmaxRows: a has no columns; pass [rows, classes ≥ 1]");
    }
    float[] as = a.data();
    float[] os = out.data();
    for (int i = 0; i < rows; i++) {
      int base = i * cols;
      float max = as[base];
      for (int j = 1; j < cols; j++) {
        max = Math.max(max, as[base + j]);
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        double e = Math.exp(as[base + j] - max);
        os[base + j] = (float) e;
        sum += e;
      }
      float inv = (float) (1.0 / sum);
      for (int j = 0; j < cols; j++) {
        os[base + j] *= inv;
      }
    }
    return out;
  }

  /**
   * {@code out[i] = a[i] ≥ threshold ? 1 : 0} for every element of {@code a} in row-major order:
   * binary decisions from a one-column output.
   *
   * @return {@code out}
   * @throws IllegalArgumentException if {@code out} is shorter than {@code a.size()}
   */
  public static int[] atLeast(Tensor a, float threshold, int[] out) {
    float[] as = a.data();
    if (out.length < as.length) {
      throw new IllegalArgumentException(
          "atLeast: out has " + out.length + " ints but a has " + as.length + " elements");
    }
    for (int i = 0; i < as.length; i++) {
      out[i] = as[i] >= threshold ? 1 : 0;
    }
    return out;
  }
}
