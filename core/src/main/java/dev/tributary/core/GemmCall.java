package dev.tributary.core;

/**
 * The arguments of one matrix product {@code C (+)= op(A)·op(B)}, C {@code [m, n]}, as the kernels
 * read them: {@link GemmKernel#block} takes one of these plus the block of C to compute. Each
 * thread keeps one ({@link #local}) and refills it per product, so nothing is allocated per call;
 * the references to the arrays are dropped when the product is over ({@link #clear}).
 *
 * <p>It is also the {@link KernelPool.Job} of a product split over threads: the output is cut into
 * a grid of one block per thread on tile boundaries ({@link #partition}) and each task computes one
 * block.
 */
final class GemmCall extends KernelPool.Job {
  private static final ThreadLocal<GemmCall> LOCAL = ThreadLocal.withInitial(GemmCall::new);

  GemmKernel kernel;
  Layout layout;
  int m;
  int n;
  int k;
  float[] a;
  float[] b;
  float[] c;
  boolean accumulate;

  private int rowChunk;
  private int colChunk;
  private int colTasks;
  private int tasks;

  /** Returns the calling thread's call object. */
  static GemmCall local() {
    return LOCAL.get();
  }

  /** Fills in the arguments of one product; returns this. */
  GemmCall set(
      GemmKernel kernel,
      Layout layout,
      int m,
      int n,
      int k,
      float[] a,
      float[] b,
      float[] c,
      boolean accumulate) {
    this.kernel = kernel;
    this.layout = layout;
    this.m = m;
    this.n = n;
    this.k = k;
    this.a = a;
    this.b = b;
    this.c = c;
    this.accumulate = accumulate;
    return this;
  }

  /** Drops the references to the operands once the product is over. */
  void clear() {
    a = null;
    b = null;
    c = null;
  }

  /** Computes the whole of C on the calling thread. */
  void runWhole() {
    kernel.block(this, 0, m, 0, n, Workspace.local());
  }

  /**
   * Cuts {@code [m, n]} into at most {@code blocks} blocks: a grid of {@code rt × ct} blocks on
   * tile boundaries. Each block packs its own rows of A and columns of B, so the grid minimises the
   * packing, {@code rt·n + ct·m} (times {@code k}): column strips for wide products, a 2 × 2 grid
   * for square ones. Returns the number of blocks.
   */
  int partition(int blocks) {
    int rg = kernel.rowGrain();
    int cg = kernel.colGrain();
    int colUnits = ceilDiv(n, cg);
    int rowUnits = ceilDiv(m, rg);
    int bestRt = 1;
    int bestCt = 1;
    long bestCost = Long.MAX_VALUE;
    for (int rt = 1; rt <= blocks; rt *= 2) {
      int ct = blocks / rt;
      int r = Math.min(rt, rowUnits);
      int cols = Math.min(ct, colUnits);
      long cost = (long) r * n + (long) cols * m;
      boolean better =
          r * cols > bestRt * bestCt || (r * cols == bestRt * bestCt && cost < bestCost);
      if (better) {
        bestRt = r;
        bestCt = cols;
        bestCost = cost;
      }
    }
    colChunk = ceilDiv(colUnits, bestCt) * cg;
    rowChunk = ceilDiv(rowUnits, bestRt) * rg;
    colTasks = ceilDiv(n, colChunk);
    tasks = colTasks * ceilDiv(m, rowChunk);
    return tasks;
  }

  @Override
  int tasks() {
    return tasks;
  }

  @Override
  void run(int task, Workspace ws) {
    int i0 = (task / colTasks) * rowChunk;
    int j0 = (task % colTasks) * colChunk;
    kernel.block(this, i0, Math.min(m, i0 + rowChunk), j0, Math.min(n, j0 + colChunk), ws);
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }
}
