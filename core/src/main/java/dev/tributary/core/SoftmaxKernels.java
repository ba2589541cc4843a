package dev.tributary.core;

/**
 * Softmax over the last axis of a {@code [B, F]} matrix, as {@code torch.softmax(x, dim=1)}.
 *
 * <p>Forward, per row: {@code m = max_j x_j}, {@code e_j = exp(x_j − m)} (so no exponential
 * overflows and the largest is 1), {@code y_j = e_j/Σ_k e_k}, the exponentials and the sum in
 * double. Backward (the Jacobian {@code diag(y) − y·yᵀ} applied to dy): {@code dx_j += y_j·(dy_j −
 * Σ_k dy_k·y_k)}, the dot product in double. Rows are short (class counts), so these are plain
 * loops on the calling thread.
 */
public final class SoftmaxKernels {
  private SoftmaxKernels() {}

  /**
   * {@code y[b, j] = exp(x[b, j] − max_k x[b, k]) / Σ_k exp(x[b, k] − max_k x[b, k])}; {@code y}
   * may be {@code x}.
   *
   * @throws IllegalArgumentException if x is not a matrix or the shapes differ
   */
  public static void forward(Tensor x, Tensor y) {
    String kernel = "SoftmaxKernels.forward";
    ConvChecks.requireNonNull(kernel, x, "x");
    ConvChecks.requireNonNull(kernel, y, "y");
    Shapes.requireMatrix(kernel, x, "x");
    Shapes.requireSame(kernel, x, "x", y, "y");
    int rows = x.dim(0);
    int f = x.dim(1);
    float[] xs = x.data();
    float[] ys = y.data();
    for (int r = 0; r < rows; r++) {
      int base = r * f;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < f; j++) {
        max = Math.max(max, xs[base + j]);
      }
      double sum = 0;
      for (int j = 0; j < f; j++) {
        float e = (float) Math.exp((double) xs[base + j] - max);
        ys[base + j] = e;
        sum += e;
      }
      double inv = 1.0 / sum;
      for (int j = 0; j < f; j++) {
        ys[base + j] = (float) (ys[base + j] * inv);
      }
    }
  }

  /**
   * {@code dx[b, j] += y[b, j]·(dy[b, j] − Σ_k dy[b, k]·y[b, k])}, with {@code y} the forward's
   * output.
   *
   * @throws IllegalArgumentException if y is not a matrix or the shapes differ
   */
  public static void backward(Tensor y, Tensor dy, Tensor dx) {
    String kernel = "SoftmaxKernels.backward";
    ConvChecks.requireNonNull(kernel, y, "y");
    ConvChecks.requireNonNull(kernel, dy, "dy");
    ConvChecks.requireNonNull(kernel, dx, "dx");
    Shapes.requireMatrix(kernel, y, "y");
    Shapes.requireSame(kernel, y, "y", dy, "dy");
    Shapes.requireSame(kernel, y, "y", dx, "dx");
    int rows = y.dim(0);
    int f = y.dim(1);
    float[] ys = y.data();
    float[] gs = dy.data();
    float[] ds = dx.data();
    for (int r = 0; r < rows; r++) {
      int base = r * f;
      double dot = 0;
      for (int j = 0; j < f; j++) {
        dot += (double) gs[base + j] * ys[base + j];
      }
      for (int j = 0; j < f; j++) {
        ds[base + j] += (float) (ys[base + j] * (gs[base + j] - dot));
      }
    }
  }
}
