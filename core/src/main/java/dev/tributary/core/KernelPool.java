package dev.tributary.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one large kernel at a time — a matrix product ({@link GemmCall}), an element-wise sweep
 * ({@link Sweeps}: the optimizer updates, the gradient fill) or a loop over samples or channels
 * ({@link Blocks}) — on the calling thread plus persistent helper threads.
 *
 * <p>A {@link Job} is cut into at most {@link #TASKS} tasks; threads take tasks from a shared
 * counter. For a product each task is one block of the output on tile boundaries, computed by
 * {@link GemmKernel#block}, whose per-element arithmetic does not depend on block boundaries, so
 * results are bitwise the same with 1 or N threads and whatever the grid. (A grid of four blocks on
 * two threads balanced no better on this machine and packed A twice as often: W3 spent 10 % of its
 * time packing.) Helpers spin briefly after a job (back-to-back products are common in training)
 * and then park. Nothing is allocated per call: jobs are per-thread objects reused from call to
 * call and the helpers keep their own {@link Workspace}. If a job is already running (another user
 * thread), the caller computes its work alone instead of waiting.
 */
final class KernelPool {
  /** At most this many output blocks per parallel product. */
  static final int TASKS = 4;

  private static final long HELPER_SPIN_NANOS = 200_000L;
  private static final int CALLER_SPINS = 1 << 16;

  private static final AtomicBoolean BUSY = new AtomicBoolean();
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final AtomicInteger ACTIVE = new AtomicInteger();
  private static final Object START_LOCK = new Object();
  private static Helper[] helpers = new Helper[0];
  private static volatile Thread caller;
  private static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();

  /** Work cut into tasks that the threads take from a shared counter, in any order. */
  abstract static class Job {
    /** Returns the number of tasks. */
    abstract int tasks();

    /** Runs task {@code task} with the running thread's workspace. */
    abstract void run(int task, Workspace ws);
  }

  // The current job; written before the helpers are released (a volatile write), read after.
  private static Job job;
  private static int jobTasks;

  private KernelPool() {}

  /**
   * Takes the pool for one job; false if another thread holds it (then compute on the calling
   * thread alone). A job's fields may be written only while the pool is held.
   */
  static boolean acquire() {
    return BUSY.compareAndSet(false, true);
  }

  /** Gives the pool back after {@link #acquire}. */
  static void release() {
    job = null;
    BUSY.set(false);
  }

  /**
   * Runs every task of {@code j} on the calling thread and up to {@code threads − 1} helpers and
   * returns when all are done, rethrowing the first failure. The pool must be held ({@link
   * #acquire}).
   */
  static void runAcquired(Job j, int threads) {
    job = j;
    jobTasks = j.tasks();
    FAILURE.set(null);
    NEXT.set(0);
    int wake = Math.max(0, Math.min(threads, jobTasks) - 1);
    Helper[] hs = helpers(wake);
    caller = Thread.currentThread();
    ACTIVE.set(wake);
    for (int i = 0; i < wake; i++) {
      hs[i].release();
    }
    try {
      work(Workspace.local());
    } finally {
      awaitHelpers(); // even if this thread failed: the helpers still read the job's fields
    }
    Throwable t = FAILURE.getAndSet(null);
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t != null) {
      throw (Error) t;
    }
  }

  /** Takes tasks from the shared counter until none is left. */
  static void work(Workspace ws) {
    Job j = job;
    int t;
    while ((t = NEXT.getAndIncrement()) < jobTasks) {
      j.run(t, ws);
    }
  }

  private static void awaitHelpers() {
    int spins = 0;
    while (ACTIVE.get() != 0) {
      if (spins < CALLER_SPINS) {
        spins++;
        Thread.onSpinWait();
      } else {
        LockSupport.park(KernelPool.class);
      }
    }
  }

  /**
   * Returns the ids of the helper threads started so far, for tests and benches that count the
   * allocation of every thread doing the work (a fresh array: call it outside measured windows).
   */
  static long[] helperThreadIds() {
    synchronized (START_LOCK) {
      long[] ids = new long[helpers.length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = helpers[i].thread.getId();
      }
      return ids;
    }
  }

  private static Helper[] helpers(int count) {
    if (helpers.length < count) {
      synchronized (START_LOCK) {
        Helper[] grown = java.util.Arrays.copyOf(helpers, count);
        for (int i = helpers.length; i < count; i++) {
          grown[i] = new Helper(i + 1);
          grown[i].thread.start();
        }
        helpers = grown;
      }
    }
    return helpers;
  }

  /** A daemon thread that runs blocks of the current job when released. */
  private static final class Helper implements Runnable {
    final Thread thread;
    private final Workspace workspace = new Workspace();
    private volatile boolean pending;

    Helper(int index) {
      thread = new Thread(this, AllocationMeter.POOL_THREAD_PREFIX + index);
      thread.setDaemon(true);
    }

    void release() {
      pending = true;
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      while (true) {
        awaitRelease();
        pending = false;
        try {
          work(workspace);
        } catch (RuntimeException | Error e) {
          FAILURE.compareAndSet(null, e);
          NEXT.set(Integer.MAX_VALUE / 2);
        } finally {
          if (ACTIVE.decrementAndGet() == 0) {
            LockSupport.unpark(caller);
          }
        }
      }
    }

    private void awaitRelease() {
      long spinUntil = System.nanoTime() + HELPER_SPIN_NANOS;
      while (!pending) {
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
    }
  }
}
