package dev.tributary.graph.train;

import dev.tributary.core.LossKernels;
import dev.tributary.core.Tensor;
import dev.tributary.graph.loss.BCELoss;
import dev.tributary.graph.loss.BCEWithLogitsLoss;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.loss.Loss;

/** How a network's output is turned into a class, for error counts and confusion counts. */
public enum Decision {
  /**
   * Follows the loss of the classified output ({@link #forLoss}); for other losses {@link
   * #PROBABILITY} on a one-column output and {@link #ARGMAX} on several columns (the default).
   */
  AUTO,
  /** Binary: class 1 when the output is ≥ 0.5 (a sigmoid or tanh output trained on 0/1 targets). */
  PROBABILITY,
  /** Binary on logits: class 1 when the output is ≥ 0 (e.g. with {@code BCEWithLogitsLoss}). */
  LOGIT,
  /**
   * Multi-class: the class is the index of the largest output; targets are one-hot rows or class
   * indices. With two classes, class 1 is the positive one for the confusion counts.
   */
  ARGMAX;

  /** Targets are positive at or above this value (0/1 labels and report 001's 0.8/0.2 alike). */
  public static final float TARGET_THRESHOLD = 0.5f;

  /**
   * Returns the decision a loss implies: {@link #LOGIT} for {@link BCEWithLogitsLoss} (class 1 when
   * the logit is ≥ 0), {@link #PROBABILITY} for {@link BCELoss}, {@link #ARGMAX} for {@link
   * CrossEntropyLoss}, and {@link #AUTO} for the others (e.g. MSE on a sigmoid output).
   */
  public static Decision forLoss(Loss loss) {
    if (loss instanceof BCEWithLogitsLoss) {
      return LOGIT;
    }
    if (loss instanceof BCELoss) {
      return PROBABILITY;
    }
    if (loss instanceof CrossEntropyLoss) {
      return ARGMAX;
    }
    return AUTO;
  }

  /**
   * Counts the wrong decisions for one batch and adds {@code [TP, TN, FP, FN]} to {@code
   * confusion}.
   *
   * @throws IllegalArgumentException if the shapes do not fit the decision
   */
  int count(Tensor prediction, Tensor target, long[] confusion) {
    Decision d = resolve(prediction);
    return switch (d) {
      case PROBABILITY ->
          LossKernels.binaryDecisions(prediction, target, 0.5f, TARGET_THRESHOLD, confusion);
      case LOGIT ->
          LossKernels.binaryDecisions(prediction, target, 0f, TARGET_THRESHOLD, confusion);
      case ARGMAX, AUTO -> LossKernels.argmaxDecisions(prediction, target, confusion);
    };
  }

  /** Returns the concrete decision for an output of this shape. */
  Decision resolve(Tensor prediction) {
    if (this != AUTO) {
      return this;
    }
    return prediction.rank() == 2 && prediction.dim(1) > 1 ? ARGMAX : PROBABILITY;
  }

  /** Returns how many decisions a batch of this shape makes: rows for arg-max, elements else. */
  int decisions(Tensor prediction) {
    return resolve(prediction) == ARGMAX ? prediction.dim(0) : prediction.size();
  }
}
