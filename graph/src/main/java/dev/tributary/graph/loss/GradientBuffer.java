package dev.tributary.graph.loss;

import dev.tributary.core.Tensor;
import java.util.Arrays;

/**
 * The gradient buffers of one loss, allocated once per prediction shape and reused: a training loop
 * alternates between a few shapes (the batch, the last partial batch, an evaluation chunk), so the
 * last {@value #SHAPES} shapes are kept.
 */
final class GradientBuffer {
  private static final int SHAPES = 4;

  private final Tensor[] cache = new Tensor[SHAPES];
  private int nextEvict;
  private Tensor last;

  /** Returns a buffer of {@code prediction}'s shape, reusing one when it can. */
  Tensor bufferFor(Tensor prediction) {
    if (last != null && last.sameShape(prediction)) {
      return last;
    }
    for (Tensor t : cache) {
      if (t != null && t.sameShape(prediction)) {
        last = t;
        return t;
      }
    }
    Tensor t = Tensor.zeros(prediction.shape());
    cache[nextEvict] = t;
    nextEvict = (nextEvict + 1) % SHAPES;
    last = t;
    return t;
  }

  /** Returns the gradient of the last forward, or throws if there was none. */
  Tensor last(String loss) {
    if (last == null) {
      throw new IllegalStateException(loss + ".backward: call forward(prediction, target) first");
    }
    return last;
  }

  /** Checks that prediction and target have one shape, naming both if not. */
  static void requireSameShape(String loss, Tensor prediction, Tensor target) {
    requireNonNull(loss, prediction, target);
    if (!prediction.sameShape(target)) {
      throw new IllegalArgumentException(
          String.format(
              "%s: prediction has shape %s but target has shape %s; pass a target of the"
                  + " prediction's shape (a [batch, 1] output needs a [batch, 1] target)",
              loss, Arrays.toString(prediction.shape()), Arrays.toString(target.shape())));
    }
  }

  static void requireNonNull(String loss, Tensor prediction, Tensor target) {
    if (prediction == null || target == null) {
      throw new IllegalArgumentException(
          loss + ": " + (prediction == null ? "prediction" : "target") + " is null");
    }
  }
}
