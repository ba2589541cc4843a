package dev.tributary.core;

/**
 * The loss kernels: each computes a loss with PyTorch's mean reduction <em>and</em> its gradient
 * with respect to the prediction in one pass, and the 0-1 (classification error) counts that
 * metrics need.
 *
 * <p>Every loss kernel reads {@code prediction} and {@code target} once, writes {@code grad} (the
 * gradient of the <em>mean</em>, so the {@code 1/n} factor is included) and returns the loss. Sums
 * are accumulated in double precision and each element's arithmetic is done in double too, then
 * rounded once to float: the buffers are small (a batch of outputs), so this costs nothing and
 * keeps the loss of a 100k-element batch exact to float precision. {@code grad} may not share its
 * array with the inputs unless the javadoc says so. Shapes are checked once, before the loop;
 * nothing is allocated except on the error path.
 */
public final class LossKernels {
  /** The floor PyTorch's {@code BCELoss} applies to each log term: {@code log(p) ≥ -100}. */
  public static final double BCE_LOG_FLOOR = -100.0;

  /**
   * The floor PyTorch's {@code BCELoss} backward applies to {@code p(1 - p)}, so that a prediction
   * of exactly 0 or 1 gives a large but finite gradient.
   */
  public static final double BCE_GRAD_EPSILON = 1e-12;

  private LossKernels() {}

