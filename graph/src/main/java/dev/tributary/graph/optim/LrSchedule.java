package dev.tributary.graph.optim;

/**
 * A learning-rate schedule: called once at the end of every epoch, it may change its optimizer's
 * learning rate through {@link Optimizer#setLearningRate}.
 *
 * <p>Schedules that react to training progress read the monitored metric passed to {@link #step}
 * (which metric is the trainer's choice, e.g. the training error rate or the validation loss);
 * fixed schedules ignore it.
 */
public interface LrSchedule {
  /**
   * Ends an epoch.
   *
   * @param metric the monitored quantity of the epoch just finished (lower is better), or NaN when
   *     none is monitored
   */
  void step(double metric);
}
