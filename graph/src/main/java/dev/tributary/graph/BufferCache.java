package dev.tributary.graph;

import java.util.Arrays;

/**
 * A small round-robin cache of per-batch-size buffers: training alternates between a few batch
 * sizes (the full batches, the last partial one, the evaluation batches), and each keeps its
 * buffers instead of reallocating them on every switch.
 */
final class BufferCache {
  private static final int SIZES = 4;

  private final Buffers[] cache = new Buffers[SIZES];
  private int nextEvict;

  /** Returns the cached buffers for {@code batch}, or {@code null}. */
  Buffers find(int batch) {
    for (Buffers b : cache) {
      if (b != null && b.batch == batch) {
        return b;
      }
    }
    return null;
  }

  /** Caches {@code b}, evicting the oldest entry when full. */
  Buffers add(Buffers b) {
    cache[nextEvict] = b;
    nextEvict = (nextEvict + 1) % SIZES;
    return b;
  }

  /** Drops every cached size (after a change that reshapes the buffers). */
  void clear() {
    Arrays.fill(cache, null);
  }
}
