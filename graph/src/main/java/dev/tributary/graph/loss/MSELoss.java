package dev.tributary.graph.loss;

import dev.tributary.core.LossKernels;
import dev.tributary.core.Tensor;

/**
 * Mean squared error, as PyTorch's {@code MSELoss()}: {@code L = (1/n) Σ (p − t)²} over all {@code
 * n} elements, with gradient {@code dL/dp = 2 (p − t) / n}.
 */
public final class MSELoss implements Loss {
  private final GradientBuffer grads = new GradientBuffer();

  /** Creates the loss; it holds only its reused gradient buffers. */
  public MSELoss() {}

  /**
   * Returns the mean squared error and computes its gradient.
   *
   * @throws IllegalArgumentException if the shapes differ (the message names both) or are empty
   */
  @Override
  public float forward(Tensor prediction, Tensor target) {
    GradientBuffer.requireSameShape("MSELoss", prediction, target);
    return LossKernels.mse(prediction, target, grads.bufferFor(prediction));
  }

  /**
   * Returns {@code 2 (p − t) / n} of the last forward, in a reused buffer.
   *
   * @throws IllegalStateException if forward has not run
   */
  @Override
  public Tensor backward() {
    return grads.last("MSELoss");
  }

  @Override
  public String toString() {
    return "MSELoss";
  }
}
