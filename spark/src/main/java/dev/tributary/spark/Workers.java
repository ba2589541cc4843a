package dev.tributary.spark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/**
 * The executor-side state of training runs, kept in this JVM across tasks: per run, a pool of
 * {@link Worker}s (a network is built once per executor thread, not per task or step) and, per
 * partition, the current epoch's row order. The last {@value #KEPT_RUNS} runs are kept; older ones
 * are dropped. Everything here is derived from what tasks carry, so a lost executor or a retried
 * task rebuilds the same state.
 */
final class Workers {
  /** How many training runs an executor keeps state for. */
  static final int KEPT_RUNS = 4;

  private static final Map<String, Run> RUNS =
      new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) {
          return size() > KEPT_RUNS;
        }
      };

  private Workers() {}

  /** One run's state on this executor. */
  static final class Run {
    private final TaskConfig config;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final Map<Integer, EpochOrder> orders = new ConcurrentHashMap<>();

    Run(TaskConfig config) {
      this.config = config;
    }

    /** Borrows a worker (building one if none is idle); give it back with {@link #release}. */
    Worker borrow() {
      Worker w = idle.pollFirst();
      return w != null ? w : new Worker(config);
    }

    /** Returns a worker to the pool. */
    void release(Worker w) {
      idle.addFirst(w);
    }

    /**
     * Returns partition {@code partition}'s rows for {@code epoch}, computed by {@code compute} the
     * first time it is asked for that epoch (only the latest epoch is kept per partition).
     */
    EpochOrder order(int partition, int epoch, Function<Integer, EpochOrder> compute) {
      EpochOrder o = orders.get(partition);
      if (o == null || o.epoch != epoch) {
        o = compute.apply(epoch);
        orders.put(partition, o);
      }
      return o;
    }
  }

  /**
   * The order in which a partition visits its rows in one epoch: {@code order[i]} is a local row
   * index and {@code ranks[i]} its position in the epoch's global order (ascending), so a global
   * batch's share is a contiguous run found by binary search.
   */
  static final class EpochOrder {
    final int epoch;
    final int[] order;
    final int[] ranks;

    EpochOrder(int epoch, int[] order, int[] ranks) {
      this.epoch = epoch;
      this.order = order;
      this.ranks = ranks;
    }

    /** Returns the first position whose rank is ≥ {@code rank}. */
    int lowerBound(int rank) {
      int i = Arrays.binarySearch(ranks, rank);
      return i >= 0 ? i : -i - 1;
    }

    /**
     * Sorts a block's rows by their place in the epoch's global order {@code rankOfRow} (indexed by
     * global row), for synchronous steps.
     */
    static EpochOrder global(int epoch, Block block, int[] rankOfRow) {
      int n = block.size();
      long[] keyed = new long[n];
      for (int i = 0; i < n; i++) {
        keyed[i] = ((long) rankOfRow[(int) block.rows[i]] << 32) | i;
      }
      Arrays.sort(keyed);
      int[] order = new int[n];
      int[] ranks = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = (int) keyed[i];
        ranks[i] = (int) (keyed[i] >>> 32);
      }
      return new EpochOrder(epoch, order, ranks);
    }

    /**
     * A seeded permutation of a block's own rows (Fisher–Yates), for local-SGD epochs; the same
     * seed, epoch and partition give the same order.
     */
    static EpochOrder local(int epoch, int partition, long seed, int n, boolean shuffle) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      if (shuffle) {
        SplittableRandom rng =
            new SplittableRandom(
                seed ^ (0x9E3779B97F4A7C15L * epoch) ^ (0xC2B2AE3D27D4EB4FL * (partition + 1L)));
        for (int i = n - 1; i > 0; i--) {
          int j = rng.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
      return new EpochOrder(epoch, order, order);
    }
  }

  /** Returns this executor's state of run {@code config.runId}, creating it on first use. */
  static Run run(TaskConfig config) {
    synchronized (RUNS) {
      return RUNS.computeIfAbsent(config.runId, id -> new Run(config));
    }
  }

  /** Drops a finished run's state (on the driver's JVM; executors drop it when runs age out). */
  static void forget(String runId) {
    synchronized (RUNS) {
      RUNS.remove(runId);
    }
  }
}
