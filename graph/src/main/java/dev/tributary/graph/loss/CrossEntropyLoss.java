package dev.tributary.graph.loss;

import dev.tributary.core.LossKernels;
import dev.tributary.core.Tensor;
import java.util.Arrays;

/**
 * Softmax cross-entropy, as PyTorch's {@code CrossEntropyLoss()}: the logits {@code x} are {@code
 * [batch, classes]} and the loss is the mean over the batch of {@code −Σ_c t_c log softmax(x)_c}.
 *
 * <p>The target is either
 *
 * <ul>
 *   <li>class indices, {@code [batch]} or {@code [batch, 1]}, stored as floats ({@code 0, 1, …});
 *       then {@code L = (1/B) Σ_i (logsumexp(x_i) − x_{i,y_i})} and {@code dL/dx = (softmax(x) −
 *       onehot(y)) / B}; or
 *   <li>probabilities of the logits' shape (one-hot or soft rows); then {@code dL/dx_c =
 *       (softmax(x)_c Σ t − t_c) / B}.
 * </ul>
 *
 * A {@code [batch, 1]} target with {@code [batch, 1]} logits is read as probabilities (one class),
 * which is rarely meant: use {@link BCEWithLogitsLoss} for a single output. The log-softmax
 * subtracts each row's maximum first, so large logits do not overflow.
 */
public final class CrossEntropyLoss implements Loss {
  private final GradientBuffer grads = new GradientBuffer();

  /** Creates the loss; it holds only its reused gradient buffers. */
  public CrossEntropyLoss() {}

  /**
   * Returns the mean cross-entropy over the batch and computes its gradient.
   *
   * @throws IllegalArgumentException if the logits are not {@code [batch, classes]}, the target is
   *     neither {@code [batch]}/{@code [batch, 1]} class indices nor of the logits' shape (the
   *     message names both shapes), or an index is not an integer in {@code [0, classes)}
   */
  @Override
  public float forward(Tensor logits, Tensor target) {
    GradientBuffer.requireNonNull("CrossEntropyLoss", logits, target);
    if (logits.rank() != 2) {
      throw new IllegalArgumentException(
          "CrossEntropyLoss: logits must be [batch, classes], got shape "
              + Arrays.toString(logits.shape()));
    }
    Tensor grad = grads.bufferFor(logits);
    if (target.sameShape(logits)) {
      return LossKernels.crossEntropy(logits, target, grad);
    }
    boolean indices =
        target.size() == logits.dim(0)
            && (target.rank() == 1 || (target.rank() == 2 && target.dim(1) == 1));
    if (!indices) {
      throw new IllegalArgumentException(
          String.format(
              "CrossEntropyLoss: logits have shape %s but target has shape %s; pass class indices"
                  + " as [%d] or [%d, 1], or one-hot rows of shape %s",
              Arrays.toString(logits.shape()),
              Arrays.toString(target.shape()),
              logits.dim(0),
              logits.dim(0),
              Arrays.toString(logits.shape())));
    }
    TargetChecks.requireClassIndices("CrossEntropyLoss", target, logits.dim(1));
    return LossKernels.crossEntropyIndices(logits, target, grad);
  }

  /**
   * Returns the gradient of the last forward with respect to the logits, in a reused buffer.
   *
   * @throws IllegalStateException if forward has not run
   */
  @Override
  public Tensor backward() {
    return grads.last("CrossEntropyLoss");
  }

  @Override
  public String toString() {
    return "CrossEntropyLoss";
  }
}
