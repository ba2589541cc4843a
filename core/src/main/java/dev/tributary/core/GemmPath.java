package dev.tributary.core;

import java.util.Locale;

/**
 * The paths of the vector matrix-product kernel ({@link VectorGemm}'s table from shape to path):
 * {@link #AUTO} chooses by shape, the others are forced through the system property {@value
 * #PROPERTY} for tests and measurements.
 */
enum GemmPath {
  /** Chosen by the block's shape (the default). */
  AUTO,
  /** A and B packed into strips and panels, register tiles on the packs. */
  PACKED,
  /** A read where it lies, B packed or in place: the narrow blocks' path. */
  IN_PLACE,
  /** One tile as wide as the block (25–32 columns), A·B and A·Bᵀ only. */
  WIDE,
  /** A row of C at a time, no packing: fewer rows than a tile. */
  FEW_ROWS,
  /** A column of C at a time, no packing: the last columns past whole vectors. */
  THIN;

  /** The system property that forces a path. */
  static final String PROPERTY = "tributary.gemm.path";

  /** The property value naming this path: {@code in-place} for {@link #IN_PLACE}. */
  String propertyValue() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The path a property value names.
   *
   * @throws IllegalArgumentException if {@code value} names none
   */
  static GemmPath parse(String value) {
    for (GemmPath p : values()) {
      if (p.propertyValue().equals(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        PROPERTY
            + " must be one of auto, packed, in-place, wide, few-rows, thin; got '"
            + value
            + "'");
  }
}
