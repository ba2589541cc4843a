package dev.tributary.core;

/**
 * Fused, in-place parameter updates: one pass per parameter tensor reads the gradient and the
 * optimizer state, updates the state and the value, and allocates nothing. The equations are
 * PyTorch's ({@code torch.optim.SGD}, {@code Adam}, {@code AdamW}, without {@code maximize} or
 * {@code amsgrad}), element by element, in float32 as PyTorch computes them. Hyperparameters come
 * in a record ({@link SgdSettings}, {@link AdamSettings}) built once per optimizer; the learning
 * rate and the step count, which change, are passed per call.
 *
 * <p>Every kernel returns whether all updated values are finite. The check rides along the update
 * (one compare per element) so a training loop learns of a NaN or an overflow without a second
 * pass. Shapes are checked once per call. Tensors of at least {@link Sweeps#PARALLEL_MIN} elements
 * are split between the calling thread and the pool's helpers ({@link Sweeps}): the update of a
 * large network runs at memory speed, and one core's share of it is not the machine's.
 *
 * <p>Each update's arguments are written once, into the calling thread's sweep object ({@code
 * set}); its {@code range} runs the loop on a part, called directly for small tensors (as few
 * frames as possible between a training step and the Vector API: C2 stops inlining past a depth,
 * and a Vector API call it does not inline boxes its vectors) and by the helpers for large ones.
 */
public final class OptimizerKernels {
  private static final ThreadLocal<SgdSweep> SGD = ThreadLocal.withInitial(SgdSweep::new);
  private static final ThreadLocal<AdamSweep> ADAM = ThreadLocal.withInitial(AdamSweep::new);

  private OptimizerKernels() {}

  /**
   * Plain SGD with optional L2 weight decay: {@code θ ← θ − lr (g + λθ)}.
   *
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ or {@code settings} has a momentum (use
   *     {@link #sgdMomentum})
   */
  public static boolean sgd(Tensor value, Tensor grad, float lr, SgdSettings settings) {
    Shapes.requireSame("sgd", value, "value", grad, "grad");
    if (settings.momentum() != 0) {
      throw new IllegalArgumentException(
          "sgd: the settings have momentum "
              + settings.momentum()
              + "; call sgdMomentum with a buffer, or use momentum 0");
    }
    SgdSweep k = SGD.get().set(value.data(), grad.data(), null, lr, settings, true);
    int n = value.size();
    try {
      return n < Sweeps.PARALLEL_MIN ? k.range(0, n) : k.sweep(n);
    } finally {
      k.clear();
    }
  }

