package dev.tributary.core;

import static dev.tributary.core.VectorGemm.L;
import static dev.tributary.core.VectorGemm.S;
import static dev.tributary.core.VectorGemm.THIN_MAX;

import jdk.incubator.vector.FloatVector;

/**
 * The slim products of {@link VectorGemm}, which no register tile fits: blocks of fewer rows than a
 * tile ({@link #fewRows}: a batch of one, a one-unit layer's weight gradient) and the one or two
 * columns past a whole number of vectors ({@link #thin}). Neither packs anything. Every element is
 * the same chain of fused multiply-adds over {@code p = 0..k-1} as in a tile, so it does not matter
 * which path an element takes.
 */
final class VectorThin {
  private VectorThin() {}

  /**
   * Fewer rows than a tile (a batch of one, or a one-row weight gradient): each row of C is
   * computed on its own, a vector of columns at a time where B's rows are contiguous, with the same
   * fma chain over {@code p = 0..k-1} per element as every other path.
   */
  static void fewRows(GemmCall g, int i0, int i1, int j0, int j1) {
    Layout layout = g.layout;
    int m = g.m;
    int n = g.n;
    int k = g.k;
    float[] a = g.a;
    float[] b = g.b;
    float[] c = g.c;
    boolean accumulate = g.accumulate;
    for (int i = i0; i < i1; i++) {
      int aOff = layout.transposeA ? i : i * k;
      int aStep = layout.transposeA ? m : 1;
      int j = j0;
      if (!layout.transposeB) {
        for (; j + L <= j1; j += L) {
          rowVector(k, a, aOff, aStep, b, j, n, c, i * n + j, accumulate);
        }
      }
      for (; j < j1; j++) {
        float s = accumulate ? c[i * n + j] : 0f;
        for (int p = 0; p < k; p++) {
          float bpj = layout.transposeB ? b[j * k + p] : b[p * n + j];
          s = Math.fma(a[aOff + p * aStep], bpj, s);
        }
        c[i * n + j] = s;
      }
    }
  }

  /** One vector of one row of C: {@code c = fma(a[aOff + p·aStep], b[bOff + p·ldb ..], c)}. */
  private static void rowVector(
      int k,
      float[] a,
      int aOff,
      int aStep,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      boolean load) {
    FloatVector acc = load ? FloatVector.fromArray(S, c, cOff) : FloatVector.zero(S);
    for (int p = 0; p < k; p++) {
      acc =
          FloatVector.broadcast(S, a[aOff + p * aStep])
              .fma(FloatVector.fromArray(S, b, bOff + p * ldb), acc);
    }
    acc.intoArray(c, cOff);
  }

  /**
   * How many of the last columns of C are computed one at a time ({@link #thin}): the one or two
   * columns past a whole number of vectors, where a vector tile would do four to eight times the
   * work.
   */
  static int thinColumns(int n) {
    int rest = n % L;
    return rest <= THIN_MAX ? rest : 0;
  }

