package dev.tributary.graph.train;

import dev.tributary.core.Tensor;

/**
 * Running sums for {@link RegressionMetrics} over the chunks of an evaluation: per target column
 * the count, {@code Σ t} and {@code Σ t²}, and over all elements {@code Σ (p − t)²} and {@code Σ |p
 * − t|}. Sums are in double; the total sum of squares is {@code Σ_c (Σ t² − (Σ t)² / n_c)}.
 */
final class RegressionSums {
  private double squared;
  private double absolute;
  private double[] sum;
  private double[] sumSquares;
  private long rows;

  void reset() {
    squared = 0;
    absolute = 0;
    rows = 0;
    if (sum != null) {
      java.util.Arrays.fill(sum, 0);
      java.util.Arrays.fill(sumSquares, 0);
    }
  }

  /** Adds one chunk; prediction and target have one shape {@code [rows, cols]}. */
  void add(Tensor prediction, Tensor target) {
    int r = prediction.dim(0);
    int cols = prediction.size() / Math.max(1, r);
    if (sum == null || sum.length != cols) {
      sum = new double[cols];
      sumSquares = new double[cols];
    }
    float[] p = prediction.data();
    float[] t = target.data();
    for (int i = 0; i < p.length; i++) {
      double d = (double) p[i] - t[i];
      squared += d * d;
      absolute += Math.abs(d);
      int c = i % cols;
      sum[c] += t[i];
      sumSquares[c] += (double) t[i] * t[i];
    }
    rows += r;
  }

  RegressionMetrics result() {
    long n = rows * (sum == null ? 0 : sum.length);
    if (n == 0) {
      return new RegressionMetrics(0, Double.NaN, Double.NaN, Double.NaN);
    }
    double total = 0;
    for (int c = 0; c < sum.length; c++) {
      total += sumSquares[c] - sum[c] * sum[c] / rows;
    }
    double r2 = total <= 0 ? Double.NaN : 1 - squared / total;
    return new RegressionMetrics(n, squared / n, absolute / n, r2);
  }
}
