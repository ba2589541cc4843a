package dev.tributary.graph.train;

import java.util.Optional;

/**
 * A network's results on a dataset: the mean loss, the number of wrong decisions out of how many,
 * and, for binary decisions, the confusion counts.
 */
public final class Evaluation {
  private final double loss;
  private final long errors;
  private final long decisions;
  private final Confusion confusion;

  /**
   * Wraps the results.
   *
   * @param loss the mean loss over the dataset
   * @param errors the wrong decisions
   * @param decisions the decisions made (samples, or elements for multi-column binary outputs)
   * @param confusion the confusion counts, or {@code null} for more than two classes
   * @throws IllegalArgumentException if the counts are negative or errors exceed decisions
   */
  public Evaluation(double loss, long errors, long decisions, Confusion confusion) {
    if (errors < 0 || decisions < 0 || errors > decisions) {
      throw new IllegalArgumentException(
          "Evaluation: need 0 ≤ errors ≤ decisions, got " + errors + " of " + decisions);
    }
    this.loss = loss;
    this.errors = errors;
    this.decisions = decisions;
    this.confusion = confusion;
  }

  /** Returns the mean loss. */
  public double loss() {
    return loss;
  }

  /** Returns the number of wrong decisions. */
  public long errors() {
    return errors;
  }

  /** Returns the number of decisions. */
  public long decisions() {
    return decisions;
  }

  /** Returns {@code errors / decisions} (0 for none). */
  public double errorRate() {
    return decisions == 0 ? 0 : (double) errors / decisions;
  }

  /** Returns {@code 1 − errorRate()}. */
  public double accuracy() {
    return 1 - errorRate();
  }

  /** Returns the confusion counts of binary decisions; empty for more than two classes. */
  public Optional<Confusion> confusion() {
    return Optional.ofNullable(confusion);
  }

  @Override
  public String toString() {
    return String.format(
        "loss %.6f, %d errors of %d (accuracy %.2f%%)%s",
        loss, errors, decisions, 100 * accuracy(), confusion == null ? "" : "; " + confusion);
  }
}
