package dev.tributary.graph.train;

/** What a {@link Trainer} does about NaN and infinities. */
public enum NonFiniteGuard {
  /**
   * Stops with a {@link NonFiniteException} when the loss, a gradient or an updated parameter is
   * not finite, and restores the parameters from a copy taken before each update, so they keep
   * their last finite values (the default; costs one copy of the parameters per step).
   */
  RESTORE,
  /**
   * Stops with a {@link NonFiniteException} like {@link #RESTORE}, checking the gradients before
   * the update instead of copying the parameters; an update that overflows finite values is
   * reported but not undone.
   */
  CHECK,
  /** No checks: training continues on NaN (for benchmarks). */
  OFF
}
