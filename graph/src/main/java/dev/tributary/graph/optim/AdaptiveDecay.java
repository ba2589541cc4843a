package dev.tributary.graph.optim;

/**
 * The adaptive rule of report 000: when the monitored training error rose against the previous
 * epoch, multiply the learning rate by 0.999; when it also rose against the epoch before that,
 * multiply it by a further 0.998. With {@code e_t} the error of epoch {@code t}:
 *
 * <pre>
 *   if e_t > e_{t−1}:  lr ← 0.999 lr;  if also e_t > e_{t−2}:  lr ← 0.998 lr
 * </pre>
 *
 * A flat or falling error leaves the rate alone, so the rule only ever lowers it, and only as fast
 * as training oscillates.
 */
public final class AdaptiveDecay implements LrSchedule {
  /** The report's factor for a rise against the previous epoch. */
  public static final double DEFAULT_FIRST_FACTOR = 0.999;

  /** The report's further factor for a rise against the epoch before that too. */
  public static final double DEFAULT_SECOND_FACTOR = 0.998;

  private final Optimizer optimizer;
  private final double firstFactor;
  private final double secondFactor;
  private double previous = Double.NaN;
  private double beforePrevious = Double.NaN;

  /** The report's rule with factors 0.999 and 0.998. */
  public AdaptiveDecay(Optimizer optimizer) {
    this(optimizer, DEFAULT_FIRST_FACTOR, DEFAULT_SECOND_FACTOR);
  }

  /**
   * The rule with other factors.
   *
   * @throws IllegalArgumentException if the optimizer is null or a factor is not in {@code (0, 1]}
   */
  public AdaptiveDecay(Optimizer optimizer, double firstFactor, double secondFactor) {
    if (optimizer == null) {
      throw new IllegalArgumentException("AdaptiveDecay: optimizer is null");
    }
    if (!(firstFactor > 0 && firstFactor <= 1 && secondFactor > 0 && secondFactor <= 1)) {
      throw new IllegalArgumentException(
          "AdaptiveDecay: factors must lie in (0, 1], got " + firstFactor + ", " + secondFactor);
    }
    this.optimizer = optimizer;
    this.firstFactor = firstFactor;
    this.secondFactor = secondFactor;
  }

  /**
   * Applies the rule to this epoch's training error.
   *
   * @param error this epoch's training error (count or rate; only comparisons matter)
   */
  @Override
  public void step(double error) {
    if (error > previous) {
      double lr = optimizer.learningRate() * firstFactor;
      if (error > beforePrevious) {
        lr *= secondFactor;
      }
      optimizer.setLearningRate((float) lr);
    }
    beforePrevious = previous;
    previous = error;
  }

  @Override
  public String toString() {
    return "AdaptiveDecay(×" + firstFactor + " on a rise, ×" + secondFactor + " more on two)";
  }
}
