package dev.tributary.core;

/**
 * Fused, in-place parameter updates: one pass per parameter tensor reads the gradient and the
 * optimizer state, updates the state and the value, and allocates nothing. The equations are
 * PyTorch's ({@code torch.optim.SGD}, {@code Adam}, {@code AdamW}, without {@code maximize} or
 * {@code amsgrad}), element by element, in float32 as PyTorch computes them.
 *
 * <p>Every kernel returns whether all updated values are finite. The check rides along the update
 * (one compare per element) so a training loop learns of a NaN or an overflow without a second
 * pass. Shapes are checked once per call. Tensors of at least {@link Sweeps#PARALLEL_MIN} elements
 * are split between the calling thread and the matrix-product helpers ({@link Sweeps}): the update
 * of a large network runs at memory speed, and one core's share of it is not the machine's.
 *
 * <p>Each kernel also takes an optional {@code previous} array that receives every value as it was
 * before the update, written in the same pass (a training loop that must be able to undo a step
 * keeps its copy this way instead of copying the parameters in a pass of their own: 4 % of a wide
 * network's step). Pass {@code null} for none.
 */
public final class OptimizerKernels {
  private OptimizerKernels() {}

  /**
   * Plain SGD with optional L2 weight decay: {@code θ ← θ − lr (g + λθ)}.
   *
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ
   */
  public static boolean sgd(Tensor value, Tensor grad, float lr, float weightDecay) {
    return sgd(value, grad, lr, weightDecay, null);
  }

  /**
   * {@link #sgd(Tensor, Tensor, float, float)}, keeping each value from before the update in {@code
   * previous}.
   *
   * @param previous receives the values before the update, or {@code null}
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ or {@code previous} is too short
   */
  public static boolean sgd(
      Tensor value, Tensor grad, float lr, float weightDecay, float[] previous) {
    Shapes.requireSame("sgd", value, "value", grad, "grad");
    float[] w = value.data();
    float[] g = grad.data();
    requirePrevious("sgd", previous, w.length);
    if (w.length < Sweeps.PARALLEL_MIN) {
      return sgdRange(w, g, previous, lr, weightDecay, 0, w.length);
    }
    Sgd sweep = SGD.get();
    sweep.w = w;
    sweep.g = g;
    sweep.previous = previous;
    sweep.lr = lr;
    sweep.weightDecay = weightDecay;
    return sweep.sweep(w.length);
  }

  /**
   * SGD with (heavy-ball) momentum as PyTorch: {@code g ← g + λθ}; {@code b ← a·b + c·g}; {@code θ
   * ← θ − lr·b}. PyTorch initialises the buffer to the first gradient, so call the first step with
   * {@code a = 0, c = 1} and later ones with {@code a = momentum, c = 1 − dampening}.
   *
   * @param buffer the momentum buffer, updated in place
   * @param bufferDecay {@code a}: the factor of the old buffer
   * @param gradScale {@code c}: the factor of the gradient
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ
   */
  public static boolean sgdMomentum(
      Tensor value,
      Tensor grad,
      Tensor buffer,
      float lr,
      float weightDecay,
      float bufferDecay,
      float gradScale) {
    return sgdMomentum(value, grad, buffer, lr, weightDecay, bufferDecay, gradScale, null);
  }

  /**
   * {@link #sgdMomentum(Tensor, Tensor, Tensor, float, float, float, float)}, keeping each value
   * from before the update in {@code previous} ({@code null} for none).
   *
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ or {@code previous} is too short
   */
  public static boolean sgdMomentum(
      Tensor value,
      Tensor grad,
      Tensor buffer,
      float lr,
      float weightDecay,
      float bufferDecay,
      float gradScale,
      float[] previous) {
    Shapes.requireSame("sgdMomentum", value, "value", grad, "grad");
    Shapes.requireSame("sgdMomentum", value, "value", buffer, "buffer");
    float[] w = value.data();
    float[] g = grad.data();
    float[] b = buffer.data();
    requirePrevious("sgdMomentum", previous, w.length);
    return momentumSweep(w, g, b, previous, lr, weightDecay, bufferDecay, gradScale, false, 0f);
  }

  /**
   * SGD with Nesterov momentum as PyTorch: {@code g ← g + λθ}; {@code b ← a·b + c·g}; {@code θ ← θ
   * − lr (g + μ·b)}. The first step uses {@code a = 0, c = 1} (buffer = first gradient).
   *
   * @param momentum {@code μ}, the look-ahead factor
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ
   */
  public static boolean sgdNesterov(
      Tensor value,
      Tensor grad,
      Tensor buffer,
      float lr,
      float weightDecay,
      float bufferDecay,
      float gradScale,
      float momentum) {
    return sgdNesterov(
        value, grad, buffer, lr, weightDecay, bufferDecay, gradScale, momentum, null);
  }

