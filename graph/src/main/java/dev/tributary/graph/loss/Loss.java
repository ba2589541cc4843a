package dev.tributary.graph.loss;

import dev.tributary.core.Tensor;

/**
 * A loss: a scalar measuring how far a prediction is from its target, and its gradient.
 *
 * <p>{@link #forward} returns the loss with PyTorch's default reduction (the mean) and keeps what
 * {@link #backward} needs; {@code backward} returns {@code d loss / d prediction} of the last
 * forward, in a buffer the loss reuses (it is overwritten by the next call).
 */
public interface Loss {
  /**
   * Returns the loss of {@code prediction} against {@code target}.
   *
   * @throws IllegalArgumentException if the shapes do not fit
   */
  float forward(Tensor prediction, Tensor target);

  /**
   * Returns the gradient of the last {@link #forward} with respect to its prediction.
   *
   * @throws IllegalStateException if forward has not run
   */
  Tensor backward();
}