  /**
   * SGD with momentum as PyTorch, heavy-ball or Nesterov: {@code g ← g + λθ}; {@code b ← μ·b + (1 −
   * τ)·g} ({@code b ← g} on the first step); {@code θ ← θ − lr·b}, or {@code θ ← θ − lr (g + μ·b)}
   * with Nesterov.
   *
   * @param buffer the momentum buffer, updated in place
   * @param firstStep whether this is the buffer's first step (PyTorch starts it at the gradient)
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ
   */
  public static boolean sgdMomentum(
      Tensor value, Tensor grad, Tensor buffer, float lr, SgdSettings settings, boolean firstStep) {
    Shapes.requireSame("sgdMomentum", value, "value", grad, "grad");
    Shapes.requireSame("sgdMomentum", value, "value", buffer, "buffer");
    SgdSweep k = SGD.get().set(value.data(), grad.data(), buffer.data(), lr, settings, firstStep);
    int n = value.size();
    try {
      return n < Sweeps.PARALLEL_MIN ? k.range(0, n) : k.sweep(n);
    } finally {
      k.clear();
    }
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
   * @return whether every updated value is finite
   * @throws IllegalArgumentException if the shapes differ or {@code step < 1}
   */
  public static boolean adam(
      Tensor value, Tensor grad, Tensor m, Tensor v, float lr, AdamSettings settings, long step) {
    Shapes.requireSame("adam", value, "value", grad, "grad");
    Shapes.requireSame("adam", value, "value", m, "m");
    Shapes.requireSame("adam", value, "value", v, "v");
    if (step < 1) {
      throw new IllegalArgumentException(
          "adam: step is " + step + " but counts from 1 (the first update is step 1)");
    }
    AdamSweep k = ADAM.get().set(value.data(), grad.data(), m.data(), v.data(), lr, settings, step);
    int n = value.size();
    try {
      return n < Sweeps.PARALLEL_MIN ? k.range(0, n) : k.sweep(n);
    } finally {
      k.clear();
    }
  }

  static void requireNonNegative(String owner, String name, float value) {
    if (!(value >= 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(
          owner + ": " + name + " is " + value + "; pass a finite value ≥ 0");
    }
  }

  /** Plain SGD ({@code b == null}) or SGD with momentum: one thread's arguments and loops. */
  private static final class SgdSweep extends Sweeps.Sweep {
    private float[] w;
    private float[] g;
    private float[] b;
    private float lr;
    private float weightDecay;
    private float bufferDecay;
    private float gradScale;
    private boolean nesterov;
    private float momentum;

    SgdSweep set(float[] w, float[] g, float[] b, float lr, SgdSettings s, boolean first) {
      this.w = w;
      this.g = g;
      this.b = b;
      this.lr = lr;
      this.weightDecay = s.weightDecay();
      this.bufferDecay = first ? 0f : s.momentum();
      this.gradScale = first ? 1f : 1f - s.dampening();
      this.nesterov = s.nesterov();
      this.momentum = s.momentum();
      return this;
    }

    @Override
    boolean range(int from, int to) {
      return b == null ? plain(from, to) : withMomentum(from, to);
    }

    private boolean plain(int from, int to) {
      float[] w = this.w;
      float[] g = this.g;
      float lr = this.lr;
      float weightDecay = this.weightDecay;
      boolean finite = true;
      int i = from;
      if (Kernels.vectorized()) {
        i = from + VectorMath.wholeVectors(to - from);
        finite = VectorMath.sgd(w, g, from, i, lr, weightDecay);
      }
      for (; i < to; i++) {
        float d = g[i] + weightDecay * w[i];
        float next = w[i] - lr * d;
        w[i] = next;
        finite &= Float.isFinite(next);
      }
      return finite;
    }

    private boolean withMomentum(int from, int to) {
      float[] w = this.w;
      float[] g = this.g;
      float[] b = this.b;
      float lr = this.lr;
      float weightDecay = this.weightDecay;
      float bufferDecay = this.bufferDecay;
      float gradScale = this.gradScale;
      boolean nesterov = this.nesterov;
      float momentum = this.momentum;
      boolean finite = true;
      for (int i = from; i < to; i++) {
        float d = g[i] + weightDecay * w[i];
        float m = bufferDecay * b[i] + gradScale * d;
        b[i] = m;
        float next = w[i] - lr * (nesterov ? d + momentum * m : m);
        w[i] = next;
        finite &= Float.isFinite(next);
      }
      return finite;
    }

    @Override
    void clear() {
      w = null;
      g = null;
      b = null;
    }
  }

  /** Adam and AdamW: one thread's arguments, with the bias corrections of the step, and loop. */
  private static final class AdamSweep extends Sweeps.Sweep {
    private float[] w;
    private float[] g;
    private float[] m;
    private float[] v;
    private float shrink;
    private float l2;
    private float beta1;
    private float beta2;
    private float stepSize;
    private float sqrtBias2;
    private float eps;

    AdamSweep set(float[] w, float[] g, float[] m, float[] v, float lr, AdamSettings s, long step) {
      this.w = w;
      this.g = g;
      this.m = m;
      this.v = v;
      this.shrink = 1 - lr * s.decoupled();
      this.l2 = s.l2();
      this.beta1 = s.beta1();
      this.beta2 = s.beta2();
      this.stepSize = (float) (lr / (1 - Math.pow(s.beta1(), (double) step)));
      this.sqrtBias2 = (float) Math.sqrt(1 - Math.pow(s.beta2(), (double) step));
      this.eps = s.eps();
      return this;
    }

    @Override
    boolean range(int from, int to) {
      float[] w = this.w;
      float[] g = this.g;
      float[] m = this.m;
      float[] v = this.v;
      float shrink = this.shrink;
      float l2 = this.l2;
      float beta1 = this.beta1;
      float beta2 = this.beta2;
      float stepSize = this.stepSize;
      float sqrtBias2 = this.sqrtBias2;
      float eps = this.eps;
      boolean finite = true;
      int i = from;
      if (Kernels.vectorized()) {
        i = from + VectorMath.wholeVectors(to - from);
        finite =
            VectorMath.adam(
                w, g, m, v, from, i, shrink, l2, beta1, beta2, stepSize, sqrtBias2, eps);
      }
      float oneMinusBeta1 = 1 - beta1;
      float oneMinusBeta2 = 1 - beta2;
      for (; i < to; i++) {
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

    @Override
    void clear() {
      w = null;
      g = null;
      m = null;
      v = null;
    }
  }
}
