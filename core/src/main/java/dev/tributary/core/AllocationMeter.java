package dev.tributary.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the heap bytes allocated by every thread that does Tributary's work: the calling thread
 * plus the helpers of the product and sweep pool ({@code tributary-gemm-N}), found by name and read
 * by thread id.
 *
 * <p>The rule for an "allocates nothing" claim (tests and {@code tributary bench} alike): warm up,
 * then measure every window of a fixed number of windows, {@link #total sum} the bytes of all of
 * them on all counted threads, and pass only at exactly zero. A window where the JIT happens to
 * deoptimise or box is a real allocation of the code under test and is counted.
 *
 * <p>Reading a thread's counter does not allocate on that thread. Reading allocates on the reading
 * thread, so {@link #start} reads the helpers first and the caller last, and {@link #stop} the
 * caller first: the meter's own reads fall outside the caller's window. Threads started after
 * {@link #start} (a pool growing during the window) are not counted, so warm up first.
 *
 * <pre>{@code
 * AllocationMeter meter = AllocationMeter.ofWorkers();
 * for (int w = 0; w < WINDOWS; w++) {
 *   meter.start();
 *   for (int i = 0; i < CALLS; i++) step();
 *   meter.stop();
 * }
 * assertEquals(0, meter.total());
 * }</pre>
 */
public final class AllocationMeter {
  /** The name prefix of the pool's helper threads. */
  public static final String POOL_THREAD_PREFIX = "tributary-gemm-";

  private final com.sun.management.ThreadMXBean bean;
  private long callerId;
  private long[] helperIds = new long[0];
  private long[] helperBefore = new long[0];
  private long callerBefore;
  private long total;
  private long callerTotal;
  private long worstWindow;
  private int windows;
  private boolean running;

  private AllocationMeter(com.sun.management.ThreadMXBean bean) {
    this.bean = bean;
  }

  /**
   * Returns a meter for the calling thread and the pool's helper threads.
   *
   * @throws UnsupportedOperationException if this JVM cannot count allocated bytes per thread
   */
  public static AllocationMeter ofWorkers() {
    java.lang.management.ThreadMXBean plain = ManagementFactory.getThreadMXBean();
    if (!(plain instanceof com.sun.management.ThreadMXBean bean)
        || !bean.isThreadAllocatedMemorySupported()) {
      throw new UnsupportedOperationException(
          "this JVM cannot count allocated bytes per thread"
              + " (com.sun.management.ThreadMXBean.getThreadAllocatedBytes): run on HotSpot");
    }
    if (!bean.isThreadAllocatedMemoryEnabled()) {
      bean.setThreadAllocatedMemoryEnabled(true);
    }
    return new AllocationMeter(bean);
  }

  /**
   * Starts a window: finds the pool's helper threads alive now and reads every counter.
   *
   * @throws IllegalStateException if a window is already open
   */
  public void start() {
    if (running) {
      throw new IllegalStateException("AllocationMeter.start: a window is already open; stop() it");
    }
    callerId = Thread.currentThread().getId();
    findHelpers();
    for (int i = 0; i < helperIds.length; i++) {
      helperBefore[i] = bean.getThreadAllocatedBytes(helperIds[i]);
    }
    running = true;
    callerBefore = bean.getThreadAllocatedBytes(callerId); // last: our own reads come before it
  }

  /**
   * Ends the window and adds its bytes, summed over the caller and the helpers, to {@link #total}.
   *
   * @return the bytes allocated in this window on every counted thread
   * @throws IllegalStateException if no window is open, or {@link #start} ran on another thread
   */
  public long stop() {
    long callerAfter = bean.getThreadAllocatedBytes(callerId); // first: before our own reads
    if (!running) {
      throw new IllegalStateException("AllocationMeter.stop: no window is open; call start()");
    }
    if (Thread.currentThread().getId() != callerId) {
      throw new IllegalStateException(
          "AllocationMeter.stop: called on another thread than start(); use one meter per thread");
    }
    running = false;
    long caller = callerAfter - callerBefore;
    long window = caller;
    for (int i = 0; i < helperIds.length; i++) {
      long after = bean.getThreadAllocatedBytes(helperIds[i]);
      if (after >= 0 && helperBefore[i] >= 0) { // −1: the thread died
        window += after - helperBefore[i];
      }
    }
    callerTotal += caller;
    total += window;
    worstWindow = Math.max(worstWindow, window);
    windows++;
    return window;
  }

  /** Returns the bytes allocated in every window so far, on every counted thread. */
  public long total() {
    return total;
  }

  /** Returns the part of {@link #total} allocated on the calling thread. */
  public long callerTotal() {
    return callerTotal;
  }

  /** Returns the most bytes any one window allocated. */
  public long worstWindow() {
    return worstWindow;
  }

  /** Returns the number of windows measured. */
  public int windows() {
    return windows;
  }

  /** Returns how many helper threads the last window counted besides the caller. */
  public int helperThreads() {
    return helperIds.length;
  }

  /**
   * Returns e.g. {@code "512 bytes in 5 windows (caller 512, 1 helper thread 0; worst window
   * 504)"}, for failure messages and the bench's report.
   */
  public String summary() {
    return String.format(
        java.util.Locale.ROOT,
        "%d bytes in %d windows (caller %d, %d helper thread%s %d; worst window %d)",
        total,
        windows,
        callerTotal,
        helperIds.length,
        helperIds.length == 1 ? "" : "s",
        total - callerTotal,
        worstWindow);
  }

  private void findHelpers() {
    long[] all = bean.getAllThreadIds();
    List<Long> found = new ArrayList<>();
    for (ThreadInfo info : bean.getThreadInfo(all)) {
      if (info != null
          && info.getThreadId() != callerId
          && info.getThreadName().startsWith(POOL_THREAD_PREFIX)) {
        found.add(info.getThreadId());
      }
    }
    if (found.size() != helperIds.length) {
      helperIds = new long[found.size()];
      helperBefore = new long[found.size()];
    }
    for (int i = 0; i < helperIds.length; i++) {
      helperIds[i] = found.get(i);
    }
  }
}
