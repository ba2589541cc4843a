package dev.tributary.graph.train;

import java.util.Optional;

/**
 * Training produced a NaN or an infinity. The message names the first node whose output or gradient
 * went non-finite (or the parameter whose update overflowed, or the dataset row holding the bad
 * value), the epoch and the batch, and says what to try.
 */
public final class NonFiniteException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final String node;
  private final int epoch;
  private final int batch;

  NonFiniteException(String message, String node, int epoch, int batch) {
    super(message);
    this.node = node;
    this.epoch = epoch;
    this.batch = batch;
  }

  /** Returns the node (or parameter) found non-finite first, if one was. */
  public Optional<String> node() {
    return Optional.ofNullable(node);
  }

  /** Returns the 1-based epoch, or 0 for a step outside {@link Trainer#fit}. */
  public int epoch() {
    return epoch;
  }

  /** Returns the 1-based batch within the epoch, or 0 for a step outside {@link Trainer#fit}. */
  public int batch() {
    return batch;
  }
}
