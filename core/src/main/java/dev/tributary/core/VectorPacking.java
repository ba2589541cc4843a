package dev.tributary.core;

import static dev.tributary.core.VectorGemm.AS;
import static dev.tributary.core.VectorGemm.MR;

/**
 * The packing of {@link VectorGemm} (after BLIS/GotoBLAS): A into strips of {@link VectorGemm#MR}
 * rows, p-major with stride {@link VectorGemm#AS} per step, and B into panels one register tile
 * wide, p-major, both zero-padded to whole tiles; and the copies between C and a scratch tile for
 * edge tiles. Plain Java: no Vector API type appears here.
 */
final class VectorPacking {
  private VectorPacking() {}

  /**
   * Floats from one packed strip of A to the next: a cache line more than the strip ({@code AS·kc}
   * is 8 KB for kc = 256, and writes to 24 strips a multiple of 4 KB apart would share one L1 set).
   */
  static int stripStride(int kc) {
    return AS * kc + 16;
  }

  /** Packs {@code A[ic : ic+mc, pc : pc+kc]} into strips of MR rows, p-major, zero-padded. */
  static void packA(
      Layout layout, float[] a, int m, int k, int ic, int mc, int pc, int kc, float[] ap) {
    if (layout.transposeA) {
      packTransposedA(a, m, ic, mc, pc, kc, ap);
      return;
    }
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int base = (ir / MR) * stripStride(kc);
      if (mr == MR) {
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
  static void packTransposedA(float[] a, int m, int ic, int mc, int pc, int kc, float[] ap) {
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

  /**
   * Packs {@code B[pc : pc+kc, jc : jc+nc]} into panels of {@code w} columns, p-major, zero-padded.
   */
  static void packB(
      Layout layout, float[] b, int n, int k, int pc, int kc, int jc, int nc, float[] bp, int w) {
    for (int jr = 0; jr < nc; jr += w) {
      int nr = Math.min(w, nc - jr);
      int base = jr * kc;
      if (layout.transposeB) {
        // Contiguous reads along a row of B, writes strided by w within the panel (in L1): in a
        // profile this order costs two thirds of the other (w read streams, contiguous writes).
        for (int jj = 0; jj < w; jj++) {
          int dst = base + jj;
          if (jj < nr) {
            int src = (jc + jr + jj) * k + pc;
            for (int p = 0; p < kc; p++) {
              bp[dst + p * w] = b[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++) {
              bp[dst + p * w] = 0f;
            }
          }
        }
      } else if (nr == w) {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, (pc + p) * n + jc + jr, bp, base + p * w, w);
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = (pc + p) * n + jc + jr;
          int dst = base + p * w;
          for (int jj = 0; jj < w; jj++) {
            bp[dst + jj] = jj < nr ? b[src + jj] : 0f;
          }
        }
      }
    }
  }

  /**
   * Packs the columns {@code [j0, j0 + nc)} of B, all {@code k} rows, into one panel {@code w}
   * floats wide, zero-padded: the B operand of {@link VectorGemm}'s wide path.
   */
  static void packPanel(Layout layout, float[] b, int n, int k, int j0, int nc, float[] bp, int w) {
    if (layout.transposeB) {
      for (int j = 0; j < nc; j++) { // contiguous reads along B's rows; the panel is in L1
        int src = (j0 + j) * k;
        for (int p = 0; p < k; p++) {
          bp[p * w + j] = b[src + p];
        }
      }
    } else {
      for (int p = 0; p < k; p++) {
        System.arraycopy(b, p * n + j0, bp, p * w, nc);
      }
    }
    for (int p = 0; p < k; p++) {
      for (int j = nc; j < w; j++) {
        bp[p * w + j] = 0f;
      }
    }
  }

  static void copyIn(float[] c, int cOff, int ldc, float[] tile, int ldt, int mr, int nr) {
    for (int r = 0; r < mr; r++) {
      for (int j = 0; j < nr; j++) {
        tile[r * ldt + j] = c[cOff + r * ldc + j];
      }
    }
  }

  static void copyOut(float[] tile, int ldt, float[] c, int cOff, int ldc, int mr, int nr) {
    for (int r = 0; r < mr; r++) {
      for (int j = 0; j < nr; j++) {
        c[cOff + r * ldc + j] = tile[r * ldt + j];
      }
    }
  }
}
