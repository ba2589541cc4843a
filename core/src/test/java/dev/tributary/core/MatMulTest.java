package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Matrix products on every available kernel path, in every layout, overwriting and accumulating,
 * against a naive double-precision reference; bitwise equality across thread counts; shape and
 * aliasing errors. The vector path is skipped (not failed) when the JVM lacks the module: the
 * second surefire execution runs this class that way on purpose.
 */
class MatMulTest {
  /**
   * Allowed error per term of the sum, relative to the element's magnitude {@code |c0| + Σ|a·b|}: a
   * float32 sum of {@code k} products is within {@code k·eps/2} of the exact value (the classic
   * {@code γ_k} bound); one {@code eps} per term is that bound with a factor of two to spare.
   */
  private static final double RELATIVE_TOLERANCE_PER_TERM = Math.ulp(1f);

  /** Calls per shape before allocation is measured (fewer for large products: see below). */
  private static final int ALLOCATION_WARM_UP_CALLS = 20_000;

  /** A large product's warm-up stops after this many flops (at least 50 calls). */
  private static final long WARM_UP_FLOPS = 10_000_000_000L;

  /** Windows of 20 calls measured per shape; every one counts and their sum must be exactly 0. */
  private static final int ALLOCATION_WINDOWS = 25;

  private static final int[] AWKWARD = {1, 2, 7, 31, 33, 100, 257};

  private static List<KernelPath> paths() {
    List<KernelPath> paths = new ArrayList<>();
    for (KernelPath p : KernelPath.values()) {
      if (p.available()) {
        paths.add(p);
      }
    }
    return paths;
  }

  /** A product {@code c += op(a)·op(b)} to hand to {@link GemmKernel#block}. */
  private static GemmCall call(
      GemmKernel kernel, Layout layout, int m, int n, int k, float[] a, float[] b, float[] c) {
    return new GemmCall().set(kernel, layout, m, n, k, a, b, c, true);
  }

