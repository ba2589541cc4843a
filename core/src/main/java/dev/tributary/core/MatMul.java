package dev.tributary.core;

import java.util.Arrays;

/**
 * Matrix products in the three layouts a dense layer needs, on rank-2 tensors.
 *
 * <ul>
 *   <li>{@link #ab}: {@code C = A·B}, A {@code [m, k]}, B {@code [k, n]} (a layer's input gradient
 *       {@code dX = dY·W});
 *   <li>{@link #abt}: {@code C = A·Bᵀ}, A {@code [m, k]}, B {@code [n, k]} (a layer's forward pass
 *       {@code Y = X·Wᵀ});
 *   <li>{@link #atb}: {@code C = Aᵀ·B}, A {@code [k, m]}, B {@code [k, n]} (a layer's weight
 *       gradient {@code dW = dYᵀ·X}).
 * </ul>
 *
 * Each has an {@code ...Add} variant that accumulates, {@code C += ...}, for gradient accumulation.
 * {@code C} is modified and returned; it must not share its array with {@code A} or {@code B}.
 * Shapes are checked once per call; the work is done by {@link Gemm} on the kernel path {@link
 * Kernels#active()} names (call a path explicitly with {@link KernelPath#multiply}).
 */
public final class MatMul {
  private MatMul() {}

  /**
   * {@code c = a·b}.
   *
   * @throws IllegalArgumentException if the shapes do not agree
   */
  public static Tensor ab(Tensor a, Tensor b, Tensor c) {
    return run(Layout.AB, a, b, c, false);
  }

  /**
   * {@code c += a·b}.
   *
   * @throws IllegalArgumentException if the shapes do not agree
   */
  public static Tensor abAdd(Tensor a, Tensor b, Tensor c) {
    return run(Layout.AB, a, b, c, true);
  }

  /**
   * {@code c = a·bᵀ}.
   *
   * @throws IllegalArgumentException if the shapes do not agree
   */
  public static Tensor abt(Tensor a, Tensor b, Tensor c) {
    return run(Layout.ABT, a, b, c, false);
  }

  /**
   * {@code c += a·bᵀ}.
   *
   * @throws IllegalArgumentException if the shapes do not agree
   */
  public static Tensor abtAdd(Tensor a, Tensor b, Tensor c) {
    return run(Layout.ABT, a, b, c, true);
  }

  /**
   * {@code c = aᵀ·b}.
   *
   * @throws IllegalArgumentException if the shapes do not agree
   */
  public static Tensor atb(Tensor a, Tensor b, Tensor c) {
    return run(Layout.ATB, a, b, c, false);
  }

  /**
   * {@code c += aᵀ·b}.
   *
   * @throws IllegalArgumentException if the shapes do not agree
   */
  public static Tensor atbAdd(Tensor a, Tensor b, Tensor c) {
    return run(Layout.ATB, a, b, c, true);
  }

  private static Tensor run(Layout layout, Tensor a, Tensor b, Tensor c, boolean accumulate) {
    return run(Kernels.kernel(), layout, a, b, c, accumulate);
  }

  static Tensor run(
      GemmKernel kernel, Layout layout, Tensor a, Tensor b, Tensor c, boolean accumulate) {
    String kernelName = // constants: no string is built per call
        switch (layout) {
          case AB -> "MatMul.ab";
          case ABT -> "MatMul.abt";
          case ATB -> "MatMul.atb";
        };
    Shapes.requireMatrix(kernelName, a, "a");
    Shapes.requireMatrix(kernelName, b, "b");
    Shapes.requireMatrix(kernelName, c, "c");
    int m = layout.transposeA ? a.dim(1) : a.dim(0);
    int k = layout.transposeA ? a.dim(0) : a.dim(1);
    int kb = layout.transposeB ? b.dim(1) : b.dim(0);
    int n = layout.transposeB ? b.dim(0) : b.dim(1);
    if (k != kb || c.dim(0) != m || c.dim(1) != n) {
      throw new IllegalArgumentException(
          kernelName
              + ": shapes do not agree: a "
              + Arrays.toString(a.shape())
              + ", b "
              + Arrays.toString(b.shape())
              + ", c "
              + Arrays.toString(c.shape())
              + "; expected c ["
              + m
              + ", "
              + n
              + "] and a shared inner dimension ("
              + k
              + " vs "
              + kb
              + ")");
    }
    if (c.data() == a.data() || c.data() == b.data()) {
      throw new IllegalArgumentException(
          kernelName
              + ": c must not share its array with "
              + (c.data() == a.data() ? "a" : "b")
              + "; pass a separate output tensor of shape ["
              + m
              + ", "
              + n
              + "]");
    }
    Gemm.multiply(kernel, layout, m, n, k, a.data(), b.data(), c.data(), accumulate);
    return c;
  }
}
