package dev.tributary.spark;

import dev.tributary.core.Tensor;
import dev.tributary.graph.train.Decision;

/**
 * Counts wrong decisions of a batch for the running training error, with the rules of {@link
 * Decision}: a one-column output is class 1 at ≥ 0.5 ({@code PROBABILITY}) or ≥ 0 ({@code LOGIT});
 * a several-column output is its arg-max, against a one-hot row or a class index.
 */
final class Decisions {
  private Decisions() {}

  /** Returns the number of wrong decisions; {@link #decisions} gives how many were made. */
  static long errors(Decision decision, Tensor prediction, Tensor target) {
    float[] p = prediction.data();
    float[] t = target.data();
    int rows = prediction.dim(0);
    int w = prediction.size() / rows;
    Decision d = resolve(decision, prediction);
    long errors = 0;
    if (d == Decision.ARGMAX) {
      int tw = target.size() / rows;
      for (int r = 0; r < rows; r++) {
        int predicted = argmax(p, r * w, w);
        int actual = tw == 1 ? (int) t[r] : argmax(t, r * tw, tw);
        if (predicted != actual) {
          errors++;
        }
      }
      return errors;
    }
    float threshold = d == Decision.LOGIT ? 0f : 0.5f;
    for (int i = 0; i < p.length; i++) {
      boolean predicted = p[i] >= threshold;
      boolean actual = t[i] >= Decision.TARGET_THRESHOLD;
      if (predicted != actual) {
        errors++;
      }
    }
    return errors;
  }

  /** Returns how many decisions a batch makes: rows for arg-max, elements otherwise. */
  static long decisions(Decision decision, Tensor prediction) {
    return resolve(decision, prediction) == Decision.ARGMAX ? prediction.dim(0) : prediction.size();
  }

  private static Decision resolve(Decision d, Tensor prediction) {
    if (d != Decision.AUTO) {
      return d;
    }
    return prediction.dim(1) > 1 ? Decision.ARGMAX : Decision.PROBABILITY;
  }

  private static int argmax(float[] a, int from, int width) {
    int best = 0;
    for (int j = 1; j < width; j++) {
      if (a[from + j] > a[from + best]) {
        best = j;
      }
    }
    return best;
  }
}
