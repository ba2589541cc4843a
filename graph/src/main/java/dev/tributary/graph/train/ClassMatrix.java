package dev.tributary.graph.train;

import dev.tributary.core.Tensor;

/**
 * Accumulates a confusion matrix {@code [true class][predicted class]} from the decisions of one
 * output: K classes for arg-max decisions (targets one-hot rows or class indices), 2 for a
 * one-column binary output. Runs on the evaluation path only, after {@link Decision#count} has
 * checked the shapes and indices.
 */
final class ClassMatrix {
  private long[][] counts;

  void reset() {
    counts = null;
  }

  /** Returns the number of classes a matrix has for this output, or 0 if it has none. */
  static int classes(Decision resolved, Tensor prediction) {
    if (resolved == Decision.ARGMAX) {
      return prediction.dim(1);
    }
    return prediction.rank() == 2 && prediction.dim(1) == 1 ? 2 : 0;
  }

  void add(Decision resolved, Tensor prediction, Tensor target) {
    int k = classes(resolved, prediction);
    if (k == 0) {
      return;
    }
    if (counts == null || counts.length != k) {
      counts = new long[k][k];
    }
    int rows = prediction.dim(0);
    float[] p = prediction.data();
    float[] t = target.data();
    if (resolved != Decision.ARGMAX) {
      float threshold = resolved == Decision.LOGIT ? 0f : 0.5f;
      for (int r = 0; r < rows; r++) {
        int predicted = p[r] >= threshold ? 1 : 0;
        int actual = t[r] >= Decision.TARGET_THRESHOLD ? 1 : 0;
        counts[actual][predicted]++;
      }
      return;
    }
    boolean indices = !target.sameShape(prediction);
    for (int r = 0; r < rows; r++) {
      int predicted = argmax(p, r * k, k);
      int actual = indices ? (int) t[r] : argmax(t, r * k, k);
      counts[actual][predicted]++;
    }
  }

  long[][] result() {
    return counts;
  }

  private static int argmax(float[] a, int base, int cols) {
    int best = 0;
    for (int c = 1; c < cols; c++) {
      if (a[base + c] > a[base + best]) {
        best = c;
      }
    }
    return best;
  }
}
