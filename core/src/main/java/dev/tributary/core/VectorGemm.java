package dev.tributary.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API matrix-product kernel (loaded only when {@code jdk.incubator.vector} is present).
 *
 * <p>Structure (after BLIS/GotoBLAS): the output block is walked in strips of {@link #NC} columns
 * and the shared dimension in equal slices of at most {@link #KC}. For each slice, B is packed into
 * panels {@link #NR} columns wide ({@code KC × NR} floats, 16–32 KB: one panel stays in L1 while it
 * is used) and A, {@link #MC} rows at a time, into strips {@link #MR} rows tall ({@code MC × KC}
 * floats with stride {@link #AS}, 192 KB: stays in L2). Both are zero-padded to whole tiles. Narrow
 * blocks (at most {@link #IN_PLACE_MAX_PANELS} panels, as in the seed networks' 25-unit layers)
 * read A where it lies instead: packing it would cost as much as the product.
 *
 * <p>The register tile is {@code 5 × NR}: per step of the shared dimension the micro-kernel loads
 * the B vectors, broadcasts five A scalars and issues one fused multiply-add per accumulator. Where
 * the CPU has 32 vector registers and vectors are 8 lanes (256-bit vectors on an AVX-512 machine),
 * {@link #tile4} keeps a {@code 5 × 4L} tile in 20 registers; otherwise {@link #tile} keeps {@code
 * 5 × 2L} in ten, which with B and a broadcast fits AVX2's sixteen (there C2 spills accumulators, a
 * store-to-load round trip on the critical path, for {@code 4 × 3L}, {@code 6 × 2L} and
 * hand-unrolled loops, so the loop is left as one step). Packed A is stored with a power-of-two
 * stride {@link #AS} per step so the index is a scaled induction variable and C2 removes the bounds
 * checks from the loop (with stride 5 or 6 it does not). Edge tiles run the same kernel on a small
 * scratch tile and copy the valid part; a batch of 100 or 25 rows is a whole number of 5-row
 * strips. The in-place kernels ({@link #tileRowA}, {@link #tileColA}) are two vectors wide and run
 * twice across a four-vector panel.
 *
 * <p>Two shapes of the seed networks get their own paths: blocks 25–32 columns wide (with 8-lane
 * vectors and 32 registers) whose A rows are contiguous run one {@link #wideTile} of {@code 5 × 4L}
 * per strip, which shares each broadcast of A over all four vectors (a 2L tile plus a 1L tile plus
 * a scalar column cost half as much again; with 16-lane vectors, or AVX2's 16 registers, the same
 * path runs {@link #tileRowA} for blocks up to 2L wide); and products of fewer than MR rows (a
 * one-unit layer's weight gradient, a batch of one) run {@link #fewRows}, a row at a time, with no
 * packing.
 *
 * <p>Every element of C is one chain of fused multiply-adds over {@code p = 0..k-1} in order,
 * started from 0 (or from C when accumulating) and carried through C between slices, so the result
 * does not depend on how the product is split into blocks or threads, nor on whether a column went
 * through a tile or through {@link #thin}. {@link ScalarGemm} computes the same chains, so the two
 * paths agree bit for bit.
 */
final class VectorGemm extends GemmKernel {
  private static final VectorSpecies<Float> S = Vectors.SPECIES;
  private static final int L = S.length();

  /** Rows of the register tile: five broadcasts of A per step. */
  static final int MR = 5;

  /**
   * Stride of packed A between steps of {@code p}: MR rounded up to a power of two, so the index
   * {@code aOff + AS·p + r} is one C2 recognises and drops the bounds checks for.
   */
  static final int AS = Integer.highestOneBit(MR * 2 - 1);

  /**
   * Columns of the register tile: four vectors where 32 vector registers hold a {@code 5 × 4L} tile
   * of 8-lane vectors, else two (see {@link #widestTile}).
   */
  static final int NR = widestTile() * L;

  /** Depth of one slice of the shared dimension. */
  static final int KC = 256;

  /** Rows of A packed at a time. */
  static final int MC = 24 * MR;

  /** Columns of B packed at a time. */
  static final int NC = 1024;

  /** At most this many trailing columns are computed as dot products ({@link #thin}). */
  static final int THIN_MAX = 2;

  /**
   * Four vectors (a {@code 5 × 4L} tile, 20 accumulators) where the CPU has 32 vector registers and
   * vectors are 8 lanes, as with 256-bit vectors on an AVX-512 machine; otherwise two (10
   * accumulators, {@link #tileRowA} with a partial second vector), which AVX2's 16 registers hold
   * and which 16-lane vectors already make 32 columns wide.
   */
  private static int widestTile() {
    boolean registers32 = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    return registers32 && L == 8 ? 4 : 2;
  }

  /** Blocks of at most this many B panels read A in place instead of packing it. */
  static final int IN_PLACE_MAX_PANELS = 4;

  @Override
  public String toString() {
    return S.vectorBitSize()
        + "-bit FloatVector ("
        + L
        + " lanes), "
        + MR
        + "x"
        + NR
        + " register tile, packed panels";
  }

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
    if (i1 - i0 < MR) {
      fewRows(layout, m, n, k, a, b, c, accumulate, i0, i1, j0, j1);
      return;
    }
    // A block one partial panel wide (the seed networks' 25 columns) whose A rows are contiguous.
    if (!layout.transposeA && j1 - j0 > NR - L && j1 - j0 <= NR) {
      wideTiles(layout, m, n, k, a, b, c, accumulate, i0, i1, j0, j1, ws);
      return;
    }
    int wide = n - thinColumns(n);
    if (j1 > wide) {
      thin(layout, m, n, k, a, b, c, accumulate, i0, i1, Math.max(j0, wide), j1, ws);
      j1 = wide;
    }
    float[] tile = ws.tile(MR * NR);
    // Equal slices of at most KC (784 = 4 × 196, not 3 × 256 + 16): no inefficient thin slice.
    int depth = (k + (k + KC - 1) / KC - 1) / ((k + KC - 1) / KC);
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      int panels = (nc + NR - 1) / NR;
      for (int pc = 0; pc < k; pc += depth) {
        int kc = Math.min(depth, k - pc);
        boolean load = accumulate || pc > 0;
        if (panels <= IN_PLACE_MAX_PANELS) {
          // Narrow: A in place; B in place too when its rows can be read as whole vectors.
          if (!layout.transposeB && nc % L == 0 && (i1 - i0) % MR == 0) {
            inPlaceA(
                layout,
                m,
                k,
                a,
                c,
                n,
                i0,
                i1,
                pc,
                kc,
                jc,
                nc,
                b,
                pc * n + jc,
                NR,
                n,
                load,
                ws,
                tile);
          } else {
            float[] bp = ws.packedB(panels * NR * kc);
            packB(layout, b, n, k, pc, kc, jc, nc, bp);
            inPlaceA(
                layout, m, k, a, c, n, i0, i1, pc, kc, jc, nc, bp, 0, NR * kc, NR, load, ws, tile);
          }
          continue;
        }
        float[] bp = ws.packedB(panels * NR * kc);
        packB(layout, b, n, k, pc, kc, jc, nc, bp);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          int strips = (mc + MR - 1) / MR;
          float[] ap = ws.packedA(strips * stripStride(kc));
          packA(layout, a, m, k, ic, mc, pc, kc, ap);
          // One strip of A (MR × kc, 8 KB) stays in L1 while the packed B streams from L2: the
          // other order keeps a 32 KB B panel in L1, all of it, and measured 5 % slower.
          for (int s = 0; s < strips; s++) {
            int ir = s * MR;
            int mr = Math.min(MR, mc - ir);
            int aOff = s * stripStride(kc);
            for (int jp = 0; jp < panels; jp++) {
              int jr = jp * NR;
              int nr = Math.min(NR, nc - jr);
              int bOff = jp * NR * kc;
              int cOff = (ic + ir) * n + jc + jr;
              if (mr == MR && nr == NR) {
                packedTile(kc, ap, aOff, bp, bOff, c, cOff, n, load);
              } else if (mr == MR && nr == 2 * L && NR == 4 * L) {
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

  /**
   * A narrow block: A is read where it lies (no packing, which would cost as much as the product),
   * strip by strip, against every B panel; a last strip of fewer than MR rows is packed. Panel
   * {@code jp} starts at {@code bp[bBase + jp·panelStride]} with rows {@code ldb} apart: packed
   * panels, or, for A·B and Aᵀ·B, B itself (then the caller guarantees whole strips and whole
   * vectors, so no edge tile reads B).
   */
  private static void inPlaceA(
      Layout layout,
      int m,
      int k,
      float[] a,
      float[] c,
      int n,
      int i0,
      int i1,
      int pc,
      int kc,
      int jc,
      int nc,
      float[] bp,
      int bBase,
      int panelStride,
      int ldb,
      boolean load,
      Workspace ws,
      float[] tile) {
    int panels = (nc + NR - 1) / NR;
    int i = i0;
    for (; i + MR <= i1; i += MR) {
      for (int jp = 0; jp < panels; jp++) {
        int jr = jp * NR;
        int nr = Math.min(NR, nc - jr);
        int bOff = bBase + jp * panelStride;
        int cOff = i * n + jc + jr;
        if (nr == NR) {
          for (int h = 0; h < NR; h += 2 * L) { // the in-place tiles are two vectors wide
            if (layout.transposeA) {
              tileColA(kc, a, pc * m + i, m, bp, bOff + h, ldb, c, cOff + h, n, load);
            } else {
              tileRowA(
                  kc,
                  a,
                  i * k + pc,
                  k,
                  bp,
                  bOff + h,
                  ldb,
                  c,
                  cOff + h,
                  n,
                  c,
                  cOff + h + L,
                  n,
                  load);
            }
          }
          continue;
        }
        // A partial panel: two whole vectors at a time while they fit, then one vector at a time,
        // the last one through the scratch tile.
        int jv = 0;
        for (; jv + 2 * L <= nr; jv += 2 * L) {
          if (layout.transposeA) {
            tileColA(kc, a, pc * m + i, m, bp, bOff + jv, ldb, c, cOff + jv, n, load);
          } else {
            tileRowA(
                kc,
                a,
                i * k + pc,
                k,
                bp,
                bOff + jv,
                ldb,
                c,
                cOff + jv,
                n,
                c,
                cOff + jv + L,
                n,
                load);
          }
        }
        for (; jv < nr; jv += L) {
          int w = Math.min(L, nr - jv);
          float[] dst = w == L ? c : tile;
          int dOff = w == L ? cOff + jv : 0;
          int ldd = w == L ? n : L;
          if (w < L && load) {
            copyIn(c, cOff + jv, n, tile, L, MR, w);
          }
          if (layout.transposeA) {
            tileColA1(kc, a, pc * m + i, m, bp, bOff + jv, ldb, dst, dOff, ldd, load);
          } else {
            tileRowA1(kc, a, i * k + pc, k, bp, bOff + jv, ldb, dst, dOff, ldd, load);
          }
          if (w < L) {
            copyOut(tile, L, c, cOff + jv, n, MR, w);
          }
        }
      }
    }
    if (i < i1) {
      int mr = i1 - i;
      float[] ap = ws.packedA(AS * kc);
      packA(layout, a, m, k, i, mr, pc, kc, ap);
      for (int jp = 0; jp < panels; jp++) {
        int jr = jp * NR;
        edge(
            kc,
            ap,
            0,
            bp,
            jp * NR * kc,
            c,
            i * n + jc + jr,
            n,
            mr,
            Math.min(NR, nc - jr),
            load,
            tile);
      }
    }
  }

  /**
   * Fewer rows than a tile (a batch of one, or a one-row weight gradient): each row of C is
   * computed on its own, a vector of columns at a time where B's rows are contiguous, with the same
   * fma chain over {@code p = 0..k-1} per element as every other path.
   */
  private static void fewRows(
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
      int j1) {
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
   * A block {@code NR − L < j1 − j0 ≤ NR} columns wide with A's rows contiguous (A·B, A·Bᵀ): B is
   * packed once into a zero-padded panel {@code NR} floats wide, and each strip of MR rows is one
   * {@link #wideTile} reading A in place. Columns past the block's last whole vector go through the
   * scratch tile. Rows past the last whole strip go to {@link #fewRows}.
   */
  private static void wideTiles(
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
    int nc = j1 - j0;
    float[] bp = ws.packedB(k * NR);
    if (layout.transposeB) {
      for (int j = 0; j < nc; j++) { // contiguous reads along B's rows; the panel is in L1
        int src = (j0 + j) * k;
        for (int p = 0; p < k; p++) {
          bp[p * NR + j] = b[src + p];
        }
      }
    } else {
      for (int p = 0; p < k; p++) {
        System.arraycopy(b, p * n + j0, bp, p * NR, nc);
      }
    }
    for (int p = 0; p < k; p++) {
      for (int j = nc; j < NR; j++) {
        bp[p * NR + j] = 0f;
      }
    }
    int last = NR - L; // the last vector: whole (straight into C) or partial (the scratch tile)
    int rest = nc - last;
    float[] scratch = ws.tile(MR * L);
    int i = i0;
    for (; i + MR <= i1; i += MR) {
      int cOff = i * n + j0;
      float[] t = rest == L ? c : scratch;
      int tOff = rest == L ? cOff + last : 0;
      int ldt = rest == L ? n : L;
      if (rest < L && accumulate) {
        copyIn(c, cOff + last, n, scratch, L, MR, rest);
      }
      if (NR == 4 * L) {
        wideTile(k, a, i * k, k, bp, c, cOff, n, t, tOff, ldt, accumulate);
      } else {
        tileRowA(k, a, i * k, k, bp, 0, NR, c, cOff, n, t, tOff, ldt, accumulate);
      }
      if (rest < L) {
        copyOut(scratch, L, c, cOff + last, n, MR, rest);
      }
    }
    if (i < i1) {
      fewRows(layout, m, n, k, a, b, c, accumulate, i, i1, j0, j1);
    }
  }

  /**
   * The {@code MR × 4L} register tile for narrow blocks: rows of A read in place ({@code lda}
   * apart), B from a packed panel {@code 4L} wide. The first three vectors of each row of C are at
   * {@code c[cOff + r·ldc]}, the fourth at {@code t[tOff + r·ldt]} (C itself or a scratch tile).
   * Twenty accumulators, four B vectors and a broadcast fit the 32 vector registers of AVX-512
   * machines; on AVX2's 16 C2 spills and this runs slower than two {@link #tileRowA} calls.
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
      int ib = p * NR;
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

  /** The packed path's micro-kernel for this machine: {@link #tile4} or {@link #tile}. */
  private static void packedTile(
      int kc,
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      float[] c,
      int cOff,
      int ldc,
      boolean load) {
    if (NR == 4 * L) {
      tile4(kc, ap, aOff, bp, bOff, c, cOff, ldc, load);
    } else {
      tile(kc, ap, aOff, bp, bOff, c, cOff, ldc, load);
    }
  }

  /**
   * The packed path's micro-kernel where 32 vector registers allow it: {@link #tile} four vectors
   * wide ({@code 5 × 4L}, 20 accumulators), for the same work per broadcast of A as a 16-lane
   * {@code 5 × 2L} tile.
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
      int ib = bOff + p * NR;
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

  private static void copyIn(float[] c, int cOff, int ldc, float[] tile, int ldt, int mr, int nr) {
    for (int r = 0; r < mr; r++) {
      for (int j = 0; j < nr; j++) {
        tile[r * ldt + j] = c[cOff + r * ldc + j];
      }
    }
  }

  private static void copyOut(float[] tile, int ldt, float[] c, int cOff, int ldc, int mr, int nr) {
    for (int r = 0; r < mr; r++) {
      for (int j = 0; j < nr; j++) {
        c[cOff + r * ldc + j] = tile[r * ldt + j];
      }
    }
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
  private static void thin(
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

  /**
   * Floats from one packed strip of A to the next: a cache line more than the strip ({@code AS·kc}
   * is 8 KB for kc = 256, and writes to 24 strips a multiple of 4 KB apart would share one L1 set).
   */
  static int stripStride(int kc) {
    return AS * kc + 16;
  }

  /** Packs {@code A[ic : ic+mc, pc : pc+kc]} into strips of MR rows, p-major, zero-padded. */
  private static void packA(
      Layout layout, float[] a, int m, int k, int ic, int mc, int pc, int kc, float[] ap) {
    if (layout.transposeA) {
      packTransposedA(a, m, ic, mc, pc, kc, ap);
      return;
    }
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int base = (ir / MR) * stripStride(kc);
      if (layout.transposeA) {
        continue; // below, all strips at once
      } else if (mr == MR) {
        // Five read streams (one per row of A), contiguous writes of one packed step at a time.
        // The AS − MR padding slots of a whole strip are never read: left as they are.
        int r0 = (ic + ir) * k + pc;
        for (int p = 0; p < kc; p++) {
          int dst = base + p * AS;
          int src = r0 + p;
          ap[dst] = a[src];
          ap[dst + 1] = a[src + k];
          ap[dst + 2] = a[src + 2 * k];
          ap[dst + 3] = a[src + 3 * k];
          ap[dst + 4] = a[src + 4 * k];
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int dst = base + p * AS;
          for (int r = 0; r < AS; r++) {
            ap[dst + r] = r < mr ? a[(ic + ir + r) * k + pc + p] : 0f;
          }
        }
      }
    }
  }

  /**
   * {@link #packA} for Aᵀ·B, where A is stored {@code [k, m]}: one stored row (a step {@code p}) at
   * a time, read once from end to end and dealt out MR values to each strip. (Strip by strip, each
   * strip's 256 reads are a whole row apart, which for m = 1024 all fall in one L1 set: a line was
   * fetched again for every strip that shares it.)
   */
  private static void packTransposedA(
      float[] a, int m, int ic, int mc, int pc, int kc, float[] ap) {
    int whole = mc / MR * MR;
    for (int p = 0; p < kc; p++) {
      int src = (pc + p) * m + ic;
      int dst = p * AS;
      int ir = 0;
      for (; ir < whole; ir += MR) {
        int d = dst + (ir / MR) * stripStride(kc);
        ap[d] = a[src + ir];
        ap[d + 1] = a[src + ir + 1];
        ap[d + 2] = a[src + ir + 2];
        ap[d + 3] = a[src + ir + 3];
        ap[d + 4] = a[src + ir + 4];
      }
      if (ir < mc) {
        int d = dst + (ir / MR) * stripStride(kc);
        for (int r = 0; r < MR; r++) {
          ap[d + r] = ir + r < mc ? a[src + ir + r] : 0f;
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
        // Contiguous reads along a row of B, writes strided by NR within the panel (in L1): in a
        // profile this order costs two thirds of the other (NR read streams, contiguous writes).
        for (int jj = 0; jj < NR; jj++) {
          int dst = base + jj;
          if (jj < nr) {
            int src = (jc + jr + jj) * k + pc;
            for (int p = 0; p < kc; p++) {
              bp[dst + p * NR] = b[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++) {
              bp[dst + p * NR] = 0f;
            }
          }
        }
      } else if (nr == NR) {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, (pc + p) * n + jc + jr, bp, base + p * NR, NR);
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = (pc + p) * n + jc + jr;
          int dst = base + p * NR;
          for (int jj = 0; jj < NR; jj++) {
            bp[dst + jj] = jj < nr ? b[src + jj] : 0f;
          }
        }
      }
    }
  }

  /**
   * An edge tile: the kernel on a scratch MR × NR tile, then the valid part copied back. Where the
   * packed tile is four vectors wide and at most two hold columns, the two-vector {@link #tile}
   * runs instead: half the work (784 columns end in a 16-column panel).
   */
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
      copyIn(c, cOff, ldc, tile, NR, mr, nr);
    }
    if (NR == 4 * L && nr <= 2 * L) {
      tile(kc, ap, aOff, bp, bOff, tile, 0, NR, load);
    } else {
      packedTile(kc, ap, aOff, bp, bOff, tile, 0, NR, load);
    }
    copyOut(tile, NR, c, cOff, ldc, mr, nr);
  }

  /**
   * The two-vector micro-kernel: {@code C[0:5, 0:2L] (+)= A·B} over {@code kc} steps, with A
   * packed, {@code A(r, p) = ap[aOff + AS·p + r]}, and {@code B(p, j) = bp[bOff + NR·p + j]}.
   * Constant strides let C2 drop the bounds checks from the loop; the body is 2 loads, 5 broadcasts
   * and 10 FMAs.
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
      int ia = aOff + p * AS;
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
      x = FloatVector.broadcast(S, ap[ia + 4]);
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

  /**
   * The micro-kernel with A read in place, transposed, {@code A(r, p) = a[aOff + p·lda + r]}, and
   * {@code B(p, j) = bp[bOff + p·ldb + j]}.
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

  /** {@link #tileRowA} for one vector of columns: the first L columns of a B panel. */
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

  /** {@link #tileColA} for one vector of columns: the first L columns of a B panel. */
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
