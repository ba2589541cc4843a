package dev.tributary.graph.train;

/**
 * Binary confusion counts and the rates derived from them: {@code precision = TP / (TP + FP)},
 * {@code recall = TP / (TP + FN)}, {@code F1 = 2 · precision · recall / (precision + recall)},
 * {@code accuracy = (TP + TN) / total}. A rate whose denominator is zero is 0 (as scikit-learn's
 * {@code zero_division=0}).
 */
public final class Confusion {
  private final long truePositives;
  private final long trueNegatives;
  private final long falsePositives;
  private final long falseNegatives;

  /**
   * Wraps the four counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public Confusion(
      long truePositives, long trueNegatives, long falsePositives, long falseNegatives) {
    if (truePositives < 0 || trueNegatives < 0 || falsePositives < 0 || falseNegatives < 0) {
      throw new IllegalArgumentException("Confusion: counts must be ≥ 0");
    }
    this.truePositives = truePositives;
    this.trueNegatives = trueNegatives;
    this.falsePositives = falsePositives;
    this.falseNegatives = falseNegatives;
  }

  /** Returns TP: positives predicted positive. */
  public long truePositives() {
    return truePositives;
  }

  /** Returns TN: negatives predicted negative. */
  public long trueNegatives() {
    return trueNegatives;
  }

  /** Returns FP: negatives predicted positive. */
  public long falsePositives() {
    return falsePositives;
  }

  /** Returns FN: positives predicted negative. */
  public long falseNegatives() {
    return falseNegatives;
  }

  /** Returns the number of decisions counted. */
  public long total() {
    return truePositives + trueNegatives + falsePositives + falseNegatives;
  }

  /** Returns {@code TP / (TP + FP)}, or 0 when nothing was predicted positive. */
  public double precision() {
    return ratio(truePositives, truePositives + falsePositives);
  }

  /** Returns {@code TP / (TP + FN)}, or 0 when there are no positives. */
  public double recall() {
    return ratio(truePositives, truePositives + falseNegatives);
  }

  /** Returns the harmonic mean of precision and recall, or 0 when both are 0. */
  public double f1() {
    double p = precision();
    double r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Returns {@code (TP + TN) / total}, or 0 when nothing was counted. */
  public double accuracy() {
    return ratio(truePositives + trueNegatives, total());
  }

  private static double ratio(long num, long den) {
    return den == 0 ? 0 : (double) num / den;
  }

  @Override
  public String toString() {
    return String.format(
        "TP %d  TN %d  FP %d  FN %d  (precision %.4f, recall %.4f, F1 %.4f)",
        truePositives, trueNegatives, falsePositives, falseNegatives, precision(), recall(), f1());
  }
}
