package dev.tributary.graph.train;

import dev.tributary.graph.optim.LrSchedule;
import java.util.List;

/**
 * The options a {@link TrainerBuilder} collects that any trainer of a {@link
 * dev.tributary.graph.Network} shares, whatever runs its steps: a snapshot taken by {@link
 * TrainerBuilder#options()}. A trainer elsewhere (the Spark module's) configures a {@code
 * TrainerBuilder} for these options, so their defaults, validation and messages are the {@code
 * Trainer}'s.
 *
 * @param epochs the number of epochs, ≥ 1
 * @param batchSize the rows of one step, ≥ 1
 * @param seed the seed of the per-epoch shuffle
 * @param order the order of the rows each epoch
 * @param guard the guard against NaN and infinities
 * @param schedule the learning-rate schedule stepped after each epoch, or null for none
 * @param scheduleMetric the epoch metric the schedule is stepped with
 * @param listeners the epoch listeners, in the order they were added (unmodifiable)
 * @param classifiedOutput the output whose errors are counted, or null for the first loss term's
 * @param classifiedTarget the target of those errors, or null for the first loss term's
 * @param decision how outputs become classes for the error counts
 */
public record TrainingOptions(
    int epochs,
    int batchSize,
    long seed,
    BatchOrder order,
    NonFiniteGuard guard,
    LrSchedule schedule,
    Metric scheduleMetric,
    List<TrainingListener> listeners,
    String classifiedOutput,
    String classifiedTarget,
    Decision decision) {

  /**
   * Checks the options and keeps an unmodifiable copy of the listeners.
   *
   * @throws IllegalArgumentException if {@code epochs} or {@code batchSize} is below 1, or {@code
   *     order}, {@code guard}, {@code scheduleMetric}, {@code listeners} or {@code decision} is
   *     null
   */
  public TrainingOptions {
    if (epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "TrainingOptions: epochs and batch size must be ≥ 1, got "
              + epochs
              + " and "
              + batchSize);
    }
    if (order == null
        || guard == null
        || scheduleMetric == null
        || listeners == null
        || decision == null) {
      throw new IllegalArgumentException(
          "TrainingOptions: order, guard, schedule metric, listeners and decision must not be"
              + " null");
    }
    listeners = List.copyOf(listeners);
  }

  /**
   * Steps the schedule, if there is one, with this epoch's value of {@link #scheduleMetric}: what a
   * trainer does after each epoch's listeners.
   *
   * @param record the epoch just ended
   */
  public void stepSchedule(EpochRecord record) {
    if (schedule != null) {
      schedule.step(scheduleMetric.of(record));
    }
  }
}
