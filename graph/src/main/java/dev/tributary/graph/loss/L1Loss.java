package dev.tributary.graph.loss;

import dev.tributary.core.LossKernels;
import dev.tributary.core.Tensor;

/**
 * Mean absolute error (MAE), as PyTorch's {@code L1Loss()}: {@code L = (1/n) Σ |p − t|} over all
 * {@code n} elements, with the subgradient {@code dL/dp = sign(p − t) / n} where, as in PyTorch,
 * {@code sign(0) = 0}.
 */
public final class L1Loss implements Loss {
  private final GradientBuffer grads = new GradientBuffer();

  /** Creates the loss; it holds only its reused gradient buffers. */
  public L1Loss() {}

  /**
   * Returns the mean absolute error and computes its gradient.
   *
   * @throws IllegalArgumentException if the shapes differ (the message names both) or are empty
   */
  @Override
  public float forward(Tensor prediction, Tensor target) {
    GradientBuffer.requireSameShape("L1Loss", prediction, target);
    return LossKernels.l1(prediction, target, grads.bufferFor(prediction));
  }

  /**
   * Returns {@code sign(p − t) / n} of the last forward, in a reused buffer.
   *
   * @throws IllegalStateException if forward has not run
   */
  @Override
  public Tensor backward() {
    return grads.last("L1Loss");
  }

  @Override
  public String toString() {
    return "L1Loss";
  }
}
