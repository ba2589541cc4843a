package dev.tributary.graph.train;

/** Receives a {@link Trainer}'s progress, e.g. to draw a progress bar or log the curves. */
@FunctionalInterface
public interface TrainingListener {
  /**
   * Called before the first epoch.
   *
   * @param epochs the number of epochs planned
   */
  default void onStart(int epochs) {}

  /** Called after every epoch with its record. */
  void onEpoch(EpochRecord record);

  /** Called when training ends normally (not when it throws). */
  default void onEnd(History history) {}
}