  /**
   * {@link #sgdNesterov(Tensor, Tensor, Tensor, float, float, float, float, float)}, keeping each
   * value from before the update in {@code previous} ({@code null} for none).
   *
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ or {@code previous} is too short
   */
  public static boolean sgdNesterov(
      Tensor value,
      Tensor grad,
      Tensor buffer,
      float lr,
      float weightDecay,
      float bufferDecay,
      float gradScale,
      float momentum,
      float[] previous) {
    Shapes.requireSame("sgdNesterov", value, "value", grad, "grad");
    Shapes.requireSame("sgdNesterov", value, "value", buffer, "buffer");
    float[] w = value.data();
    float[] g = grad.data();
    float[] b = buffer.data();
    requirePrevious("sgdNesterov", previous, w.length);
    return momentumSweep(
        w, g, b, previous, lr, weightDecay, bufferDecay, gradScale, true, momentum);
  }

  private static boolean momentumSweep(
      float[] w,
      float[] g,
      float[] b,
      float[] previous,
      float lr,
      float weightDecay,
      float bufferDecay,
      float gradScale,
      boolean nesterov,
      float momentum) {
    if (w.length < Sweeps.PARALLEL_MIN) {
      return momentumRange(
          w,
          g,
          b,
          previous,
          lr,
          weightDecay,
          bufferDecay,
          gradScale,
          nesterov,
          momentum,
          0,
          w.length);
    }
    Momentum sweep = MOMENTUM.get();
    sweep.w = w;
    sweep.g = g;
    sweep.b = b;
    sweep.previous = previous;
    sweep.lr = lr;
    sweep.weightDecay = weightDecay;
    sweep.bufferDecay = bufferDecay;
    sweep.gradScale = gradScale;
    sweep.nesterov = nesterov;
    sweep.momentum = momentum;
    return sweep.sweep(w.length);
  }

  /**
   * Adam and AdamW as PyTorch, at step {@code t ≥ 1}:
   *
   * <pre>
   *   θ ← θ (1 − lr·λ_decoupled)              (AdamW's decoupled decay)
   *   g ← g + λ_l2 θ                          (Adam's L2 penalty)
   *   m ← β1 m + (1 − β1) g
   *   v ← β2 v + (1 − β2) g²
   *   θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
   * </pre>
   *
   * which is {@code θ − lr m̂ / (√v̂ + ε)} with the bias-corrected moments {@code m̂ = m / (1 −
   * β1^t)}, {@code v̂ = v / (1 − β2^t)}, ε added after the square root.
   *
   * @param m the first-moment estimate, updated in place
   * @param v the second-moment estimate, updated in place
   * @param step {@code t}, the 1-based count of steps taken including this one
   * @param l2 Adam's {@code weight_decay}, added to the gradient (0 for none)
   * @param decoupled AdamW's {@code weight_decay}, applied to the value (0 for none)
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ or {@code step < 1}
   */
  public static boolean adam(
      Tensor value,
      Tensor grad,
      Tensor m,
      Tensor v,
      float lr,
      float beta1,
      float beta2,
      float eps,
      float l2,
      float decoupled,
      long step) {
    return adam(value, grad, m, v, lr, beta1, beta2, eps, l2, decoupled, step, null);
  }

  /**
   * {@link #adam(Tensor, Tensor, Tensor, Tensor, float, float, float, float, float, float, long)},
   * keeping each value from before the update in {@code previous} ({@code null} for none).
   *
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ, {@code previous} is too short or {@code
   *     step < 1}
   */
  public static boolean adam(
      Tensor value,
      Tensor grad,
      Tensor m,
      Tensor v,
      float lr,
      float beta1,
      float beta2,
      float eps,
      float l2,
      float decoupled,
      long step,
      float[] previous) {
    Shapes.requireSame("adam", value, "value", grad, "grad");
    Shapes.requireSame("adam", value, "value", m, "m");
    Shapes.requireSame("adam", value, "value", v, "v");
    if (step < 1) {
      throw new IllegalArgumentException(
          "adam: step is " + step + " but counts from 1 (the first update is step 1)");
    }
    double biasCorrection1 = 1 - Math.pow(beta1, (double) step);
    double biasCorrection2 = 1 - Math.pow(beta2, (double) step);
    float stepSize = (float) (lr / biasCorrection1);
    float sqrtBias2 = (float) Math.sqrt(biasCorrection2);
    float[] w = value.data();
    requirePrevious("adam", previous, w.length);
    float shrink = 1 - lr * decoupled;
    if (w.length < Sweeps.PARALLEL_MIN) {
      return adamRange(
          w,
          grad.data(),
          m.data(),
          v.data(),
          previous,
          shrink,
          l2,
          beta1,
          beta2,
          stepSize,
          sqrtBias2,
          eps,
          0,
          w.length);
    }
    Adam sweep = ADAM.get();
    sweep.w = w;
    sweep.g = grad.data();
    sweep.m = m.data();
    sweep.v = v.data();
    sweep.previous = previous;
    sweep.shrink = shrink;
    sweep.l2 = l2;
    sweep.beta1 = beta1;
    sweep.beta2 = beta2;
    sweep.stepSize = stepSize;
    sweep.sqrtBias2 = sqrtBias2;
    sweep.eps = eps;
    return sweep.sweep(w.length);
  }

