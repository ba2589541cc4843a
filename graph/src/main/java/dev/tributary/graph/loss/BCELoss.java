package dev.tributary.graph.loss;

import dev.tributary.core.LossKernels;
import dev.tributary.core.Tensor;

/**
 * Binary cross-entropy on probabilities, as PyTorch's {@code BCELoss()}: {@code L = −(1/n) Σ [t log
 * p + (1 − t) log(1 − p)]}, each log clamped at −100 so that a certain wrong prediction costs 100
 * rather than infinity; gradient {@code dL/dp = (p − t) / max(p(1 − p), 1e-12) / n}.
 *
 * <p>Predictions must lie in {@code [0, 1]} (end the network with a {@code Sigmoid}). Prefer {@link
 * BCEWithLogitsLoss} on the raw outputs: it is the same loss, computed without the saturation of a
 * separate sigmoid.
 */
public final class BCELoss implements Loss {
  private final GradientBuffer grads = new GradientBuffer();

  /** Creates the loss; it holds only its reused gradient buffers. */
  public BCELoss() {}

  /**
   * Returns the mean binary cross-entropy and computes its gradient.
   *
   * @throws IllegalArgumentException if the shapes differ (the message names both), are empty, or a
   *     prediction or a target lies outside {@code [0, 1]} (the message names the row)
   */
  @Override
  public float forward(Tensor prediction, Tensor target) {
    GradientBuffer.requireSameShape("BCELoss", prediction, target);
    TargetChecks.requireUnitInterval(
        "BCELoss",
        "the prediction",
        prediction,
        "end the network with a Sigmoid, or use BCEWithLogitsLoss on the raw outputs");
    TargetChecks.requireUnitInterval(
        "BCELoss", "the target", target, "binary targets are 0 or 1 (or a probability between)");
    return LossKernels.binaryCrossEntropy(prediction, target, grads.bufferFor(prediction));
  }

  /**
   * Returns {@code (p − t) / max(p(1 − p), 1e-12) / n} of the last forward, in a reused buffer.
   *
   * @throws IllegalStateException if forward has not run
   */
  @Override
  public Tensor backward() {
    return grads.last("BCELoss");
  }

  @Override
  public String toString() {
    return "BCELoss";
  }
}
