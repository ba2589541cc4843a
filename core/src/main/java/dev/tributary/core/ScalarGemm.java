package dev.tributary.core;

/**
 * The scalar matrix-product kernel: cache-blocked plain Java loops that C2 auto-vectorises.
 *
 * <p>Cache reasoning: the output block is walked in strips of {@link #NC} columns and the shared
 * dimension in slices of {@link #KC}. Each slice of B ({@code KC × NC} floats, 256 KB, in L2) is
 * copied once into one small array per row. Then {@link #MB} rows of C at a time are copied into
 * scratch rows ({@code MB × NC} floats, 16 KB, in L1) and, four rows of B at a time (8 KB, in L1,
 * reused by all {@code MB} rows), updated as {@code acc[j] = fma(a3, b3[j], fma(a2, b2[j], fma(a1,
 * b1[j], fma(a0, b0[j], acc[j]))))} with the four A scalars in registers; then copied back. Copying
 * makes every array in the inner loop start at index 0: JDK 17's superword pass vectorises {@code
 * x[j] = f(x[j], y[j])} across possibly aliasing arrays only when all indices are the same, so this
 * is what turns the loop into AVX fused multiply-adds ({@code Math.fma} is vectorised; {@code a·b +
 * c} would be a multiply and an add).
 *
 * <p>Every element of C is one chain of fused multiply-adds over {@code p = 0..k-1} in order,
 * started from 0 (or from C when accumulating): the same arithmetic as {@link VectorGemm}'s tiles,
 * and independent of how the product is split into blocks or threads.
 */
final class ScalarGemm extends GemmKernel {
  static final ScalarGemm INSTANCE = new ScalarGemm();

  /** Columns per strip of C and B. */
  static final int NC = 512;

  /** Rows of C accumulated together, so each group of four B rows is reused from L1. */
  static final int MB = 8;

  /** Depth of one slice of the shared dimension; a multiple of four. */
  static final int KC = 128;

  private ScalarGemm() {}

  @Override
  public String toString() {
    return "auto-vectorised plain loops, " + KC + "x" + NC + " blocks";
  }

  @Override
  int rowGrain() {
    return 16;
  }

  @Override
  int colGrain() {
    return 64;
  }

  @Override
  void block(GemmCall g, int i0, int i1, int j0, int j1, Workspace ws) {
    Layout layout = g.layout;
    int m = g.m;
    int n = g.n;
    int k = g.k;
    float[] a = g.a;
    float[] b = g.b;
    float[] c = g.c;
    boolean accumulate = g.accumulate;
    if (!accumulate) {
      zeroBlock(c, n, i0, i1, j0, j1);
    }
    int rsA = layout.transposeA ? 1 : k;
    int csA = layout.transposeA ? m : 1;
    float[][] rows = ws.rows(KC, NC);
    float[][] acc = ws.accumulators(MB, NC);
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packB(layout, b, n, k, pc, kc, jc, nc, rows);
        for (int ib = i0; ib < i1; ib += MB) {
          int mb = Math.min(MB, i1 - ib);
          for (int r = 0; r < mb; r++) {
            System.arraycopy(c, (ib + r) * n + jc, acc[r], 0, nc);
          }
          int p = 0;
          for (; p + 4 <= kc; p += 4) {
            float[] b0 = rows[p];
            float[] b1 = rows[p + 1];
            float[] b2 = rows[p + 2];
            float[] b3 = rows[p + 3];
            for (int r = 0; r < mb; r++) {
              int ap = (ib + r) * rsA + (pc + p) * csA;
              step4(
                  acc[r], b0, b1, b2, b3, a[ap], a[ap + csA], a[ap + 2 * csA], a[ap + 3 * csA], nc);
            }
          }
          for (; p < kc; p++) {
            for (int r = 0; r < mb; r++) {
              step1(acc[r], rows[p], a[(ib + r) * rsA + (pc + p) * csA], nc);
            }
          }
          for (int r = 0; r < mb; r++) {
            System.arraycopy(acc[r], 0, c, (ib + r) * n + jc, nc);
          }
        }
      }
    }
  }

  /** Copies {@code B[pc : pc+kc, jc : jc+nc]} into one array per row of the slice. */
  private static void packB(
      Layout layout, float[] b, int n, int k, int pc, int kc, int jc, int nc, float[][] rows) {
    if (layout.transposeB) {
      for (int j = 0; j < nc; j++) {
        int src = (jc + j) * k + pc;
        for (int p = 0; p < kc; p++) {
          rows[p][j] = b[src + p];
        }
      }
    } else {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(b, (pc + p) * n + jc, rows[p], 0, nc);
      }
    }
  }

  /**
   * Four steps of p on one row: {@code acc[j] += a0·b0[j] + a1·b1[j] + a2·b2[j] + a3·b3[j]}. All
   * arrays are indexed by {@code j} alone, the one shape C2's superword pass (JDK 17) vectorises
   * when the arrays might alias.
   */
  private static void step4(
      float[] acc,
      float[] b0,
      float[] b1,
      float[] b2,
      float[] b3,
      float a0,
      float a1,
      float a2,
      float a3,
      int len) {
    for (int j = 0; j < len; j++) {
      acc[j] =
          Math.fma(
              a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], acc[j]))));
    }
  }

  private static void step1(float[] acc, float[] b0, float a0, int len) {
    for (int j = 0; j < len; j++) {
      acc[j] = Math.fma(a0, b0[j], acc[j]);
    }
  }
}
