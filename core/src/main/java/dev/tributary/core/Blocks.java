package dev.tributary.core;

/**
 * Work over items {@code [0, n)} (samples, channels, planes) cut into one contiguous block per
 * thread and run on the calling thread plus {@link KernelPool}'s helpers.
 *
 * <p>The kernels that use it compute every item with the same sequence of operations whatever block
 * it falls in, and no two items write the same output element, so results are bitwise the same for
 * any thread count. Subclasses are kept per thread ({@link ThreadLocal}) and their fields hold the
 * arguments only while a call runs: nothing is allocated per call.
 */
abstract class Blocks extends KernelPool.Job {
  /** Work (in elements touched) below which a call stays on the calling thread. */
  static final long PARALLEL_MIN_WORK = 1L << 15;

  private int count;
  private int parts;
  private int chunk;

  /** Runs the kernel on items {@code [from, to)}. */
  abstract void range(int from, int to);

  /** Drops the references to the arguments once the call is over. */
  abstract void clear();

  /**
   * Runs the kernel over items {@code [0, n)}, split over the threads when {@code work} (elements
   * touched in all) is at least {@link #PARALLEL_MIN_WORK}, more than one thread is allowed and the
   * pool is free.
   */
  final void run(int n, long work) {
    try {
      int threads = Kernels.threads();
      if (threads < 2 || n < 2 || work < PARALLEL_MIN_WORK || !KernelPool.acquire()) {
        range(0, n);
        return;
      }
      try {
        int wanted = Math.min(Math.min(threads, KernelPool.TASKS), n);
        count = n;
        chunk = (n + wanted - 1) / wanted;
        parts = (n + chunk - 1) / chunk;
        KernelPool.runAcquired(this, threads);
      } finally {
        KernelPool.release();
      }
    } finally {
      clear();
    }
  }

  @Override
  final int tasks() {
    return parts;
  }

  @Override
  final void run(int task, Workspace ws) {
    int from = task * chunk;
    range(from, Math.min(count, from + chunk));
  }
}
