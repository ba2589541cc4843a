package dev.tributary.core;

/**
 * One implementation of the matrix-product kernel: computes a rectangular block of {@code C (+)=
 * op(A)·op(B)} on raw row-major arrays. {@link Gemm} splits a product into blocks and hands them
 * out, possibly to several threads; a block's result must not depend on how the product was split.
 */
abstract class GemmKernel {
  /**
   * Computes rows {@code [i0, i1)} and columns {@code [j0, j1)} of the product {@code g} describes,
   * {@code C (+)= op(A)·op(B)}, C {@code [m, n]}, with the packing buffers of {@code ws}.
   */
  abstract void block(GemmCall g, int i0, int i1, int j0, int j1, Workspace ws);

  /** Rows per output block when a product is split over threads; a multiple of the tile height. */
  abstract int rowGrain();

  /** Columns per output block when a product is split; a multiple of the tile width. */
  abstract int colGrain();

  /** Sets {@code C[i0:i1, j0:j1] = 0} (a product with {@code k = 0}). */
  static void zeroBlock(float[] c, int n, int i0, int i1, int j0, int j1) {
    for (int i = i0; i < i1; i++) {
      java.util.Arrays.fill(c, i * n + j0, i * n + j1, 0f);
    }
  }
}
