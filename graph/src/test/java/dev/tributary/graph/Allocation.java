package dev.tributary.graph;

import java.lang.management.ManagementFactory;

/** Measures heap allocation of the current thread with the JVM's per-thread counter. */
public final class Allocation {
  /** What the measurement itself may allocate: a few small objects, independent of the work. */
  public static final long NOISE_BYTES = 1024;

  private Allocation() {}

  /**
   * Returns the bytes the current thread allocated while running {@code work} n times: the least of
   * three measurements, so that a one-off event (a JIT deoptimisation, a lazily loaded class) is
   * not mistaken for per-step allocation.
   */
  public static long bytesOf(Runnable work, int n) {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3; attempt++) {
      long before = bean.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < n; i++) {
        work.run();
      }
      least = Math.min(least, bean.getCurrentThreadAllocatedBytes() - before);
    }
    return least;
  }
}
