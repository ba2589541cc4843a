package dev.tributary.core;

/**
 * Element-wise activations beyond ReLU, Tanh and Sigmoid: leaky ReLU and GELU, with their
 * derivatives. Backward kernels <em>add</em> into the input gradient ({@code gradIn += ...}).
 */
public final class ActivationKernels {
  private static final double INV_SQRT2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  private ActivationKernels() {}

  /**
   * {@code out = x > 0 ? x : slope·x}.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor leakyRelu(Tensor x, float slope, Tensor out) {
    Shapes.requireSame("leakyRelu", x, "x", out, "out");
    float[] xs = x.data();
    float[] os = out.data();
    for (int i = 0; i < xs.length; i++) {
      float v = xs[i];
      os[i] = v > 0f ? v : slope * v;
    }
    return out;
  }

  /**
   * {@code gradIn += gradOut · (x > 0 ? 1 : slope)}, from the input {@code x}.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor leakyReluBackward(Tensor x, float slope, Tensor gradOut, Tensor gradIn) {
    Shapes.requireSame("leakyReluBackward", x, "x", gradOut, "gradOut");
    Shapes.requireSame("leakyReluBackward", x, "x", gradIn, "gradIn");
    float[] xs = x.data();
    float[] gs = gradOut.data();
    float[] gi = gradIn.data();
    for (int i = 0; i < xs.length; i++) {
      gi[i] += xs[i] > 0f ? gs[i] : slope * gs[i];
    }
    return gradIn;
  }

  /**
   * The exact GELU, {@code out = x·Φ(x) = x/2·(1 + erf(x/√2))} (PyTorch's default, {@code
   * approximate='none'}), computed in double.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor gelu(Tensor x, Tensor out) {
    Shapes.requireSame("gelu", x, "x", out, "out");
    float[] xs = x.data();
    float[] os = out.data();
    for (int i = 0; i < xs.length; i++) {
      double v = xs[i];
      os[i] = (float) (0.5 * v * (1.0 + erf(v * INV_SQRT2)));
    }
    return out;
  }

  /**
   * {@code gradIn += gradOut · (Φ(x) + x·φ(x))}, from the input {@code x}.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor geluBackward(Tensor x, Tensor gradOut, Tensor gradIn) {
    Shapes.requireSame("geluBackward", x, "x", gradOut, "gradOut");
    Shapes.requireSame("geluBackward", x, "x", gradIn, "gradIn");
    float[] xs = x.data();
    float[] gs = gradOut.data();
    float[] gi = gradIn.data();
    for (int i = 0; i < xs.length; i++) {
      double v = xs[i];
      double cdf = 0.5 * (1.0 + erf(v * INV_SQRT2));
      double pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
      gi[i] += (float) (gs[i] * (cdf + v * pdf));
    }
    return gradIn;
  }

  /**
   * The error function, to about 1.2e-7 relative error (Numerical Recipes' {@code erfc} Chebyshev
   * fit), enough for float32 results.
   */
  public static double erf(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double poly =
        -z * z
            - 1.26551223
            + t
                * (1.00002368
                    + t
                        * (0.37409196
                            + t
                                * (0.09678418
                                    + t
                                        * (-0.18628806
                                            + t
                                                * (0.27886807
                                                    + t
                                                        * (-1.13520398
                                                            + t
                                                                * (1.48851587
                                                                    + t
                                                                        * (-0.82215223
                                                                            + t
                                                                                * 0.17087277))))))));
    double erfc = t * Math.exp(poly);
    return x >= 0 ? 1.0 - erfc : erfc - 1.0;
  }
}
