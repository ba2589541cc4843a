package dev.tributary.graph.train;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/**
 * A network's results on a dataset: the mean loss and the mean of each loss term, the number of
 * wrong decisions out of how many, the confusion counts (binary) and the class-by-class confusion
 * matrix, and regression metrics (MSE, MAE, R²) for every output compared with a target of its
 * shape.
 */
public final class Evaluation {
  private final double loss;
  private final long errors;
  private final long decisions;
  private final Confusion confusion;
  private final ImmutableMap<String, Double> termLosses;
  private final ImmutableMap<String, RegressionMetrics> regression;
  private final long[][] matrix;

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
    this.termLosses = ImmutableMap.of();
    this.regression = ImmutableMap.of();
    this.matrix = null;
  }

  /**
   * Wraps the results with the per-term losses, the regression metrics and the confusion matrix.
   *
   * @param termLosses the unweighted mean of each loss term, by its label (see {@link #termLosses})
   * @param regression regression metrics by output name
   * @param matrix {@code matrix[true][predicted]} counts, or null when there are no classes
   * @throws IllegalArgumentException if the counts are negative or errors exceed decisions
   */
  public Evaluation(
      double loss,
      long errors,
      long decisions,
      Confusion confusion,
      Map<String, Double> termLosses,
      Map<String, RegressionMetrics> regression,
      long[][] matrix) {
    if (errors < 0 || decisions < 0 || errors > decisions) {
      throw new IllegalArgumentException(
          "Evaluation: need 0 ≤ errors ≤ decisions, got " + errors + " of " + decisions);
    }
    this.loss = loss;
    this.errors = errors;
    this.decisions = decisions;
    this.confusion = confusion;
    this.termLosses = ImmutableMap.copyOf(termLosses);
    this.regression = ImmutableMap.copyOf(regression);
    this.matrix = matrix == null ? null : deepCopy(matrix);
  }

  private static long[][] deepCopy(long[][] m) {
    long[][] c = new long[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  /**
   * Returns the unweighted mean of every loss term over the dataset, in the objective's order,
   * keyed {@code Loss(output, target)} (e.g. {@code BCEWithLogitsLoss(out, closer)}); {@link #loss}
   * is their weighted sum.
   */
  public Map<String, Double> termLosses() {
    return termLosses;
  }

  /**
   * Returns MSE, MAE and R² for every output trained against a target of its own shape (every
   * output of a regression; also the probabilities of a one-column classifier), by output name.
   */
  public Map<String, RegressionMetrics> regression() {
    return regression;
  }

  /**
   * Returns the confusion matrix of the classified output, {@code [true class][predicted class]},
   * K×K for K classes (2×2 for binary decisions on one column); empty when the decisions are per
   * element of a multi-column binary output. The array is a copy.
   */
  public Optional<long[][]> confusionMatrix() {
    return Optional.ofNullable(matrix).map(Evaluation::deepCopy);
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