  /**
   * Mean squared error: {@code L = (1/n) Σ (p − t)²}, {@code grad = 2 (p − t) / n}.
   *
   * @return the loss; NaN if an input is NaN
   * @throws IllegalArgumentException if the three shapes differ or the tensors are empty
   */
  public static float mse(Tensor prediction, Tensor target, Tensor grad) {
    check("mse", prediction, target, grad);
    float[] p = prediction.data();
    float[] t = target.data();
    float[] g = grad.data();
    int n = p.length;
    double scale = 2.0 / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) p[i] - t[i];
      sum += d * d;
      g[i] = (float) (scale * d);
    }
    return (float) (sum / n);
  }

  /**
   * Mean absolute error: {@code L = (1/n) Σ |p − t|}, {@code grad = sign(p − t) / n} with PyTorch's
   * subgradient {@code sign(0) = 0}.
   *
   * @return the loss; NaN if an input is NaN
   * @throws IllegalArgumentException if the three shapes differ or the tensors are empty
   */
  public static float l1(Tensor prediction, Tensor target, Tensor grad) {
    check("l1", prediction, target, grad);
    float[] p = prediction.data();
    float[] t = target.data();
    float[] g = grad.data();
    int n = p.length;
    float inv = (float) (1.0 / n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) p[i] - t[i];
      sum += Math.abs(d);
      g[i] = d > 0 ? inv : d < 0 ? -inv : d == 0 ? 0f : Float.NaN;
    }
    return (float) (sum / n);
  }

  /**
   * Binary cross-entropy on probabilities, as PyTorch's {@code BCELoss}: {@code L = −(1/n) Σ [t
   * max(log p, −100) + (1 − t) max(log(1 − p), −100)]} and {@code grad = (p − t) / max(p(1 − p),
   * 1e-12) / n}.
   *
   * @return the loss; NaN if an input is NaN
   * @throws IllegalArgumentException if the three shapes differ, the tensors are empty, or a
   *     prediction lies outside {@code [0, 1]} (apply a Sigmoid first, or use the logits kernel)
   */
  public static float binaryCrossEntropy(Tensor prediction, Tensor target, Tensor grad) {
    check("binaryCrossEntropy", prediction, target, grad);
    float[] p = prediction.data();
    float[] t = target.data();
    float[] g = grad.data();
    int n = p.length;
    double inv = 1.0 / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double pi = p[i];
      if (pi < 0 || pi > 1) {
        throw new IllegalArgumentException(
            "binaryCrossEntropy: prediction element "
                + i
                + " is "
                + pi
                + " but must lie in [0, 1]; end the network with a Sigmoid, or use"
                + " BCEWithLogitsLoss on the raw outputs");
      }
      double ti = t[i];
      double logP = Math.max(Math.log(pi), BCE_LOG_FLOOR);
      double log1mP = Math.max(Math.log1p(-pi), BCE_LOG_FLOOR);
      sum -= ti * logP + (1 - ti) * log1mP;
      g[i] = (float) ((pi - ti) / Math.max(pi * (1 - pi), BCE_GRAD_EPSILON) * inv);
    }
    return (float) (sum / n);
  }

  /**
   * Binary cross-entropy on logits, as PyTorch's {@code BCEWithLogitsLoss}, in the stable form
   * {@code L = (1/n) Σ [max(x, 0) − x t + log(1 + exp(−|x|))]} with {@code grad = (σ(x) − t) / n}.
   *
   * @return the loss; NaN if an input is NaN
   * @throws IllegalArgumentException if the three shapes differ or the tensors are empty
   */
  public static float binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor grad) {
    check("binaryCrossEntropyWithLogits", logits, target, grad);
    float[] x = logits.data();
    float[] t = target.data();
    float[] g = grad.data();
    int n = x.length;
    double inv = 1.0 / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double xi = x[i];
      double ti = t[i];
      double e = Math.exp(-Math.abs(xi));
      sum += Math.max(xi, 0) - xi * ti + Math.log1p(e);
      double sigma = xi >= 0 ? 1 / (1 + e) : e / (1 + e);
      g[i] = (float) ((sigma - ti) * inv);
    }
    return (float) (sum / n);
  }

  /**
   * Softmax cross-entropy against probability targets (one-hot or soft), as PyTorch's {@code
   * CrossEntropyLoss} with a {@code [batch, classes]} target: {@code L = −(1/B) Σ_i Σ_c t_ic log
   * softmax(x_i)_c} and {@code grad_ic = (softmax(x_i)_c Σ_c' t_ic' − t_ic) / B}. The log-softmax
   * subtracts each row's maximum first, so large logits do not overflow.
   *
   * @param logits {@code [batch, classes]}
   * @param target {@code [batch, classes]}, each row a distribution (e.g. one-hot)
   * @param grad {@code [batch, classes]}, overwritten
   * @return the loss; NaN if an input is NaN
   * @throws IllegalArgumentException if the tensors are not matrices of one shape or are empty
   */
  public static float crossEntropy(Tensor logits, Tensor target, Tensor grad) {
    check("crossEntropy", logits, target, grad);
    Shapes.requireMatrix("crossEntropy", logits, "logits");
    int rows = logits.dim(0);
    int cols = logits.dim(1);
    float[] x = logits.data();
    float[] t = target.data();
    float[] g = grad.data();
    double inv = 1.0 / rows;
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      double logSumExp = logSumExp(x, base, cols);
      double mass = 0;
      for (int c = 0; c < cols; c++) {
        double tc = t[base + c];
        mass += tc;
        if (tc != 0) {
          sum -= tc * (x[base + c] - logSumExp);
        }
      }
      for (int c = 0; c < cols; c++) {
        double softmax = Math.exp(x[base + c] - logSumExp);
        g[base + c] = (float) ((softmax * mass - t[base + c]) * inv);
      }
    }
    return (float) (sum / rows);
  }

  /**
   * Softmax cross-entropy against class indices, as PyTorch's {@code CrossEntropyLoss} with an
   * integer target: {@code L = −(1/B) Σ_i log softmax(x_i)_{y_i}} and {@code grad_ic =
   * (softmax(x_i)_c − [c = y_i]) / B}.
   *
   * @param logits {@code [batch, classes]}
   * @param classes {@code batch} class indices stored as floats, shape {@code [batch]} or {@code
   *     [batch, 1]}
   * @param grad {@code [batch, classes]}, overwritten
   * @return the loss; NaN if a logit is NaN
   * @throws IllegalArgumentException if the shapes do not fit or an index is not an integer in
   *     {@code [0, classes)}
   */
  public static float crossEntropyIndices(Tensor logits, Tensor classes, Tensor grad) {
    Shapes.requireMatrix("crossEntropyIndices", logits, "logits");
    Shapes.requireSame("crossEntropyIndices", logits, "logits", grad, "grad");
    int rows = logits.dim(0);
    int cols = logits.dim(1);
    Shapes.requireLength("crossEntropyIndices", classes, "classes", rows);
    requireNonEmpty("crossEntropyIndices", logits);
    float[] x = logits.data();
    float[] y = classes.data();
    float[] g = grad.data();
    double inv = 1.0 / rows;
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      int label = classIndex("crossEntropyIndices", y[r], r, cols);
      int base = r * cols;
      double logSumExp = logSumExp(x, base, cols);
      sum -= x[base + label] - logSumExp;
      for (int c = 0; c < cols; c++) {
        double softmax = Math.exp(x[base + c] - logSumExp);
        g[base + c] = (float) ((softmax - (c == label ? 1 : 0)) * inv);
      }
    }
    return (float) (sum / rows);
  }

  private static double logSumExp(float[] x, int base, int cols) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < cols; c++) {
      max = Math.max(max, x[base + c]);
    }
    if (Double.isInfinite(max)) {
      return max; // all −∞ or one +∞: leave the NaN/∞ to surface in the loss
    }
    double s = 0;
    for (int c = 0; c < cols; c++) {
      s += Math.exp(x[base + c] - max);
    }
    return max + Math.log(s);
  }

  /**
   * Counts binary decisions: element {@code i} is predicted positive when {@code p_i ≥
   * predictionThreshold} and is positive when {@code t_i ≥ targetThreshold}. Adds the counts to
   * {@code confusion} as {@code [TP, TN, FP, FN]} and returns the number of disagreements ({@code
   * FP + FN}). A NaN prediction counts as negative.
   *
   * @throws IllegalArgumentException if the shapes differ or {@code confusion} has fewer than four
   *     entries
   */
  public static int binaryDecisions(
      Tensor prediction,
      Tensor target,
      float predictionThreshold,
      float targetThreshold,
      long[] confusion) {
    Shapes.requireSame("binaryDecisions", prediction, "prediction", target, "target");
    requireConfusion("binaryDecisions", confusion);
    float[] p = prediction.data();
    float[] t = target.data();
    long tp = 0;
    long tn = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i < p.length; i++) {
      boolean predicted = p[i] >= predictionThreshold;
      boolean actual = t[i] >= targetThreshold;
      if (predicted) {
        if (actual) {
          tp++;
        } else {
          fp++;
        }
      } else if (actual) {
        fn++;
      } else {
        tn++;
      }
    }
    confusion[0] += tp;
    confusion[1] += tn;
    confusion[2] += fp;
    confusion[3] += fn;
    return (int) (fp + fn);
  }

  /**
   * Counts arg-max decisions row by row: the predicted class of row {@code i} is the first index of
   * its largest score; the true class is the arg-max of the target row ({@code [batch, classes]},
   * one-hot or soft) or the index itself ({@code [batch]} or {@code [batch, 1]} targets). When
   * there are two classes, class 1 is the positive one and the counts are added to {@code
   * confusion} as {@code [TP, TN, FP, FN]}; with more classes {@code confusion} is left alone.
   * Returns the number of rows whose classes differ.
   *
   * @throws IllegalArgumentException if the shapes do not fit, an index target is not an integer in
   *     {@code [0, classes)}, or {@code confusion} has fewer than four entries
   */
  public static int argmaxDecisions(Tensor prediction, Tensor target, long[] confusion) {
    Shapes.requireMatrix("argmaxDecisions", prediction, "prediction");
    requireConfusion("argmaxDecisions", confusion);
    int rows = prediction.dim(0);
    int cols = prediction.dim(1);
    boolean indices = !target.sameShape(prediction);
    if (indices) {
      Shapes.requireLength("argmaxDecisions", target, "target", rows);
    }
    float[] p = prediction.data();
    float[] t = target.data();
    int errors = 0;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      int predicted = argmax(p, base, cols);
      int actual = indices ? classIndex("argmaxDecisions", t[r], r, cols) : argmax(t, base, cols);
      if (predicted != actual) {
        errors++;
      }
      if (cols == 2) {
        confusion[(predicted == 1 ? 0 : 1) + (predicted == actual ? 0 : 2)]++;
      }
    }
    return errors;
  }

  private static int argmax(float[] a, int base, int cols) {
    int best = 0;
    float max = a[base];
    for (int c = 1; c < cols; c++) {
      if (a[base + c] > max) {
        max = a[base + c];
        best = c;
      }
    }
    return best;
  }

  private static int classIndex(String kernel, float value, int row, int classes) {
    int label = (int) value;
    if (label != value || label < 0 || label >= classes) {
      throw new IllegalArgumentException(
          kernel
              + ": target of row "
              + row
              + " is "
              + value
              + " but a class index must be an integer in [0, "
              + classes
              + "); pass class indices, or one-hot rows of the logits' shape");
    }
    return label;
  }

  private static void check(String kernel, Tensor prediction, Tensor target, Tensor grad) {
    Shapes.requireSame(kernel, prediction, "prediction", target, "target");
    Shapes.requireSame(kernel, prediction, "prediction", grad, "grad");
    requireNonEmpty(kernel, prediction);
  }

  private static void requireNonEmpty(String kernel, Tensor t) {
    if (t.size() == 0) {
      throw new IllegalArgumentException(
          kernel + ": the prediction is empty; the mean of no elements is undefined");
    }
  }

  private static void requireConfusion(String kernel, long[] confusion) {
    if (confusion == null || confusion.length < 4) {
      throw new IllegalArgumentException(
          kernel + ": pass a long[4] to receive the counts [TP, TN, FP, FN]");
    }
  }
}
