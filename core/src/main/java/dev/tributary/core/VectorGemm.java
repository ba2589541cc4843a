package dev.tributary.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API matrix-product kernel's driver (loaded only when {@code jdk.incubator.vector} is
 * present): picks a path for each block of C and walks it. The walk of the in-place and packed
 * paths over slices, strips and panels is in {@link VectorPanels}, packing in {@link
 * VectorPacking}, the register tiles in {@link VectorTiles} and {@link VectorWideTiles}, the slim
 * products in {@link VectorThin}.
 *
 * <p>Which path a block of C ({@code rows × cols}, shared dimension {@code k}) takes:
 *
 * <pre>
 * shape of the block                            path       kernel
 * k = 0                                         -          C zeroed (or kept when accumulating)
 * rows &lt; MR (5)                                 FEW_ROWS   VectorThin.fewRows, a row at a time
 * A·B or A·Bᵀ, nr − L &lt; cols ≤ nr (25–32)        WIDE       wideTile (nr = 4L) or tileRowA
 * the last n mod L ≤ 2 columns of C              THIN       VectorThin.thin, a column at a time
 * at most 4 panels of nr columns per strip      IN_PLACE   tileRowA / tileColA, A where it lies
 * anything else                                 PACKED     tile4 (nr = 4L) or tileColA on packs
 * </pre>
 *
 * <p>Structure of the packed path (after BLIS/GotoBLAS): the output block is walked in strips of
 * {@link #NC} columns and the shared dimension in equal slices of at most {@link #KC}. For each
 * slice, B is packed into panels {@code nr} columns wide ({@code KC × nr} floats, 16–32 KB: one
 * panel stays in L1 while it is used) and A, {@link #MC} rows at a time, into strips {@link #MR}
 * rows tall ({@code MC × KC} floats with stride {@link #AS}, 192 KB: stays in L2). Narrow blocks
 * read A where it lies instead: packing it would cost as much as the product.
 *
 * <p>The register tile is {@code 5 × nr}. Where the CPU has 32 vector registers and vectors are 8
 * lanes (256-bit vectors on an AVX-512 machine) {@code nr = 4L}: a {@code 5 × 4L} tile in 20
 * registers; otherwise {@code nr = 2L}, ten accumulators, which with B and a broadcast fit AVX2's
 * sixteen (there C2 spills accumulators for {@code 4 × 3L}, {@code 6 × 2L} and hand-unrolled loops,
 * a store-to-load round trip on the critical path). Packed A is stored with a power-of-two stride
 * {@link #AS} per step so the index is a scaled induction variable and C2 removes the bounds checks
 * (with stride 5 or 6 it does not). Edge tiles run the same kernel on a small scratch tile and copy
 * the valid part; a batch of 100 or 25 rows is a whole number of 5-row strips.
 *
 * <p>Forcing a path: the system properties {@code tributary.gemm.path} ({@code auto}, {@code
 * packed}, {@code in-place}, {@code wide}, {@code few-rows}, {@code thin}) and {@code
 * tributary.gemm.tile} ({@code auto}, {@code 2} or {@code 4} vectors) make every block take that
 * path and tile width where its shape allows (the wide path needs A·B or A·Bᵀ and takes the column
 * blocks of its width; the rest of C goes the automatic way). Tests build one kernel per path with
 * {@link #VectorGemm(GemmPath, int)}, so the four-vector and wide tiles that run by themselves only
 * on 512-bit hardware are checked on any machine.
 *
 * <p>Every element of C is one chain of fused multiply-adds over {@code p = 0..k-1} in order,
 * started from 0 (or from C when accumulating) and carried through C between slices, so the result
 * does not depend on the path, on how the product is split into blocks or threads, nor on whether a
 * column went through a tile or through {@link VectorThin#thin}. {@link ScalarGemm} computes the
 * same chains, so the two kernels agree bit for bit.
 */
final class VectorGemm extends GemmKernel {
  /** The species of every vector kernel. */
  static final VectorSpecies<Float> S = Vectors.SPECIES;

  /** Lanes per vector. */
  static final int L = S.length();

  /** Rows of the register tile: five broadcasts of A per step. */
  static final int MR = 5;

  /**
   * Stride of packed A between steps of {@code p}: MR rounded up to a power of two, so the index
   * {@code aOff + AS·p + r} is one C2 recognises and drops the bounds checks for.
   */
  static final int AS = Integer.highestOneBit(MR * 2 - 1);

  /** Depth of one slice of the shared dimension. */
  static final int KC = 256;

  /** Rows of A packed at a time. */
  static final int MC = 24 * MR;

  /** Columns of B packed at a time. */
  static final int NC = 1024;

  /** At most this many trailing columns are computed as dot products ({@link VectorThin#thin}). */
  static final int THIN_MAX = 2;

  /** Blocks of at most this many B panels read A in place instead of packing it. */
  static final int IN_PLACE_MAX_PANELS = 4;

  /** The system property that forces the register tile's width, in vectors. */
  static final String TILE_PROPERTY = "tributary.gemm.tile";

  private final GemmPath path;

  /** Columns of the register tile and of a packed B panel: {@code 2L} or {@code 4L}. */
  private final int nr;

  /** The in-place and packed paths' walk over slices, strips and panels. */
  private final VectorPanels panels;

  /**
   * A kernel that sends every block down {@code path} (where its shape allows) with register tiles
   * {@code vectors} vectors wide.
   *
   * @throws IllegalArgumentException if {@code vectors} is not 2 or 4
   */
  VectorGemm(GemmPath path, int vectors) {
    if (vectors != 2 && vectors != 4) {
      throw new IllegalArgumentException(
          TILE_PROPERTY + ": the register tile is 2 or 4 vectors wide, got " + vectors);
    }
    this.path = path;
    this.nr = vectors * L;
    this.panels = new VectorPanels(path, nr);
  }

  /**
   * The kernel the system properties {@link GemmPath#PROPERTY} and {@link #TILE_PROPERTY} ask for;
   * {@code auto} (the default) for both picks by shape and by hardware.
   *
   * @throws IllegalArgumentException if a property has a value other than those listed
   */
  static VectorGemm fromProperties() {
    return of(
        System.getProperty(GemmPath.PROPERTY, "auto"), System.getProperty(TILE_PROPERTY, "auto"));
  }

  /** {@link #fromProperties} for the two values given. */
  static VectorGemm of(String pathValue, String tileValue) {
    GemmPath chosen = GemmPath.parse(pathValue);
    int vectors =
        switch (tileValue) {
          case "auto" -> widestTile();
          case "2" -> 2;
          case "4" -> 4;
          default ->
              throw new IllegalArgumentException(
                  TILE_PROPERTY + " must be auto, 2 or 4 (vectors); got '" + tileValue + "'");
        };
    return new VectorGemm(chosen, vectors);
  }

  /**
   * Four vectors where the CPU has 32 vector registers and vectors are 8 lanes, as with 256-bit
   * vectors on an AVX-512 machine; otherwise two, which AVX2's 16 registers hold and which 16-lane
   * vectors already make 32 columns wide.
   */
  static int widestTile() {
    boolean registers32 = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    return registers32 && L == 8 ? 4 : 2;
  }

  @Override
  public String toString() {
    String forced = path == GemmPath.AUTO ? "" : ", path " + path.propertyValue() + " forced";
    return S.vectorBitSize()
        + "-bit FloatVector ("
        + L
        + " lanes), "
        + MR
        + "x"
        + nr
        + " register tile, packed panels"
        + forced;
  }

  @Override
  int rowGrain() {
    return 4 * MR;
  }

  @Override
  int colGrain() {
    return 2 * nr;
  }

  @Override
  void block(GemmCall g, int i0, int i1, int j0, int j1, Workspace ws) {
    if (g.k == 0) {
      if (!g.accumulate) {
        zeroBlock(g.c, g.n, i0, i1, j0, j1);
      }
      return;
    }
    switch (path) {
      case FEW_ROWS -> VectorThin.fewRows(g, i0, i1, j0, j1);
      case THIN -> VectorThin.thin(g, i0, i1, j0, j1, ws);
      case PACKED, IN_PLACE -> panels.tiles(g, i0, i1, j0, j1, ws);
      case WIDE -> {
        if (g.layout.transposeA) {
          auto(g, i0, i1, j0, j1, ws);
          return;
        }
        for (int jc = j0; jc < j1; jc += nr) {
          int je = Math.min(j1, jc + nr);
          if (je - jc > nr - L) {
            VectorWideTiles.wideBlock(g, i0, i1, jc, je, ws, nr);
          } else {
            auto(g, i0, i1, jc, je, ws);
          }
        }
      }
      case AUTO -> auto(g, i0, i1, j0, j1, ws);
    }
  }

  /** The automatic choice of the table above, for a block with {@code k > 0}. */
  private void auto(GemmCall g, int i0, int i1, int j0, int j1, Workspace ws) {
    if (i1 - i0 < MR) {
      VectorThin.fewRows(g, i0, i1, j0, j1);
      return;
    }
    // A block one partial panel wide (the seed networks' 25 columns) whose A rows are contiguous.
    if (!g.layout.transposeA && j1 - j0 > nr - L && j1 - j0 <= nr) {
      VectorWideTiles.wideBlock(g, i0, i1, j0, j1, ws, nr);
      return;
    }
    int wide = g.n - VectorThin.thinColumns(g.n);
    if (j1 > wide) {
      VectorThin.thin(g, i0, i1, Math.max(j0, wide), j1, ws);
      j1 = wide;
    }
    panels.tiles(g, i0, i1, j0, j1, ws);
  }
}
