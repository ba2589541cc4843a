package dev.tributary.core;

import static dev.tributary.core.VectorGemm.AS;
import static dev.tributary.core.VectorGemm.IN_PLACE_MAX_PANELS;
import static dev.tributary.core.VectorGemm.KC;
import static dev.tributary.core.VectorGemm.L;
import static dev.tributary.core.VectorGemm.MC;
import static dev.tributary.core.VectorGemm.MR;
import static dev.tributary.core.VectorGemm.NC;

/**
 * The in-place and packed paths of {@link VectorGemm} (see its table and its class comment for the
 * blocking): a block of C walked in strips of {@link VectorGemm#NC} columns and equal slices of the
 * shared dimension; per slice, B packed into panels {@code nr} columns wide (or read in place), and
 * A either packed {@link VectorGemm#MC} rows at a time or read where it lies, then tile by tile.
 * Loaded only when {@code jdk.incubator.vector} is present; one instance per kernel, immutable.
 */
final class VectorPanels {
  private final GemmPath path;

  /** Columns of the register tile and of a packed B panel: {@code 2L} or {@code 4L}. */
  private final int nr;

  /**
   * The walk for a kernel that forces {@code path} (or not: {@link GemmPath#AUTO}) with tiles
   * {@code nr} columns wide.
   */
  VectorPanels(GemmPath path, int nr) {
    this.path = path;
    this.nr = nr;
  }

