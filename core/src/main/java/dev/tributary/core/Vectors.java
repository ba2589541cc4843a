package dev.tributary.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector species every Vector API kernel uses (loaded only when {@code
 * jdk.incubator.vector} is present).
 *
 * <p>One species, not one per kernel: on JDK 17, once code in the same JVM has run vectors of two
 * shapes, C2 stops turning the Vector API's shared entry points (loads, stores, FMAs) into
 * instructions in some compiled kernels and falls back to its element-by-element Java code. On an
 * AVX-512 machine with 256-bit row kernels next to 512-bit products that made whole training runs
 * five times slower.
 *
 * <p>256 bits by default, even where 512 are preferred: on the AMD Zen 4 machine we measure on, a
 * 512-bit operation runs as two 256-bit halves, so large products are as fast either way, while the
 * seed networks' 25-column products waste fewer lanes with 8-lane vectors (25 = 3·8 + 1 against
 * 2·16 − 7) and train about a quarter faster. The system property {@code tributary.vector.bits}
 * (128, 256 or 512) overrides the choice; a width the CPU lacks falls back to the preferred one.
 */
final class Vectors {
  /** The species of every vector kernel. */
  static final VectorSpecies<Float> SPECIES = choose();

  private Vectors() {}

  private static VectorSpecies<Float> choose() {
    VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
    int wanted = Integer.getInteger("tributary.vector.bits", 256);
    if (wanted != 128 && wanted != 256 && wanted != 512) {
      throw new IllegalArgumentException(
          "tributary.vector.bits must be 128, 256 or 512, got " + wanted);
    }
    if (wanted >= preferred.vectorBitSize()) {
      return preferred;
    }
    return VectorSpecies.of(float.class, VectorShape.forBitSize(wanted));
  }
}
