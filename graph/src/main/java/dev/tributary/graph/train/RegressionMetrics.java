package dev.tributary.graph.train;

/**
 * Regression metrics of one output against its target over a dataset, every element counted: mean
 * squared error {@code MSE = (1/n) Σ (p − t)²}, {@code RMSE = √MSE}, mean absolute error {@code MAE
 * = (1/n) Σ |p − t|}, and the coefficient of determination {@code R² = 1 − Σ (p − t)² / Σ (t −
 * t̄_c)²}, where {@code t̄_c} is the mean of the target's column {@code c} (as scikit-learn's
 * {@code r2_score} with {@code multioutput='variance_weighted'}); R² is NaN when the target is
 * constant.
 */
public final class RegressionMetrics {
  private final long count;
  private final double mse;
  private final double mae;
  private final double r2;

  /**
   * Wraps the metrics.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public RegressionMetrics(long count, double mse, double mae, double r2) {
    if (count < 0) {
      throw new IllegalArgumentException("RegressionMetrics: count must be ≥ 0, got " + count);
    }
    this.count = count;
    this.mse = mse;
    this.mae = mae;
    this.r2 = r2;
  }

  /** Returns the number of elements compared. */
  public long count() {
    return count;
  }

  /** Returns the mean squared error. */
  public double mse() {
    return mse;
  }

  /** Returns the root mean squared error. */
  public double rmse() {
    return Math.sqrt(mse);
  }

  /** Returns the mean absolute error. */
  public double mae() {
    return mae;
  }

  /** Returns R², the share of the target's variance explained (1 is perfect, NaN if constant). */
  public double r2() {
    return r2;
  }

  @Override
  public String toString() {
    return String.format("RMSE %.6g  MAE %.6g  R² %.4f", rmse(), mae, r2);
  }
}
