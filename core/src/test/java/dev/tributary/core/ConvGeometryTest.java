package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Output sizes (floor mode, as PyTorch) and the field-naming validation of {@link ConvGeometry}.
 */
class ConvGeometryTest {
  @Test
  void outSize_strideAndPadding_floorAsPyTorch() {
    // (28 + 0 − 5)/1 + 1 = 24; (14 + 2 − 3)/2 + 1 = 7 (floor of 6.5); (7 − 2)/2 + 1 = 3.
    assertEquals(24, new ConvGeometry(1, 28, 28, 5, 1, 0).outHeight());
    ConvGeometry g = new ConvGeometry(2, 14, 13, 3, 2, 1);
    assertEquals(7, g.outHeight());
    assertEquals(7, g.outWidth());
    assertEquals(3, new ConvGeometry(1, 7, 7, 2, 2, 0).outWidth());
    assertEquals(2 * 9, g.patchSize());
    assertEquals(49, g.outPlane());
    assertEquals(2 * 14 * 13, g.inputSize());
  }

  @Test
  void constructor_kernelAsLargeAsPaddedInput_oneOutput() {
    ConvGeometry g = new ConvGeometry(1, 4, 5, 6, 1, 1);
    assertEquals(1, g.outHeight());
    assertEquals(2, g.outWidth());
  }

  @Test
  void constructor_kernelLargerThanPaddedInput_namesKernelAndFix() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(1, 4, 9, 7, 1, 1));
    assertTrue(
        e.getMessage().contains("kernel 7 is larger than the padded input 6×11"), e.getMessage());
    assertTrue(e.getMessage().contains("at most 6 or more padding"), e.getMessage());
  }

  @Test
  void constructor_nonPositiveField_namesField() {
    for (String field : new String[] {"channels", "height", "width", "kernel", "stride"}) {
      int[] v = {1, 3, 3, 1, 1};
      int at = java.util.List.of("channels", "height", "width", "kernel", "stride").indexOf(field);
      v[at] = 0;
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new ConvGeometry(v[0], v[1], v[2], v[3], v[4], 0));
      assertTrue(e.getMessage().contains(field + " must be at least 1, got 0"), e.getMessage());
    }
  }

  @Test
  void constructor_negativePadding_namesPadding() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(1, 3, 3, 1, 1, -1));
    assertTrue(e.getMessage().contains("padding must be at least 0, got -1"), e.getMessage());
  }
}