  /**
   * Columns {@code [j0, j1)} of C one at a time, each element the same chain of fused multiply-adds
   * as in a tile ({@code c = fma(a_p, b_p, c)} over {@code p = 0..k-1}, from C or 0), so these
   * columns are bitwise what a tile would give. For Aᵀ·B a vector holds L rows (A's columns are
   * contiguous there); for A·B and A·Bᵀ eight rows run as independent scalar chains, enough to keep
   * both FMA pipes busy despite the four-cycle latency.
   */
  static void thin(GemmCall g, int i0, int i1, int j0, int j1, Workspace ws) {
    Layout layout = g.layout;
    int m = g.m;
    int n = g.n;
    int k = g.k;
    float[] a = g.a;
    float[] b = g.b;
    float[] c = g.c;
    boolean accumulate = g.accumulate;
    float[] col = ws.packedB(k);
    float[] lanes = ws.tile(L);
    for (int j = j0; j < j1; j++) {
      for (int p = 0; p < k; p++) {
        col[p] = layout.transposeB ? b[j * k + p] : b[p * n + j];
      }
      int i = i0;
      if (layout.transposeA) {
        for (; i + L <= i1; i += L) {
          for (int r = 0; r < L; r++) {
            lanes[r] = accumulate ? c[(i + r) * n + j] : 0f;
          }
          columnOfRows(a, i, m, col, k, lanes);
          for (int r = 0; r < L; r++) {
            c[(i + r) * n + j] = lanes[r];
          }
        }
      } else {
        for (; i + 8 <= i1; i += 8) {
          eightRows(a, i * k, k, col, c, i * n + j, n, accumulate);
        }
      }
      for (; i < i1; i++) {
        int ci = i * n + j;
        float s = accumulate ? c[ci] : 0f;
        for (int p = 0; p < k; p++) {
          s = Math.fma(layout.transposeA ? a[p * m + i] : a[i * k + p], col[p], s);
        }
        c[ci] = s;
      }
    }
  }

  /**
   * {@code lanes[r] = } the fma chain over {@code p} of {@code a[p·m + i + r]·col[p]}, starting
   * from {@code lanes[r]}: L rows of a column of Aᵀ·b at once. Vector code outside the
   * micro-kernels lives only here, called from {@link #thin}, which is larger than C2's inlining
   * limit and so compiled on its own with this inlined; Vector API calls inlined into a large
   * caller past C2's inlining budget would box vectors on the heap.
   */
  private static void columnOfRows(float[] a, int i, int m, float[] col, int k, float[] lanes) {
    FloatVector acc = FloatVector.fromArray(S, lanes, 0);
    for (int p = 0; p < k; p++) {
      acc = FloatVector.fromArray(S, a, p * m + i).fma(FloatVector.broadcast(S, col[p]), acc);
    }
    acc.intoArray(lanes, 0);
  }

  /** Eight rows of a thin column of A·b as eight independent scalar fma chains. */
  private static void eightRows(
      float[] a, int aOff, int lda, float[] col, float[] c, int cOff, int ldc, boolean accumulate) {
    float s0 = accumulate ? c[cOff] : 0f;
    float s1 = accumulate ? c[cOff + ldc] : 0f;
    float s2 = accumulate ? c[cOff + 2 * ldc] : 0f;
    float s3 = accumulate ? c[cOff + 3 * ldc] : 0f;
    float s4 = accumulate ? c[cOff + 4 * ldc] : 0f;
    float s5 = accumulate ? c[cOff + 5 * ldc] : 0f;
    float s6 = accumulate ? c[cOff + 6 * ldc] : 0f;
    float s7 = accumulate ? c[cOff + 7 * ldc] : 0f;
    int r1 = aOff + lda;
    int r2 = r1 + lda;
    int r3 = r2 + lda;
    int r4 = r3 + lda;
    int r5 = r4 + lda;
    int r6 = r5 + lda;
    int r7 = r6 + lda;
    for (int p = 0; p < lda; p++) {
      float x = col[p];
      s0 = Math.fma(a[aOff + p], x, s0);
      s1 = Math.fma(a[r1 + p], x, s1);
      s2 = Math.fma(a[r2 + p], x, s2);
      s3 = Math.fma(a[r3 + p], x, s3);
      s4 = Math.fma(a[r4 + p], x, s4);
      s5 = Math.fma(a[r5 + p], x, s5);
      s6 = Math.fma(a[r6 + p], x, s6);
      s7 = Math.fma(a[r7 + p], x, s7);
    }
    c[cOff] = s0;
    c[cOff + ldc] = s1;
    c[cOff + 2 * ldc] = s2;
    c[cOff + 3 * ldc] = s3;
    c[cOff + 4 * ldc] = s4;
    c[cOff + 5 * ldc] = s5;
    c[cOff + 6 * ldc] = s6;
    c[cOff + 7 * ldc] = s7;
  }
}
