package dev.tributary.core;

import static dev.tributary.core.VectorGemm.AS;
import static dev.tributary.core.VectorGemm.L;
import static dev.tributary.core.VectorGemm.MR;
import static dev.tributary.core.VectorGemm.S;

import jdk.incubator.vector.FloatVector;

/**
 * The wide path of {@link VectorGemm} ({@link #wideBlock}) and its four-vector register tiles
 * ({@code 5 × 4L}, 20 accumulators): four B vectors and a broadcast beside them need 32 vector
 * registers, so the driver picks them by itself only on AVX-512 hardware with 8-lane vectors.
 * Elsewhere C2 spills accumulators and they run slower than two two-vector tiles, but they still
 * compute the same values: the property {@code tributary.gemm.tile=4} forces them, and the tests
 * run them on any machine.
 *
 * <p>B comes from a packed panel {@link #W4} floats wide, a constant stride, so C2 drops the bounds
 * checks from the loop. Same chain of fused multiply-adds per element as {@link VectorTiles}.
 */
final class VectorWideTiles {
  /** Width of a four-vector panel, in floats. */
  static final int W4 = 4 * L;

  private VectorWideTiles() {}

  /**
   * A block {@code nr − L < j1 − j0 ≤ nr} columns wide with A's rows contiguous (A·B, A·Bᵀ): B is
   * packed once into a zero-padded panel {@code nr} floats wide, and each strip of MR rows is one
   * {@link #wideTile} (or, two vectors wide, one {@link VectorTiles#tileRowA}) reading A in place
   * ({@code nr} is the kernel's tile width), which shares each broadcast of A over all the vectors.
   * Columns past the block's last whole vector go through the scratch tile; rows past the last
   * whole strip go to {@link VectorThin#fewRows}.
   */
  static void wideBlock(GemmCall g, int i0, int i1, int j0, int j1, Workspace ws, int nr) {
    Layout layout = g.layout;
    int n = g.n;
    int k = g.k;
    float[] a = g.a;
    float[] b = g.b;
    float[] c = g.c;
    boolean accumulate = g.accumulate;
    int nc = j1 - j0;
    float[] bp = ws.packedB(k * nr);
    VectorPacking.packPanel(layout, b, n, k, j0, nc, bp, nr);
    int last = nr - L; // the last vector: whole (straight into C) or partial (the scratch tile)
    int rest = nc - last;
    float[] scratch = ws.tile(MR * L);
    int i = i0;
    for (; i + MR <= i1; i += MR) {
      int cOff = i * n + j0;
      float[] t = rest == L ? c : scratch;
      int tOff = rest == L ? cOff + last : 0;
      int ldt = rest == L ? n : L;
      if (rest < L && accumulate) {
        VectorPacking.copyIn(c, cOff + last, n, scratch, L, MR, rest);
      }
      if (nr == W4) {
        wideTile(k, a, i * k, k, bp, c, cOff, n, t, tOff, ldt, accumulate);
      } else {
        VectorTiles.tileRowA(k, a, i * k, k, bp, 0, nr, c, cOff, n, t, tOff, ldt, accumulate);
      }
      if (rest < L) {
        VectorPacking.copyOut(scratch, L, c, cOff + last, n, MR, rest);
      }
    }
    if (i < i1) {
      VectorThin.fewRows(g, i, i1, j0, j1);
    }
  }

