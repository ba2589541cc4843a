package dev.tributary.core;

import java.util.SplittableRandom;

/**
 * Inverted dropout, as {@code torch.nn.Dropout} in training mode: each element is zeroed with
 * probability {@code p} and the others are scaled by {@code 1/(1 − p)}, so the expected output is
 * the input.
 *
 * <p>The mask is drawn sequentially from one generator, element 0 first, so a seed gives the same
 * mask whatever the thread count. The multiplications ({@code y = x·mask}, {@code dx += dy·mask})
 * are element-wise; they run on the Vector API when it is present, with the same float operations
 * as the scalar loops (a product, then a sum), so both paths give the same bits.
 */
public final class DropoutKernels {
  private DropoutKernels() {}

  /**
   * Draws {@code mask[i] = 0} with probability {@code p} (when {@code rng.nextDouble() < p}) and
   * {@code 1/(1 − p)} otherwise, for {@code i < x.size()} in order, then sets {@code y = x·mask}.
   * With {@code p = 0} the mask is all ones, {@code y = x}, and no random number is drawn.
   *
   * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1)}, the shapes differ, the
   *     mask is shorter than x or the generator is null
   */
  public static void forward(Tensor x, float p, SplittableRandom rng, float[] mask, Tensor y) {
    String kernel = "DropoutKernels.forward";
    ConvChecks.requireNonNull(kernel, x, "x");
    ConvChecks.requireNonNull(kernel, y, "y");
    Shapes.requireSame(kernel, x, "x", y, "y");
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException(
          kernel
              + ": p must be in [0, 1), got "
              + p
              + "; p is the probability of zeroing an element (p = 1 would zero everything)");
    }
    ConvChecks.requireNonNull(kernel, rng, "rng");
    int n = x.size();
    ConvChecks.requireArray(kernel, mask, "mask", n, "one value per element of x");
    if (p == 0f) {
      java.util.Arrays.fill(mask, 0, n, 1f);
    } else {
      float scale = 1f / (1f - p);
      for (int i = 0; i < n; i++) {
        mask[i] = rng.nextDouble() < p ? 0f : scale;
      }
    }
    multiply(x.data(), mask, y.data(), n);
  }

  /**
   * {@code dx += dy·mask}, with the mask of the matching {@link #forward}.
   *
   * @throws IllegalArgumentException if the shapes differ or the mask is shorter than dy
   */
  public static void backward(Tensor dy, float[] mask, Tensor dx) {
    String kernel = "DropoutKernels.backward";
    ConvChecks.requireNonNull(kernel, dy, "dy");
    ConvChecks.requireNonNull(kernel, dx, "dx");
    Shapes.requireSame(kernel, dy, "dy", dx, "dx");
    int n = dy.size();
    ConvChecks.requireArray(kernel, mask, "mask", n, "one value per element of dy");
    float[] g = dy.data();
    float[] d = dx.data();
    if (Kernels.vectorized()) {
      DropoutVector.multiplyAdd(g, mask, d, n);
    } else {
      for (int i = 0; i < n; i++) {
        d[i] += g[i] * mask[i];
      }
    }
  }

  private static void multiply(float[] x, float[] mask, float[] y, int n) {
    if (Kernels.vectorized()) {
      DropoutVector.multiply(x, mask, y, n);
    } else {
      for (int i = 0; i < n; i++) {
        y[i] = x[i] * mask[i];
      }
    }
  }
}
