package dev.tributary.graph.train;

import java.util.Arrays;

/**
 * Mean ± standard deviation of a metric over repeated rounds (e.g. test accuracy over 10 seeds).
 * The standard deviation is the sample one, {@code √(Σ (x − mean)² / (n − 1))} (0 for one value),
 * as {@code torch.std} and the reports use.
 */
public final class Summary {
  private final double[] values;
  private final double mean;
  private final double std;

  private Summary(double[] values) {
    this.values = values;
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    mean = sum / values.length;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    std = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
  }

  /**
   * Summarises the given values.
   *
   * @throws IllegalArgumentException if there are none
   */
  public static Summary of(double... values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("Summary: pass at least one value");
    }
    return new Summary(values.clone());
  }

  /** Returns the number of values. */
  public int count() {
    return values.length;
  }

  /** Returns the mean. */
  public double mean() {
    return mean;
  }

  /** Returns the sample standard deviation. */
  public double std() {
    return std;
  }

  /** Returns the smallest value. */
  public double min() {
    return Arrays.stream(values).min().orElseThrow();
  }

  /** Returns the largest value. */
  public double max() {
    return Arrays.stream(values).max().orElseThrow();
  }

  /** Returns a copy of the values. */
  public double[] values() {
    return values.clone();
  }

  /** Returns {@code "mean ± std"} of the values multiplied by 100, with two decimals. */
  public String percent() {
    return String.format("%.2f ± %.2f%%", 100 * mean, 100 * std);
  }

  @Override
  public String toString() {
    return String.format("%.4g ± %.2g (n = %d)", mean, std, values.length);
  }
}
