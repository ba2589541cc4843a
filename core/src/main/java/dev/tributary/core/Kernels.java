package dev.tributary.core;

/**
 * Which kernel implementation runs, and on how many threads.
 *
 * <p>The Vector API path is chosen when the module {@code jdk.incubator.vector} is in the boot
 * layer (the JVM was started with {@code --add-modules jdk.incubator.vector}); otherwise the scalar
 * path runs. Every reference to Vector API types lives in classes that are loaded only in the first
 * case, so the library works on a JVM without the module.
 *
 * <p>Products of at least {@link #PARALLEL_MIN_FLOPS} floating-point operations ({@code 2·m·n·k})
 * are split over {@link #threads()} threads by output blocks; every element of the result is
 * computed by the same sequence of operations whatever the split, so results are bitwise the same
 * for any thread count.
 */
public final class Kernels {
  /** Products below this many floating-point operations ({@code 2·m·n·k}) run on one thread. */
  public static final long PARALLEL_MIN_FLOPS = 2_000_000L;

  private static final boolean VECTOR_MODULE =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private static volatile int threads = Runtime.getRuntime().availableProcessors();

  private Kernels() {}

  /** Returns whether matrix products run on the Vector API path ({@link KernelPath#VECTOR}). */
  public static boolean vectorized() {
    return VECTOR_MODULE;
  }

  /** Returns the path {@link MatMul} uses: {@link KernelPath#VECTOR} when available. */
  public static KernelPath active() {
    return VECTOR_MODULE ? KernelPath.VECTOR : KernelPath.SCALAR;
  }

  /** Returns the number of threads large products are split over (default: the core count). */
  public static int threads() {
    return threads;
  }

  /**
   * Sets the number of threads large products are split over; {@code 1} keeps every product on the
   * calling thread. Results do not depend on this setting.
   *
   * @throws IllegalArgumentException if {@code count} is less than 1
   */
  public static void setThreads(int count) {
    if (count < 1) {
      throw new IllegalArgumentException(
          "Kernels.setThreads: need at least 1 thread, got " + count + "; pass 1 to disable");
    }
    threads = count;
  }

  /**
   * Returns a one-line description of the active matrix-product kernel, e.g. {@code "vector:
   * 256-bit FloatVector (8 lanes), 4x16 register tile"}, for logs and benchmarks.
   */
  public static String description() {
    return VECTOR_MODULE ? "vector: " + VectorKernelHolder.GEMM : "scalar: " + ScalarGemm.INSTANCE;
  }

  /**
   * Returns the thread ids of the helper threads that large kernels use besides the caller (a fresh
   * array, empty until a call first needed them). Allocation checks add these threads' counters
   * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}) to the caller's, so
   * work done on the helpers is counted too.
   */
  public static long[] helperThreadIds() {
    return KernelPool.helperThreadIds();
  }

  static GemmKernel kernel() {
    return VECTOR_MODULE ? VectorKernelHolder.GEMM : ScalarGemm.INSTANCE;
  }

  static GemmKernel kernel(KernelPath path) {
    if (path == KernelPath.SCALAR) {
      return ScalarGemm.INSTANCE;
    }
    if (!VECTOR_MODULE) {
      throw new UnsupportedOperationException(
          "KernelPath.VECTOR needs the Vector API: start the JVM with --add-modules"
              + " jdk.incubator.vector");
    }
    return VectorKernelHolder.GEMM;
  }

  /** Loads the Vector API kernel on first use; never touched when the module is absent. */
  private static final class VectorKernelHolder {
    static final GemmKernel GEMM = VectorGemm.fromProperties();
  }
}