  // ---- the loops over one range [from, to): called directly for small tensors (as few frames
  // as possible between a training step and the Vector API: C2 stops inlining past a depth, and a
  // Vector API call it does not inline boxes its vectors), by the sweeps for large ones ---------

  private static boolean sgdRange(
      float[] w, float[] g, float[] previous, float lr, float weightDecay, int from, int to) {
    boolean finite = true;
    int i = from;
    if (Kernels.vectorized()) {
      i = from + VectorMath.wholeVectors(to - from);
      finite = VectorMath.sgd(w, g, from, i, lr, weightDecay, previous);
    }
    for (; i < to; i++) {
      if (previous != null) {
        previous[i] = w[i];
      }
      float d = g[i] + weightDecay * w[i];
      float next = w[i] - lr * d;
      w[i] = next;
      finite &= Float.isFinite(next);
    }
    return finite;
  }

  private static boolean momentumRange(
      float[] w,
      float[] g,
      float[] b,
      float[] previous,
      float lr,
      float weightDecay,
      float bufferDecay,
      float gradScale,
      boolean nesterov,
      float momentum,
      int from,
      int to) {
    boolean finite = true;
    for (int i = from; i < to; i++) {
      if (previous != null) {
        previous[i] = w[i];
      }
      float d = g[i] + weightDecay * w[i];
      float m = bufferDecay * b[i] + gradScale * d;
      b[i] = m;
      float next = w[i] - lr * (nesterov ? d + momentum * m : m);
      w[i] = next;
      finite &= Float.isFinite(next);
    }
    return finite;
  }

  private static boolean adamRange(
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      float[] previous,
      float shrink,
      float l2,
      float beta1,
      float beta2,
      float stepSize,
      float sqrtBias2,
      float eps,
      int from,
      int to) {
    boolean finite = true;
    int i = from;
    if (Kernels.vectorized()) {
      i = from + VectorMath.wholeVectors(to - from);
      finite =
          VectorMath.adam(
              w, g, m, v, from, i, shrink, l2, beta1, beta2, stepSize, sqrtBias2, eps, previous);
    }
    float oneMinusBeta1 = 1 - beta1;
    float oneMinusBeta2 = 1 - beta2;
    for (; i < to; i++) {
      if (previous != null) {
        previous[i] = w[i];
      }
      float wi = w[i] * shrink;
      float gi = g[i] + l2 * wi;
      float mi = beta1 * m[i] + oneMinusBeta1 * gi;
      float vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      float next = wi - stepSize * (mi / ((float) Math.sqrt(vi) / sqrtBias2 + eps));
      w[i] = next;
      finite &= Float.isFinite(next);
    }
    return finite;
  }

  // ---- the sweeps: each thread's arguments, and the loop over one range ------------------------

  private static final ThreadLocal<Sgd> SGD = ThreadLocal.withInitial(Sgd::new);
  private static final ThreadLocal<Momentum> MOMENTUM = ThreadLocal.withInitial(Momentum::new);
  private static final ThreadLocal<Adam> ADAM = ThreadLocal.withInitial(Adam::new);

  private static final class Sgd extends Sweeps.Sweep {
    float[] w;
    float[] g;
    float[] previous;
    float lr;
    float weightDecay;

    @Override
    boolean range(int from, int to) {
      return sgdRange(w, g, previous, lr, weightDecay, from, to);
    }

    @Override
    void clear() {
      w = null;
      g = null;
      previous = null;
    }
  }

  /** Heavy-ball and Nesterov momentum: the same loop but for the step taken. */
  private static final class Momentum extends Sweeps.Sweep {
    float[] w;
    float[] g;
    float[] b;
    float[] previous;
    float lr;
    float weightDecay;
    float bufferDecay;
    float gradScale;
    boolean nesterov;
    float momentum;

    @Override
    boolean range(int from, int to) {
      return momentumRange(
          w, g, b, previous, lr, weightDecay, bufferDecay, gradScale, nesterov, momentum, from, to);
    }

    @Override
    void clear() {
      w = null;
      g = null;
      b = null;
      previous = null;
    }
  }

  private static final class Adam extends Sweeps.Sweep {
    float[] w;
    float[] g;
    float[] m;
    float[] v;
    float[] previous;
    float shrink;
    float l2;
    float beta1;
    float beta2;
    float stepSize;
    float sqrtBias2;
    float eps;

    @Override
    boolean range(int from, int to) {
      return adamRange(
          w, g, m, v, previous, shrink, l2, beta1, beta2, stepSize, sqrtBias2, eps, from, to);
    }

    @Override
    void clear() {
      w = null;
      g = null;
      m = null;
      v = null;
      previous = null;
    }
  }

  private static void requirePrevious(String kernel, float[] previous, int length) {
    if (previous != null && previous.length < length) {
      throw new IllegalArgumentException(
          kernel
              + ": previous holds "
              + previous.length
              + " floats but the value has "
              + length
              + "; pass an array at least as long as the value, or null");
    }
  }
}
