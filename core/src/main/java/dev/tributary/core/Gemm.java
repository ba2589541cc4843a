package dev.tributary.core;

/**
 * General matrix multiply on raw row-major arrays: {@code C (+)= op(A)·op(B)}, C {@code [m, n]}.
 *
 * <p>For {@link Layout#AB} A is {@code [m, k]} and B {@code [k, n]}; for {@link Layout#ABT} B is
 * {@code [n, k]}; for {@link Layout#ATB} A is {@code [k, m]}. This class only dispatches: it picks
 * the kernel ({@link Kernels#active()}) and, for products of at least {@link
 * Kernels#PARALLEL_MIN_FLOPS}, hands fixed output blocks to {@link GemmPool}. Small products run on
 * the calling thread with no synchronisation at all.
 */
final class Gemm {
  private Gemm() {}

  static void multiply(
      Layout layout, int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
    multiply(Kernels.kernel(), layout, m, n, k, a, b, c, accumulate);
  }

  static void multiply(
      GemmKernel kernel,
      Layout layout,
      int m,
      int n,
      int k,
      float[] a,
      float[] b,
      float[] c,
      boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    int threads = Kernels.threads();
    if (threads > 1
        && 2L * m * n * k >= Kernels.PARALLEL_MIN_FLOPS
        && GemmPool.run(kernel, layout, m, n, k, a, b, c, accumulate, threads)) {
      return;
    }
    kernel.block(layout, m, n, k, a, b, c, accumulate, 0, m, 0, n, Workspace.local());
  }
}
