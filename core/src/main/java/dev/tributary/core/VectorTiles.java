package dev.tributary.core;

import static dev.tributary.core.VectorGemm.L;
import static dev.tributary.core.VectorGemm.S;

import jdk.incubator.vector.FloatVector;

/**
 * The two-vector and one-vector register tiles of {@link VectorGemm} ({@code 5 × 2L} and {@code 5 ×
 * L} accumulators, which with the B vectors and a broadcast fit AVX2's sixteen registers).
 *
 * <p>Each computes {@code C[r, j] = fma(A(r, p), B(p, j), C[r, j])} over {@code p = 0..kc-1} in
 * order, started from C ({@code load}) or 0: the chain every path of the vector and scalar kernels
 * computes, so results agree bit for bit whatever tile an element goes through. A is read row-major
 * ({@code RowA}: {@code A(r, p) = a[aOff + r·lda + p]}) or column-major ({@code ColA}: {@code A(r,
 * p) = a[aOff + p·lda + r]}, which is also the layout of a packed strip). Each kernel is larger
 * than C2's inlining limit and so compiled on its own: Vector API calls inlined into a large caller
 * past C2's inlining budget would box vectors on the heap.
 */
final class VectorTiles {
  private VectorTiles() {}

  /**
   * The two-vector micro-kernel with A column-major: {@code C[0:5, 0:2L] (+)= A·B} over {@code kc}
   * steps, {@code A(r, p) = a[aOff + p·lda + r]} and {@code B(p, j) = bp[bOff + p·ldb + j]}. The
   * packed path calls it on packed panels ({@code lda = AS}, {@code ldb} the panel width), the
   * in-place path on Aᵀ·B's A where it lies. The body is 2 loads, 5 broadcasts and 10 FMAs.
   */
  static void tileColA(
      int kc,
      float[] a,
      int aOff,
      int lda,
      float[] bp,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean load) {
    FloatVector c00;
    FloatVector c01;
    FloatVector c10;
    FloatVector c11;
    FloatVector c20;
    FloatVector c21;
    FloatVector c30;
    FloatVector c31;
    FloatVector c40;
    FloatVector c41;
    if (load) {
      c00 = FloatVector.fromArray(S, c, cOff);
      c01 = FloatVector.fromArray(S, c, cOff + L);
      c10 = FloatVector.fromArray(S, c, cOff + ldc);
      c11 = FloatVector.fromArray(S, c, cOff + ldc + L);
      c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
      c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
      c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
      c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
    } else {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c10 = c00;
      c11 = c00;
      c20 = c00;
      c21 = c00;
      c30 = c00;
      c31 = c00;
      c40 = c00;
      c41 = c00;
    }
    for (int p = 0; p < kc; p++) {
      int ia = aOff + p * lda;
      int ib = bOff + p * ldb;
      FloatVector b0 = FloatVector.fromArray(S, bp, ib);
      FloatVector b1 = FloatVector.fromArray(S, bp, ib + L);
      FloatVector x = FloatVector.broadcast(S, a[ia]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ia + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ia + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ia + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ia + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c10.intoArray(c, cOff + ldc);
    c11.intoArray(c, cOff + ldc + L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
    c40.intoArray(c, cOff + 4 * ldc);
    c41.intoArray(c, cOff + 4 * ldc + L);
  }

  /**
   * The micro-kernel with A read in place, row-major, {@code A(r, p) = a[aOff + r·lda + p]}, and B
   * either packed or in place: {@code B(p, j) = bp[bOff + p·ldb + j]}.
   */
  static void tileRowA(
      int kc,
      float[] a,
      int aOff,
      int lda,
      float[] bp,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      float[] t,
      int tOff,
      int ldt,
      boolean load) {
    FloatVector c00;
    FloatVector c01;
    FloatVector c10;
    FloatVector c11;
    FloatVector c20;
    FloatVector c21;
    FloatVector c30;
    FloatVector c31;
    FloatVector c40;
    FloatVector c41;
    if (load) {
      c00 = FloatVector.fromArray(S, c, cOff);
      c01 = FloatVector.fromArray(S, t, tOff);
      c10 = FloatVector.fromArray(S, c, cOff + ldc);
      c11 = FloatVector.fromArray(S, t, tOff + ldt);
      c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      c21 = FloatVector.fromArray(S, t, tOff + 2 * ldt);
      c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      c31 = FloatVector.fromArray(S, t, tOff + 3 * ldt);
      c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
      c41 = FloatVector.fromArray(S, t, tOff + 4 * ldt);
    } else {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c10 = c00;
      c11 = c00;
      c20 = c00;
      c21 = c00;
      c30 = c00;
      c31 = c00;
      c40 = c00;
      c41 = c00;
    }
    int a1 = aOff + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    for (int p = 0; p < kc; p++) {
      int ib = bOff + p * ldb;
      FloatVector b0 = FloatVector.fromArray(S, bp, ib);
      FloatVector b1 = FloatVector.fromArray(S, bp, ib + L);
      FloatVector x = FloatVector.broadcast(S, a[aOff + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[a4 + p]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(t, tOff);
    c10.intoArray(c, cOff + ldc);
    c11.intoArray(t, tOff + ldt);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(t, tOff + 2 * ldt);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(t, tOff + 3 * ldt);
    c40.intoArray(c, cOff + 4 * ldc);
    c41.intoArray(t, tOff + 4 * ldt);
  }

  /** {@link VectorTiles#tileRowA} for one vector of columns: the first L columns of a B panel. */
  static void tileRowA1(
      int kc,
      float[] a,
      int aOff,
      int lda,
      float[] bp,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean load) {
    FloatVector c00;
    FloatVector c10;
    FloatVector c20;
    FloatVector c30;
    FloatVector c40;
    if (load) {
      c00 = FloatVector.fromArray(S, c, cOff);
      c10 = FloatVector.fromArray(S, c, cOff + ldc);
      c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
    } else {
      c00 = FloatVector.zero(S);
      c10 = c00;
      c20 = c00;
      c30 = c00;
      c40 = c00;
    }
    int a1 = aOff + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    for (int p = 0; p < kc; p++) {
      int ib = bOff + p * ldb;
      FloatVector b0 = FloatVector.fromArray(S, bp, ib);
      FloatVector x = FloatVector.broadcast(S, a[aOff + p]);
      c00 = x.fma(b0, c00);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = x.fma(b0, c30);
      x = FloatVector.broadcast(S, a[a4 + p]);
      c40 = x.fma(b0, c40);
    }
    c00.intoArray(c, cOff);
    c10.intoArray(c, cOff + ldc);
    c20.intoArray(c, cOff + 2 * ldc);
    c30.intoArray(c, cOff + 3 * ldc);
    c40.intoArray(c, cOff + 4 * ldc);
  }

  /** {@link VectorTiles#tileColA} for one vector of columns: the first L columns of a B panel. */
  static void tileColA1(
      int kc,
      float[] a,
      int aOff,
      int lda,
      float[] bp,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean load) {
    FloatVector c00;
    FloatVector c10;
    FloatVector c20;
    FloatVector c30;
    FloatVector c40;
    if (load) {
      c00 = FloatVector.fromArray(S, c, cOff);
      c10 = FloatVector.fromArray(S, c, cOff + ldc);
      c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
    } else {
      c00 = FloatVector.zero(S);
      c10 = c00;
      c20 = c00;
      c30 = c00;
      c40 = c00;
    }
    for (int p = 0; p < kc; p++) {
      int ia = aOff + p * lda;
      int ib = bOff + p * ldb;
      FloatVector b0 = FloatVector.fromArray(S, bp, ib);
      FloatVector x = FloatVector.broadcast(S, a[ia]);
      c00 = x.fma(b0, c00);
      x = FloatVector.broadcast(S, a[ia + 1]);
      c10 = x.fma(b0, c10);
      x = FloatVector.broadcast(S, a[ia + 2]);
      c20 = x.fma(b0, c20);
      x = FloatVector.broadcast(S, a[ia + 3]);
      c30 = x.fma(b0, c30);
      x = FloatVector.broadcast(S, a[ia + 4]);
      c40 = x.fma(b0, c40);
    }
    c00.intoArray(c, cOff);
    c10.intoArray(c, cOff + ldc);
    c20.intoArray(c, cOff + 2 * ldc);
    c30.intoArray(c, cOff + 3 * ldc);
    c40.intoArray(c, cOff + 4 * ldc);
  }
}
