package dev.tributary.graph.loss;

import dev.tributary.core.Tensor;

/**
 * Checks a loss makes on its arguments before calling a {@code core} kernel, so a bad value is
 * reported under the loss's own name (the kernels' names mean nothing to a user). Each check is one
 * pass over a tensor of the batch's size.
 */
final class TargetChecks {
  private TargetChecks() {}

  /**
   * Checks that every element of {@code t} lies in {@code [0, 1]}.
   *
   * @throws IllegalArgumentException naming the loss, the tensor and the first bad element
   */
  static void requireUnitInterval(String loss, String what, Tensor t, String fix) {
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      if (!(d[i] >= 0f && d[i] <= 1f)) {
        int cols = t.rank() == 2 ? t.dim(1) : 1;
        throw new IllegalArgumentException(
            String.format(
                "%s: %s of row %d%s is %s but must lie in [0, 1]; %s",
                loss, what, i / cols, cols == 1 ? "" : " column " + (i % cols), d[i], fix));
      }
    }
  }

  /**
   * Checks that every element of {@code classes} is an integer class index in {@code [0, count)}.
   *
   * @throws IllegalArgumentException naming the loss, the row and the value
   */
  static void requireClassIndices(String loss, Tensor classes, int count) {
    float[] y = classes.data();
    for (int r = 0; r < y.length; r++) {
      int label = (int) y[r];
      if (label != y[r] || label < 0 || label >= count) {
        throw new IllegalArgumentException(
            String.format(
                "%s: the target of row %d is %s but a class index must be an integer in [0, %d)"
                    + " (the output has %d columns); number the classes 0 to %d, or widen the"
                    + " output",
                loss, r, y[r], count, count, count - 1));
      }
    }
  }
}
