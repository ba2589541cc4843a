package dev.tributary.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API matrix-product kernel (loaded only when {@code jdk.incubator.vector} is present).
 *
 * <p>Structure (after BLIS/GotoBLAS): the output block is walked in strips of {@link #NC} columns
 * and the shared dimension in slices of {@link #KC}. For each slice, B is packed into panels {@link
 * #NR} columns wide ({@code KC × NR} floats, 16 KB: one panel stays in L1 while it is used) and A,
 * {@link #MC} rows at a time, into strips {@link #MR} rows tall ({@code MC × KC} floats, 128 KB:
 * stays in L2). Both are zero-padded to whole tiles. The micro-kernel {@link #tile} keeps a {@code
 * 4 × 2L} tile of C in eight vector registers (L lanes, 8 on AVX2) and, per step of the shared
 * dimension, loads two B vectors, broadcasts four A scalars and issues eight fused multiply-adds.
 * Eight accumulators plus two B vectors and one broadcast fit AVX2's sixteen registers without
 * spills (a {@code 4 × 3L} or {@code 6 × 2L} tile makes C2 spill), and the loop is unrolled twice
 * by hand to halve the index arithmetic per FMA. Edge tiles run the same kernel on a small scratch
 * tile and copy the valid part.
 *
 * <p>Every element of C is one chain of fused multiply-adds over {@code p = 0..k-1} in order,
 * started from 0 (or from C when accumulating) and carried through C between slices, so the result
 * does not depend on how the product is split into blocks or threads.
 */
final class VectorGemm extends GemmKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Rows of the register tile. */
  static final int MR = 4;

  /** Columns of the register tile: two vectors. */
  static final int NR = 2 * L;

  /** Depth of one slice of the shared dimension. */
  static final int KC = 256;

  /** Rows of A packed at a time. */
  static final int MC = 128;

  /** Columns of B packed at a time. */
  static final int NC = 1024;

  @Override
  int rowGrain() {
    return 4 * MR;
  }

  @Override
  int colGrain() {
    return 2 * NR;
  }

  @Override
  void block(
      Layout layout,
      int m,
      int n,
      int k,
      float[] a,
      float[] b,
      float[] c,
      boolean accumulate,
      int i0,
      int i1,
      int j0,
      int j1,
      Workspace ws) {
    if (k == 0) {
      if (!accumulate) {
        zeroBlock(c, n, i0, i1, j0, j1);
      }
      return;
    }
    float[] tile = ws.tile(MR * NR);
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      int panels = (nc + NR - 1) / NR;
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        boolean load = accumulate || pc > 0;
        float[] bp = ws.packedB(panels * NR * kc);
        packB(layout, b, n, k, pc, kc, jc, nc, bp);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          int strips = (mc + MR - 1) / MR;
          float[] ap = ws.packedA(strips * MR * kc);
          packA(layout, a, m, k, ic, mc, pc, kc, ap);
          for (int jp = 0; jp < panels; jp++) {
            int jr = jp * NR;
            int nr = Math.min(NR, nc - jr);
            int bOff = jp * NR * kc;
            for (int s = 0; s < strips; s++) {
              int ir = s * MR;
              int mr = Math.min(MR, mc - ir);
              int aOff = s * MR * kc;
              int cOff = (ic + ir) * n + jc + jr;
              if (mr == MR && nr == NR) {
                tile(kc, ap, aOff, bp, bOff, c, cOff, n, load);
              } else {
                edge(kc, ap, aOff, bp, bOff, c, cOff, n, mr, nr, load, tile);
              }
            }
          }
        }
      }
    }
  }

  /** Packs {@code A[ic : ic+mc, pc : pc+kc]} into strips of MR rows, p-major, zero-padded. */
  private static void packA(
      Layout layout, float[] a, int m, int k, int ic, int mc, int pc, int kc, float[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int base = ir * kc;
      if (layout.transposeA) {
        for (int p = 0; p < kc; p++) {
          int src = (pc + p) * m + ic + ir;
          int dst = base + p * MR;
          for (int r = 0; r < mr; r++) {
            ap[dst + r] = a[src + r];
          }
          for (int r = mr; r < MR; r++) {
            ap[dst + r] = 0f;
          }
        }
      } else {
        for (int r = 0; r < MR; r++) {
          if (r < mr) {
            int src = (ic + ir + r) * k + pc;
            for (int p = 0; p < kc; p++) {
              ap[base + p * MR + r] = a[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++) {
              ap[base + p * MR + r] = 0f;
            }
          }
        }
      }
    }
  }

  /** Packs {@code B[pc : pc+kc, jc : jc+nc]} into panels of NR columns, p-major, zero-padded. */
  private static void packB(
      Layout layout, float[] b, int n, int k, int pc, int kc, int jc, int nc, float[] bp) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int base = jr * kc;
      if (layout.transposeB) {
        for (int jj = 0; jj < NR; jj++) {
          if (jj < nr) {
            int src = (jc + jr + jj) * k + pc;
            for (int p = 0; p < kc; p++) {
              bp[base + p * NR + jj] = b[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++) {
              bp[base + p * NR + jj] = 0f;
            }
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int dst = base + p * NR;
          System.arraycopy(b, (pc + p) * n + jc + jr, bp, dst, nr);
          if (nr < NR) {
            java.util.Arrays.fill(bp, dst + nr, dst + NR, 0f);
          }
        }
      }
    }
  }

  /** An edge tile: the kernel on a scratch MR × NR tile, then the valid part copied back. */
  private static void edge(
      int kc,
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      float[] c,
      int cOff,
      int ldc,
      int mr,
      int nr,
      boolean load,
      float[] tile) {
    if (load) {
      for (int r = 0; r < mr; r++) {
        System.arraycopy(c, cOff + r * ldc, tile, r * NR, nr);
      }
    }
    tile(kc, ap, aOff, bp, bOff, tile, 0, NR, load);
    for (int r = 0; r < mr; r++) {
      System.arraycopy(tile, r * NR, c, cOff + r * ldc, nr);
    }
  }

  /**
   * The micro-kernel: {@code C[0:4, 0:2L] (+)= Apanel · Bpanel} over {@code kc} steps, where {@code
   * A(r, p) = ap[aOff + p·4 + r]} and {@code B(p, j) = bp[bOff + p·2L + j]}.
   */
  static void tile(
      int kc,
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
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
    if (load) {
      c00 = FloatVector.fromArray(S, c, cOff);
      c01 = FloatVector.fromArray(S, c, cOff + L);
      c10 = FloatVector.fromArray(S, c, cOff + ldc);
      c11 = FloatVector.fromArray(S, c, cOff + ldc + L);
      c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
      c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
    } else {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c10 = c00;
      c11 = c00;
      c20 = c00;
      c21 = c00;
      c30 = c00;
      c31 = c00;
    }
    for (int p = 0; p < kc; p++) {
      int ia = aOff + p * MR;
      int ib = bOff + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, bp, ib);
      FloatVector b1 = FloatVector.fromArray(S, bp, ib + L);
      FloatVector x = FloatVector.broadcast(S, ap[ia]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, ap[ia + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, ap[ia + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, ap[ia + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c10.intoArray(c, cOff + ldc);
    c11.intoArray(c, cOff + ldc + L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
  }
}
