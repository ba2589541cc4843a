package dev.tributary.examples.bench;

import java.util.Arrays;

/**
 * The arithmetic behind the bench's comparisons: rates in samples per second and speed-ups as the
 * ratio of two rates, so that the two sides may time different amounts of work only if each is
 * divided by its own sample count (the bench gives both the same samples anyway).
 */
public final class Ratios {
  private Ratios() {}

  /**
   * Returns {@code samples / (millis / 1000)}, the samples trained per second.
   *
   * @throws IllegalArgumentException if {@code samples ≤ 0} or {@code millis} is not positive
   */
  public static double samplesPerSecond(int samples, double millis) {
    if (samples <= 0 || !(millis > 0)) {
      throw new IllegalArgumentException(
          "samplesPerSecond: need samples > 0 and millis > 0, got "
              + samples
              + " samples in "
              + millis
              + " ms");
    }
    return samples * 1000.0 / millis;
  }

  /**
   * Returns how many times faster ours is: {@code oursRate / theirsRate} in samples per second
   * (above 1 means faster than the reference); NaN when the reference is missing (NaN).
   *
   * @throws IllegalArgumentException if a sample count or our time is not positive
   */
  public static double speedUp(
      int oursSamples, double oursMillis, int theirSamples, double theirMillis) {
    if (Double.isNaN(theirMillis)) {
      return Double.NaN;
    }
    return samplesPerSecond(oursSamples, oursMillis) / samplesPerSecond(theirSamples, theirMillis);
  }

  /**
   * Returns the median (the upper one of an even count) of the values; NaN if any is NaN.
   *
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median: no values");
    }
    if (Arrays.stream(values).anyMatch(Double::isNaN)) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * Returns a per-call time with a measured per-call overhead taken off: {@code max(0, total −
   * overhead)} seconds. Used for numpy's tiny products, where the Python loop around each call
   * costs as much as a fraction of the product.
   *
   * @throws IllegalArgumentException if either time is negative or NaN
   */
  public static double withoutOverhead(double totalSeconds, double overheadSeconds) {
    if (!(totalSeconds >= 0) || !(overheadSeconds >= 0)) {
      throw new IllegalArgumentException(
          "withoutOverhead: times must be ≥ 0, got " + totalSeconds + " and " + overheadSeconds);
    }
    return Math.max(0, totalSeconds - overheadSeconds);
  }
}
