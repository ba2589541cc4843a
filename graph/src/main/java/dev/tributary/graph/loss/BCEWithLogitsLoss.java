package dev.tributary.graph.loss;

import dev.tributary.core.LossKernels;
import dev.tributary.core.Tensor;

/**
 * Binary cross-entropy on logits, as PyTorch's {@code BCEWithLogitsLoss()}: the {@link BCELoss} of
 * {@code σ(x)}, computed in the numerically stable form {@code L = (1/n) Σ [max(x, 0) − x t + log(1
 * + exp(−|x|))]} (finite for any finite logit), with gradient {@code dL/dx = (σ(x) − t) / n}.
 *
 * <p>Feed it the raw output of the last {@code Linear}; classify with {@code x ≥ 0}.
 */
public final class BCEWithLogitsLoss implements Loss {
  private final GradientBuffer grads = new GradientBuffer();

  /** Creates the loss; it holds only its reused gradient buffers. */
  public BCEWithLogitsLoss() {}

  /**
   * Returns the mean binary cross-entropy of the logits and computes its gradient.
   *
   * @throws IllegalArgumentException if a target lies outside {@code [0, 1]} or the shapes differ
   *     (the message names both) or are empty
   */
  @Override
  public float forward(Tensor logits, Tensor target) {
    GradientBuffer.requireSameShape("BCEWithLogitsLoss", logits, target);
    TargetChecks.requireUnitInterval(
        "BCEWithLogitsLoss",
        "the target",
        target,
        "binary targets are 0 or 1 (or a probability between); for several classes use"
            + " CrossEntropyLoss");
    return LossKernels.binaryCrossEntropyWithLogits(logits, target, grads.bufferFor(logits));
  }

  /**
   * Returns {@code (σ(x) − t) / n} of the last forward, in a reused buffer.
   *
   * @throws IllegalStateException if forward has not run
   */
  @Override
  public Tensor backward() {
    return grads.last("BCEWithLogitsLoss");
  }

  @Override
  public String toString() {
    return "BCEWithLogitsLoss";
  }
}
