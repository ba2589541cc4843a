package dev.tributary.core;

/**
 * Element-wise sweeps over long arrays, split between the calling thread and {@link KernelPool}'s
 * helpers: the optimizer updates and the gradient fill. They read and write every parameter once
 * per step, at memory speed, and on a network of millions of parameters one core's share of the
 * memory bandwidth made the update a tenth of a two-thread training step.
 *
 * <p>Each thread takes one contiguous range. The kernels are element-wise, so the result does not
 * depend on the split. Nothing is allocated per call: each thread keeps its own sweep objects
 * ({@link ThreadLocal}), whose fields hold the arguments only while the sweep runs.
 */
final class Sweeps {
  /** Arrays shorter than this are swept on the calling thread alone (128 Ki floats, 512 KB). */
  static final int PARALLEL_MIN = 1 << 17;

  /** Range boundaries are multiples of this many elements (whole vectors, whole cache lines). */
  private static final int ALIGN = 64;

  private static final ThreadLocal<Fill> FILL = ThreadLocal.withInitial(Fill::new);

  private Sweeps() {}

  /**
   * One element-wise kernel over {@code [0, n)}: {@link #range} does the work on a part and reports
   * whether its results are finite; {@link #sweep} runs the parts.
   */
  abstract static class Sweep extends KernelPool.Job {
    private int length;
    private int parts;
    private int chunk;
    private final boolean[] finite = new boolean[KernelPool.TASKS];

    /** Runs the kernel on {@code [from, to)}; returns whether every value it wrote is finite. */
    abstract boolean range(int from, int to);

    /** Drops the references to the arguments once the sweep is over. */
    abstract void clear();

    /**
     * Runs the kernel over {@code [0, n)}, on several threads when more than one thread is allowed
     * and the pool is free; returns whether every value written is finite. Callers send only arrays
     * of at least {@link #PARALLEL_MIN} elements here and run shorter ones' loops directly (fewer
     * frames between a training step and the Vector API).
     */
    final boolean sweep(int n) {
      try {
        int threads = Kernels.threads();
        if (threads < 2 || !KernelPool.acquire()) {
          return range(0, n);
        }
        try {
          int wanted = Math.min(threads, KernelPool.TASKS);
          length = n;
          chunk = ((n + wanted - 1) / wanted + ALIGN - 1) / ALIGN * ALIGN;
          parts = (n + chunk - 1) / chunk;
          KernelPool.runAcquired(this, threads);
          boolean all = true;
          for (int t = 0; t < parts; t++) {
            all &= finite[t];
          }
          return all;
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
      finite[task] = range(from, Math.min(length, from + chunk));
    }
  }

  /** {@code Arrays.fill(x, value)}, on several threads for a long array. */
  static void fill(float[] x, float value) {
    if (x.length < PARALLEL_MIN) {
      java.util.Arrays.fill(x, value);
      return;
    }
    Fill f = FILL.get();
    f.x = x;
    f.value = value;
    f.sweep(x.length);
  }

  private static final class Fill extends Sweep {
    float[] x;
    float value;

    @Override
    boolean range(int from, int to) {
      java.util.Arrays.fill(x, from, to, value);
      return true;
    }

    @Override
    void clear() {
      x = null;
    }
  }
}
