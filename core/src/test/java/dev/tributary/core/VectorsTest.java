package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The one vector width: 256 bits by default wherever the CPU has at least that. */
class VectorsTest {
  @Test
  void species_defaultIs256BitsOrThePreferredWhenNarrower() {
    int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
    int expected =
        System.getProperty("tributary.vector.bits") != null
            ? Math.min(Integer.getInteger("tributary.vector.bits"), preferred)
            : Math.min(256, preferred);
    assertEquals(expected, Vectors.SPECIES.vectorBitSize());
    assertTrue(
        Kernels.description().contains(expected + "-bit"),
        "description names the width: " + Kernels.description());
  }
}