  /**
   * The packed path's micro-kernel where 32 vector registers allow it: {@link VectorTiles#tileColA}
   * four vectors wide ({@code 5 × 4L}, 20 accumulators), for the same work per broadcast of A as a
   * 16-lane {@code 5 × 2L} tile.
   */
  static void tile4(
      int kc,
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      float[] c,
      int cOff,
      int ldc,
      boolean load) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c03 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c13 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c23 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    FloatVector c33 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c42 = c00;
    FloatVector c43 = c00;
    if (load) {
      c00 = FloatVector.fromArray(S, c, cOff);
      c01 = FloatVector.fromArray(S, c, cOff + L);
      c02 = FloatVector.fromArray(S, c, cOff + 2 * L);
      c03 = FloatVector.fromArray(S, c, cOff + 3 * L);
      c10 = FloatVector.fromArray(S, c, cOff + ldc);
      c11 = FloatVector.fromArray(S, c, cOff + ldc + L);
      c12 = FloatVector.fromArray(S, c, cOff + ldc + 2 * L);
      c13 = FloatVector.fromArray(S, c, cOff + ldc + 3 * L);
      c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
      c22 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 2 * L);
      c23 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 3 * L);
      c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
      c32 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 2 * L);
      c33 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 3 * L);
      c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
      c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
      c42 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 2 * L);
      c43 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 3 * L);
    }
    for (int p = 0; p < kc; p++) {
      int ia = aOff + p * AS;
      int ib = bOff + p * W4;
      FloatVector b0 = FloatVector.fromArray(S, bp, ib);
      FloatVector b1 = FloatVector.fromArray(S, bp, ib + L);
      FloatVector b2 = FloatVector.fromArray(S, bp, ib + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, bp, ib + 3 * L);
      FloatVector x = FloatVector.broadcast(S, ap[ia]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      c03 = x.fma(b3, c03);
      x = FloatVector.broadcast(S, ap[ia + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      c13 = x.fma(b3, c13);
      x = FloatVector.broadcast(S, ap[ia + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      c23 = x.fma(b3, c23);
      x = FloatVector.broadcast(S, ap[ia + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
      c33 = x.fma(b3, c33);
      x = FloatVector.broadcast(S, ap[ia + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      c42 = x.fma(b2, c42);
      c43 = x.fma(b3, c43);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c02.intoArray(c, cOff + 2 * L);
    c03.intoArray(c, cOff + 3 * L);
    c10.intoArray(c, cOff + ldc);
    c11.intoArray(c, cOff + ldc + L);
    c12.intoArray(c, cOff + ldc + 2 * L);
    c13.intoArray(c, cOff + ldc + 3 * L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c22.intoArray(c, cOff + 2 * ldc + 2 * L);
    c23.intoArray(c, cOff + 2 * ldc + 3 * L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
    c32.intoArray(c, cOff + 3 * ldc + 2 * L);
    c33.intoArray(c, cOff + 3 * ldc + 3 * L);
    c40.intoArray(c, cOff + 4 * ldc);
    c41.intoArray(c, cOff + 4 * ldc + L);
    c42.intoArray(c, cOff + 4 * ldc + 2 * L);
    c43.intoArray(c, cOff + 4 * ldc + 3 * L);
  }

  /**
   * The {@code MR × 4L} register tile for narrow blocks: rows of A read in place ({@code lda}
   * apart), B from a packed panel {@code 4L} wide. The first three vectors of each row of C are at
   * {@code c[cOff + r·ldc]}, the fourth at {@code t[tOff + r·ldt]} (C itself or a scratch tile).
   * Twenty accumulators, four B vectors and a broadcast fit the 32 vector registers of AVX-512
   * machines; on AVX2's 16 C2 spills and this runs slower than two {@link VectorTiles#tileRowA}
   * calls.
   */
  static void wideTile(
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] bp,
      float[] c,
      int cOff,
      int ldc,
      float[] t,
      int tOff,
      int ldt,
      boolean load) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c03 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c13 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c23 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    FloatVector c33 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c42 = c00;
    FloatVector c43 = c00;
    if (load) {
      c00 = FloatVector.fromArray(S, c, cOff);
      c01 = FloatVector.fromArray(S, c, cOff + L);
      c02 = FloatVector.fromArray(S, c, cOff + 2 * L);
      c03 = FloatVector.fromArray(S, t, tOff);
      c10 = FloatVector.fromArray(S, c, cOff + ldc);
      c11 = FloatVector.fromArray(S, c, cOff + ldc + L);
      c12 = FloatVector.fromArray(S, c, cOff + ldc + 2 * L);
      c13 = FloatVector.fromArray(S, t, tOff + ldt);
      c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
      c22 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 2 * L);
      c23 = FloatVector.fromArray(S, t, tOff + 2 * ldt);
      c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
      c32 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 2 * L);
      c33 = FloatVector.fromArray(S, t, tOff + 3 * ldt);
      c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
      c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
      c42 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 2 * L);
      c43 = FloatVector.fromArray(S, t, tOff + 4 * ldt);
    }
    int a1 = aOff + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    for (int p = 0; p < k; p++) {
      int ib = p * W4;
      FloatVector b0 = FloatVector.fromArray(S, bp, ib);
      FloatVector b1 = FloatVector.fromArray(S, bp, ib + L);
      FloatVector b2 = FloatVector.fromArray(S, bp, ib + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, bp, ib + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[aOff + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      c03 = x.fma(b3, c03);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      c13 = x.fma(b3, c13);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      c23 = x.fma(b3, c23);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
      c33 = x.fma(b3, c33);
      x = FloatVector.broadcast(S, a[a4 + p]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      c42 = x.fma(b2, c42);
      c43 = x.fma(b3, c43);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c02.intoArray(c, cOff + 2 * L);
    c03.intoArray(t, tOff);
    c10.intoArray(c, cOff + ldc);
    c11.intoArray(c, cOff + ldc + L);
    c12.intoArray(c, cOff + ldc + 2 * L);
    c13.intoArray(t, tOff + ldt);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c22.intoArray(c, cOff + 2 * ldc + 2 * L);
    c23.intoArray(t, tOff + 2 * ldt);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
    c32.intoArray(c, cOff + 3 * ldc + 2 * L);
    c33.intoArray(t, tOff + 3 * ldt);
    c40.intoArray(c, cOff + 4 * ldc);
    c41.intoArray(c, cOff + 4 * ldc + L);
    c42.intoArray(c, cOff + 4 * ldc + 2 * L);
    c43.intoArray(t, tOff + 4 * ldt);
  }
}