  /** The in-place and packed paths: slices of the shared dimension, then strips and panels. */
  void tiles(GemmCall g, int i0, int i1, int j0, int j1, Workspace ws) {
    Layout layout = g.layout;
    int m = g.m;
    int n = g.n;
    int k = g.k;
    float[] a = g.a;
    float[] b = g.b;
    float[] c = g.c;
    boolean accumulate = g.accumulate;
    float[] tile = ws.tile(MR * nr);
    // Equal slices of at most KC (784 = 4 × 196, not 3 × 256 + 16): no inefficient thin slice.
    int depth = (k + (k + KC - 1) / KC - 1) / ((k + KC - 1) / KC);
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      int panels = (nc + nr - 1) / nr;
      boolean inPlace =
          path == GemmPath.IN_PLACE || (path != GemmPath.PACKED && panels <= IN_PLACE_MAX_PANELS);
      for (int pc = 0; pc < k; pc += depth) {
        int kc = Math.min(depth, k - pc);
        boolean load = accumulate || pc > 0;
        if (inPlace) {
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
                nr,
                n,
                load,
                ws,
                tile);
          } else {
            float[] bp = ws.packedB(panels * nr * kc);
            VectorPacking.packB(layout, b, n, k, pc, kc, jc, nc, bp, nr);
            inPlaceA(
                layout, m, k, a, c, n, i0, i1, pc, kc, jc, nc, bp, 0, nr * kc, nr, load, ws, tile);
          }
        } else {
          float[] bp = ws.packedB(panels * nr * kc);
          VectorPacking.packB(layout, b, n, k, pc, kc, jc, nc, bp, nr);
          packedA(layout, m, k, a, c, n, i0, i1, pc, kc, jc, nc, bp, load, ws, tile);
        }
      }
    }
  }

  /**
   * The packed path for one slice: A packed {@link VectorGemm#MC} rows at a time, then tile by
   * tile.
   */
  private void packedA(
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
      boolean load,
      Workspace ws,
      float[] tile) {
    int panels = (nc + nr - 1) / nr;
    for (int ic = i0; ic < i1; ic += MC) {
      int mc = Math.min(MC, i1 - ic);
      int strips = (mc + MR - 1) / MR;
      float[] ap = ws.packedA(strips * VectorPacking.stripStride(kc));
      VectorPacking.packA(layout, a, m, k, ic, mc, pc, kc, ap);
      // One strip of A (MR × kc, 8 KB) stays in L1 while the packed B streams from L2: the
      // other order keeps a 32 KB B panel in L1, all of it, and measured 5 % slower.
      for (int s = 0; s < strips; s++) {
        int ir = s * MR;
        int mr = Math.min(MR, mc - ir);
        int aOff = s * VectorPacking.stripStride(kc);
        for (int jp = 0; jp < panels; jp++) {
          int jr = jp * nr;
          int w = Math.min(nr, nc - jr);
          int bOff = jp * nr * kc;
          int cOff = (ic + ir) * n + jc + jr;
          if (mr == MR && w == nr) {
            packedTile(kc, ap, aOff, bp, bOff, c, cOff, n, load);
          } else if (mr == MR && w == 2 * L) {
            VectorTiles.tileColA(kc, ap, aOff, AS, bp, bOff, nr, c, cOff, n, load);
          } else {
            edge(kc, ap, aOff, bp, bOff, c, cOff, n, mr, w, load, tile);
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
  private void inPlaceA(
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
    int panels = (nc + nr - 1) / nr;
    int i = i0;
    for (; i + MR <= i1; i += MR) {
      int aOff = layout.transposeA ? pc * m + i : i * k + pc;
      int lda = layout.transposeA ? m : k;
      for (int jp = 0; jp < panels; jp++) {
        int jr = jp * nr;
        int w = Math.min(nr, nc - jr);
        int bOff = bBase + jp * panelStride;
        int cOff = i * n + jc + jr;
        // Two whole vectors at a time while they fit (the in-place tiles are two vectors wide),
        // then one vector at a time, a last partial one through the scratch tile.
        int jv = 0;
        for (; jv + 2 * L <= w; jv += 2 * L) {
          if (layout.transposeA) {
            VectorTiles.tileColA(kc, a, aOff, lda, bp, bOff + jv, ldb, c, cOff + jv, n, load);
          } else {
            VectorTiles.tileRowA(
                kc, a, aOff, lda, bp, bOff + jv, ldb, c, cOff + jv, n, c, cOff + jv + L, n, load);
          }
        }
        for (; jv < w; jv += L) {
          int cols = Math.min(L, w - jv);
          float[] dst = cols == L ? c : tile;
          int dOff = cols == L ? cOff + jv : 0;
          int ldd = cols == L ? n : L;
          if (cols < L && load) {
            VectorPacking.copyIn(c, cOff + jv, n, tile, L, MR, cols);
          }
          if (layout.transposeA) {
            VectorTiles.tileColA1(kc, a, aOff, lda, bp, bOff + jv, ldb, dst, dOff, ldd, load);
          } else {
            VectorTiles.tileRowA1(kc, a, aOff, lda, bp, bOff + jv, ldb, dst, dOff, ldd, load);
          }
          if (cols < L) {
            VectorPacking.copyOut(tile, L, c, cOff + jv, n, MR, cols);
          }
        }
      }
    }
    if (i < i1) {
      int mr = i1 - i;
      float[] ap = ws.packedA(AS * kc);
      VectorPacking.packA(layout, a, m, k, i, mr, pc, kc, ap);
      for (int jp = 0; jp < panels; jp++) {
        int jr = jp * nr;
        int w = Math.min(nr, nc - jr);
        edge(kc, ap, 0, bp, jp * nr * kc, c, i * n + jc + jr, n, mr, w, load, tile);
      }
    }
  }

  /** The packed path's micro-kernel for the tile width: four vectors or two. */
  private void packedTile(
      int kc,
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      float[] c,
      int cOff,
      int ldc,
      boolean load) {
    if (nr == VectorWideTiles.W4) {
      VectorWideTiles.tile4(kc, ap, aOff, bp, bOff, c, cOff, ldc, load);
    } else {
      VectorTiles.tileColA(kc, ap, aOff, AS, bp, bOff, nr, c, cOff, ldc, load);
    }
  }

  /**
   * An edge tile: the kernel on a scratch {@code MR × nr} tile, then the valid part copied back.
   * Where the tile is four vectors wide and at most two hold columns, the two-vector tile runs
   * instead: half the work (784 columns end in a 16-column panel).
   */
  private void edge(
      int kc,
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      float[] c,
      int cOff,
      int ldc,
      int mr,
      int cols,
      boolean load,
      float[] tile) {
    if (load) {
      VectorPacking.copyIn(c, cOff, ldc, tile, nr, mr, cols);
    }
    if (nr == VectorWideTiles.W4 && cols <= 2 * L) {
      VectorTiles.tileColA(kc, ap, aOff, AS, bp, bOff, nr, tile, 0, nr, load);
    } else {
      packedTile(kc, ap, aOff, bp, bOff, tile, 0, nr, load);
    }
    VectorPacking.copyOut(tile, nr, c, cOff, ldc, mr, cols);
  }
}