  private static Tensor random(Random rng, int rows, int cols) {
    float[] d = new float[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return Tensor.of(d, rows, cols);
  }

  /**
   * {@code c0 + op(a)·op(b)} in double precision, in {@code [0, m·n)}, and the magnitude {@code
   * |c0| + Σ|a·b|} of each element in {@code [m·n, 2·m·n)}.
   */
  private static double[] reference(Layout layout, Tensor a, Tensor b, Tensor c0, boolean add) {
    int m = c0.dim(0);
    int n = c0.dim(1);
    int k = layout == Layout.ATB ? a.dim(0) : a.dim(1);
    double[] r = new double[2 * m * n];
    float[] ad = a.data();
    float[] bd = b.data();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = add ? c0.data()[i * n + j] : 0;
        double magnitude = Math.abs(s);
        for (int p = 0; p < k; p++) {
          double av = layout == Layout.ATB ? ad[p * m + i] : ad[i * k + p];
          double bv = layout == Layout.ABT ? bd[j * k + p] : bd[p * n + j];
          s += av * bv;
          magnitude += Math.abs(av * bv);
        }
        r[i * n + j] = s;
        r[m * n + i * n + j] = magnitude;
      }
    }
    return r;
  }

  private static Tensor[] operands(Random rng, Layout layout, int m, int n, int k) {
    Tensor a = layout == Layout.ATB ? random(rng, k, m) : random(rng, m, k);
    Tensor b = layout == Layout.ABT ? random(rng, n, k) : random(rng, k, n);
    return new Tensor[] {a, b, random(rng, m, n)};
  }

  private static void checkProduct(KernelPath path, Layout layout, int m, int n, int k, long seed) {
    Random rng = new Random(seed);
    Tensor[] ops = operands(rng, layout, m, n, k);
    for (boolean add : new boolean[] {false, true}) {
      Tensor c = ops[2].copy();
      double[] expected = reference(layout, ops[0], ops[1], ops[2], add);
      Tensor returned =
          add
              ? path.multiplyAdd(layout, ops[0], ops[1], c)
              : path.multiply(layout, ops[0], ops[1], c);
      assertSame(c, returned);
      for (int i = 0; i < m * n; i++) {
        double tolerance = RELATIVE_TOLERANCE_PER_TERM * (k + 1) * expected[m * n + i];
        double err = Math.abs(expected[i] - c.data()[i]);
        if (!(err <= tolerance)) {
          throw new AssertionError(
              String.format(
                  "%s %s%s m=%d n=%d k=%d: element (%d, %d) = %s, expected %s (error %.3g > %.3g)",
                  path,
                  layout,
                  add ? " accumulate" : "",
                  m,
                  n,
                  k,
                  i / n,
                  i % n,
                  c.data()[i],
                  expected[i],
                  err,
                  tolerance));
        }
      }
    }
  }

  @Test
  void multiply_awkwardSizesEveryLayoutAndPath_matchesDoubleReference() {
    long seed = 1;
    for (KernelPath path : paths()) {
      for (Layout layout : Layout.values()) {
        for (int m : AWKWARD) {
          for (int n : AWKWARD) {
            for (int k : new int[] {1, 7, 33, 257}) {
              checkProduct(path, layout, m, n, k, seed++);
            }
          }
        }
      }
    }
  }

  @Test
  void multiply_vectorTailsAroundTileEdges_matchesDoubleReference() {
    // n around multiples of 8 and 16 lanes, m around multiples of the 4-row tile, k across
    // the 256-deep slice boundary (so accumulation through C between slices is exercised).
    long seed = 1000;
    for (KernelPath path : paths()) {
      for (Layout layout : Layout.values()) {
        for (int[] s :
            new int[][] {
              {3, 15, 5}, {4, 16, 8}, {5, 17, 9}, {8, 23, 255}, {9, 24, 256}, {13, 25, 257},
              {12, 31, 513}, {100, 25, 25}, {100, 2, 25}, {100, 1, 25}, {25, 25, 100}, {1, 1000, 3},
              {1000, 1, 3}, {130, 1040, 20}, {1, 25, 100}, {4, 29, 7}, {11, 32, 30}, {7, 27, 300}
            }) {
          checkProduct(path, layout, s[0], s[1], s[2], seed++);
        }
      }
    }
  }

  @Test
  void multiply_largeProductOverThreadAndBlockBoundaries_matchesDoubleReference() {
    long seed = 5000;
    for (KernelPath path : paths()) {
      for (Layout layout : Layout.values()) {
        checkProduct(path, layout, 1000, 300, 70, seed++);
        checkProduct(path, layout, 150, 1100, 40, seed++);
      }
    }
  }

  @Test
  void multiply_oneThreadAndTwoThreads_bitwiseIdentical() {
    Random rng = new Random(42);
    int saved = Kernels.threads();
    try {
      for (KernelPath path : paths()) {
        for (Layout layout : Layout.values()) {
          Tensor[] ops = operands(rng, layout, 300, 520, 600);
          Tensor one = ops[2].copy();
          Tensor two = ops[2].copy();
          Kernels.setThreads(1);
          path.multiplyAdd(layout, ops[0], ops[1], one);
          Kernels.setThreads(2);
          path.multiplyAdd(layout, ops[0], ops[1], two);
          assertArrayEquals(one.data(), two.data(), 0f, path + " " + layout);
          assertEquals(one, two, path + " " + layout + ": results differ bitwise");
        }
      }
    } finally {
      Kernels.setThreads(saved);
    }
  }

  @Test
  void multiply_fourCallerThreadsAtOnce_sameBitsAsOneCaller() throws Exception {
    // Large products from several user threads share one helper pool: a caller that finds it
    // busy computes alone. Whoever computes, the bits must not change.
    Random rng = new Random(9);
    int saved = Kernels.threads();
    try {
      Kernels.setThreads(2);
      for (KernelPath path : paths()) {
        Tensor[] ops = operands(rng, Layout.ABT, 160, 200, 150);
        Tensor expected = path.multiply(Layout.ABT, ops[0], ops[1], ops[2].copy());
        Tensor[] results = new Tensor[4];
        Thread[] callers = new Thread[results.length];
        for (int t = 0; t < callers.length; t++) {
          int slot = t;
          callers[t] =
              new Thread(
                  () -> {
                    Tensor c = Tensor.zeros(160, 200);
                    for (int i = 0; i < 30; i++) {
                      path.multiply(Layout.ABT, ops[0], ops[1], c);
                      if (!c.equals(expected)) {
                        return;
                      }
                    }
                    results[slot] = c;
                  });
          callers[t].start();
        }
        for (Thread t : callers) {
          t.join();
        }
        for (Tensor r : results) {
          assertEquals(expected, r, path + ": a concurrent caller got different bits");
        }
      }
    } finally {
      Kernels.setThreads(saved);
    }
  }

  @Test
  void multiply_scalarAndVectorPaths_bitwiseIdentical() {
    // Both kernels compute every element as the same chain of fused multiply-adds in p order.
    if (!KernelPath.VECTOR.available()) {
      return;
    }
    Random rng = new Random(21);
    for (Layout layout : Layout.values()) {
      for (int[] s :
          new int[][] {
            {100, 25, 25},
            {25, 25, 100},
            {33, 1, 7},
            {257, 31, 300},
            {7, 2, 513},
            {1, 25, 100},
            {12, 29, 40}
          }) {
        Tensor[] ops = operands(rng, layout, s[0], s[1], s[2]);
        for (boolean add : new boolean[] {false, true}) {
          Tensor scalar = ops[2].copy();
          Tensor vector = ops[2].copy();
          if (add) {
            KernelPath.SCALAR.multiplyAdd(layout, ops[0], ops[1], scalar);
            KernelPath.VECTOR.multiplyAdd(layout, ops[0], ops[1], vector);
          } else {
            KernelPath.SCALAR.multiply(layout, ops[0], ops[1], scalar);
            KernelPath.VECTOR.multiply(layout, ops[0], ops[1], vector);
          }
          assertEquals(scalar, vector, layout + " " + java.util.Arrays.toString(s) + " add=" + add);
        }
      }
    }
  }

  @Test
  void multiply_splitIntoBlocks_bitwiseIdenticalToWholeProduct() {
    // Any split of C computes each element with the same operations: check one odd split directly.
    Random rng = new Random(7);
    for (KernelPath path : paths()) {
      GemmKernel kernel = Kernels.kernel(path);
      for (Layout layout : Layout.values()) {
        int m = 77;
        int n = 91;
        int k = 300;
        Tensor[] ops = operands(rng, layout, m, n, k);
        float[] whole = ops[2].data().clone();
        float[] split = ops[2].data().clone();
        float[] a = ops[0].data();
        float[] b = ops[1].data();
        kernel.block(call(kernel, layout, m, n, k, a, b, whole), 0, m, 0, n, new Workspace());
        Workspace ws = new Workspace();
        kernel.block(call(kernel, layout, m, n, k, a, b, split), 0, 40, 0, 32, ws);
        kernel.block(call(kernel, layout, m, n, k, a, b, split), 40, m, 0, 32, ws);
        kernel.block(call(kernel, layout, m, n, k, a, b, split), 0, m, 32, n, ws);
        assertArrayEquals(whole, split, 0f, path + " " + layout);
      }
    }
  }

  @Test
  void multiply_steadyState_allocatesNothing() {
    Random rng = new Random(3);
    int saved = Kernels.threads();
    try {
      Kernels.setThreads(2);
      AllocationMeter meter = AllocationMeter.ofWorkers();
      for (KernelPath path : paths()) {
        for (int[] s :
            new int[][] {
              {100, 25, 25}, {25, 25, 100}, {100, 1, 25}, {100, 25, 2}, {7, 300, 5}, {200, 300, 400}
            }) {
          for (Layout layout : Layout.values()) {
            Tensor[] ops = operands(rng, layout, s[0], s[1], s[2]);
            long flops = 2L * s[0] * s[1] * s[2];
            long warmUp = Math.max(50, Math.min(ALLOCATION_WARM_UP_CALLS, WARM_UP_FLOPS / flops));
            for (long i = 0; i < warmUp; i++) {
              path.multiplyAdd(layout, ops[0], ops[1], ops[2]);
            }
            long before = meter.total();
            for (int window = 0; window < ALLOCATION_WINDOWS; window++) {
              meter.start();
              for (int i = 0; i < 20; i++) {
                path.multiplyAdd(layout, ops[0], ops[1], ops[2]);
              }
              meter.stop();
            }
            assertEquals(
                0,
                meter.total() - before,
                path + " " + layout + " " + java.util.Arrays.toString(s) + ": " + meter.summary());
          }
        }
      }
      assertTrue(meter.helperThreads() >= 1, "the 200×300×400 products ran on a helper too");
    } finally {
      Kernels.setThreads(saved);
    }
  }

  @Test
  void publicApi_allSixMethods_matchKernelPathResults() {
    Random rng = new Random(11);
    Tensor a = random(rng, 6, 5);
    Tensor b = random(rng, 5, 4);
    Tensor bt = random(rng, 4, 5);
    Tensor at = random(rng, 5, 6);
    KernelPath active = Kernels.active();
    assertEquals(
        active.multiply(Layout.AB, a, b, Tensor.zeros(6, 4)), MatMul.ab(a, b, Tensor.zeros(6, 4)));
    assertEquals(
        active.multiply(Layout.ABT, a, bt, Tensor.zeros(6, 4)),
        MatMul.abt(a, bt, Tensor.zeros(6, 4)));
    assertEquals(
        active.multiply(Layout.ATB, at, b, Tensor.zeros(6, 4)),
        MatMul.atb(at, b, Tensor.zeros(6, 4)));
    Tensor ones = Tensor.zeros(6, 4);
    Elementwise.fill(ones, 1f);
    assertEquals(active.multiplyAdd(Layout.AB, a, b, ones.copy()), MatMul.abAdd(a, b, ones.copy()));
    assertEquals(
        active.multiplyAdd(Layout.ABT, a, bt, ones.copy()), MatMul.abtAdd(a, bt, ones.copy()));
    assertEquals(
        active.multiplyAdd(Layout.ATB, at, b, ones.copy()), MatMul.atbAdd(at, b, ones.copy()));
  }

  @Test
  void ab_handWorked2x2_exactValues() {
    Tensor a = Tensor.ofRows(new float[] {1, 2}, new float[] {3, 4});
    Tensor b = Tensor.ofRows(new float[] {5, 6}, new float[] {7, 8});
    for (KernelPath path : paths()) {
      assertEquals(
          Tensor.ofRows(new float[] {19, 22}, new float[] {43, 50}),
          path.multiply(Layout.AB, a, b, Tensor.zeros(2, 2)),
          path.toString());
      // a·bᵀ = [[1·5+2·6, 1·7+2·8], [3·5+4·6, 3·7+4·8]]; aᵀ·b = [[1·5+3·7, 1·6+3·8], ...].
      assertEquals(
          Tensor.ofRows(new float[] {17, 23}, new float[] {39, 53}),
          path.multiply(Layout.ABT, a, b, Tensor.zeros(2, 2)));
      assertEquals(
          Tensor.ofRows(new float[] {26, 30}, new float[] {38, 44}),
          path.multiply(Layout.ATB, a, b, Tensor.zeros(2, 2)));
    }
  }

  @Test
  void multiply_zeroInnerDimension_overwritesWithZerosOrKeepsC() {
    for (KernelPath path : paths()) {
      Tensor c = Tensor.ofRows(new float[] {1, 2}, new float[] {3, 4});
      path.multiplyAdd(Layout.AB, Tensor.zeros(2, 0), Tensor.zeros(0, 2), c);
      assertEquals(Tensor.ofRows(new float[] {1, 2}, new float[] {3, 4}), c);
      path.multiply(Layout.AB, Tensor.zeros(2, 0), Tensor.zeros(0, 2), c);
      assertEquals(Tensor.zeros(2, 2), c);
    }
  }

  @Test
  void multiply_emptyOutput_doesNothing() {
    for (KernelPath path : paths()) {
      Tensor c = Tensor.zeros(0, 3);
      assertSame(c, path.multiply(Layout.AB, Tensor.zeros(0, 4), Tensor.zeros(4, 3), c));
    }
  }

  @Test
  void ab_innerDimensionMismatch_throwsNamingShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.ab(Tensor.zeros(3, 4), Tensor.zeros(5, 2), Tensor.zeros(3, 2)));
    assertTrue(e.getMessage().contains("MatMul.ab"), e.getMessage());
    assertTrue(e.getMessage().contains("[3, 4]"), e.getMessage());
    assertTrue(e.getMessage().contains("[5, 2]"), e.getMessage());
    assertTrue(e.getMessage().contains("4 vs 5"), e.getMessage());
  }

  @Test
  void abt_wrongOutputShape_throwsNamingExpectedShape() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.abt(Tensor.zeros(3, 4), Tensor.zeros(2, 4), Tensor.zeros(2, 3)));
    assertTrue(e.getMessage().contains("expected c [3, 2]"), e.getMessage());
  }

  @Test
  void atb_rank1Operand_throwsNamingOperand() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.atb(Tensor.zeros(4), Tensor.zeros(4, 2), Tensor.zeros(1, 2)));
    assertTrue(e.getMessage().contains("a must be a matrix"), e.getMessage());
    assertTrue(e.getMessage().contains("[4]"), e.getMessage());
  }

  @Test
  void ab_outputAliasesInput_throwsNamingOperand() {
    Tensor a = Tensor.zeros(3, 3);
    Tensor alias = Tensor.of(a.data(), 3, 3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MatMul.ab(a, Tensor.zeros(3, 3), alias));
    assertTrue(e.getMessage().contains("must not share its array with a"), e.getMessage());
    Tensor b = Tensor.zeros(3, 3);
    IllegalArgumentException eb =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.abAdd(Tensor.zeros(3, 3), b, Tensor.of(b.data(), 3, 3)));
    assertTrue(eb.getMessage().contains("with b"), eb.getMessage());
  }

  @Test
  void vectorPath_unavailable_throwsNamingTheFlag() {
    if (KernelPath.VECTOR.available()) {
      return;
    }
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class,
            () ->
                KernelPath.VECTOR.multiply(
                    Layout.AB, Tensor.zeros(1, 1), Tensor.zeros(1, 1), Tensor.zeros(1, 1)));
    assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
  }
}
