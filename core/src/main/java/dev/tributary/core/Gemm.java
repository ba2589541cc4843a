package dev.tributary.core;

/**
 * General matrix multiply on raw row-major arrays: {@code C (+)= op(A)·op(B)}, C {@code [m, n]}.
 *
 * <p>For {@link Layout#AB} A is {@code [m, k]} and B {@code [k, n]}; for {@link Layout#ABT} B is
 * {@code [n, k]}; for {@link Layout#ATB} A is {@code [k, m]}. This class only dispatches: it fills
 * the calling thread's {@link GemmCall}, picks the kernel ({@link Kernels#active()}) and, for
 * products of at least {@link Kernels#PARALLEL_MIN_FLOPS}, hands fixed output blocks to {@link
 * KernelPool}. Small products run on the calling thread with no synchronisation at all.
 */
final class Gemm {
  private Gemm() {}

  /** {@code C (+)= op(A)·op(B)} on the active kernel (see the class comment for the shapes). */
  static void multiply(
      Layout layout, int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
    multiply(Kernels.kernel(), layout, m, n, k, a, b, c, accumulate);
  }

  /** {@code C (+)= op(A)·op(B)} on {@code kernel}. */
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
    GemmCall call = GemmCall.local().set(kernel, layout, m, n, k, a, b, c, accumulate);
    try {
      int threads = Kernels.threads();
      if (threads < 2 || 2L * m * n * k < Kernels.PARALLEL_MIN_FLOPS || !split(call, threads)) {
        call.runWhole();
      }
    } finally {
      call.clear();
    }
  }

  /**
   * Runs the product as a grid of blocks on up to {@code threads} threads; false (nothing done) if
   * the pool is busy or the product is too small to cut into two blocks.
   */
  private static boolean split(GemmCall call, int threads) {
    if (!KernelPool.acquire()) {
      return false;
    }
    try {
      if (call.partition(Math.min(KernelPool.TASKS, threads)) < 2) {
        return false;
      }
      KernelPool.runAcquired(call, threads);
      return true;
    } finally {
      KernelPool.release();
    }
  }
}
