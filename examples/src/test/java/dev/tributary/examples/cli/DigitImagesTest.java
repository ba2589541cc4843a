package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNG digits: grey conversion, alpha, area scaling, polarity, normalisation, and bad files. */
class DigitImagesTest {
  private static final float TOLERANCE = 1e-5f;

  /** 8-bit rounding of the PNG's grey levels. */
  private static final float BYTE_TOLERANCE = 1 / 255f + 1e-6f;

  private static final int WHITE = 0xffffffff;
  private static final int BLACK = 0xff000000;

  @TempDir Path dir;

  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  /** A {@code w × h} image of {@code background} with a {@code ink} square at the top left. */
  static BufferedImage square(int type, int w, int h, int background, int ink, int side) {
    BufferedImage image = new BufferedImage(w, h, type);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, x < side && y < side ? ink : background);
      }
    }
    return image;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void greyDigit_blackInkOnWhite28_invertedAndPooledToWhiteOnBlack() throws IOException {
    Path file =
        write("ink.png", png(square(BufferedImage.TYPE_BYTE_GRAY, 28, 28, WHITE, BLACK, 2)));
    float[] g = DigitImages.greyDigit(file);
    assertEquals(DigitImages.SIZE * DigitImages.SIZE, g.length);
    assertEquals(1f, g[0], TOLERANCE);
    for (int i = 1; i < g.length; i++) {
      assertEquals(0f, g[i], TOLERANCE, "pixel " + i);
    }
  }

  @Test
  void greyDigit_whiteOnBlackWithHalfCoveredCell_notInvertedAreaWeighted() throws IOException {
    // 28 wide: a 3×3 white square covers cell (0, 0) fully and cells (0, 1), (1, 0) by half.
    Path file = write("w.png", png(square(BufferedImage.TYPE_INT_RGB, 28, 28, BLACK, WHITE, 3)));
    float[] g = DigitImages.greyDigit(file);
    assertEquals(1f, g[0], TOLERANCE);
    assertEquals(0.5f, g[1], TOLERANCE);
    assertEquals(0.5f, g[14], TOLERANCE);
    assertEquals(0.25f, g[15], TOLERANCE);
    assertEquals(0f, g[2], TOLERANCE);
  }

  @Test
  void greyDigit_oddSizeColour_meanPreservedByAreaScaling() throws IOException {
    BufferedImage image = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
    double sum = 0;
    for (int y = 0; y < 23; y++) {
      for (int x = 0; x < 37; x++) {
        int v = (x * 7 + y * 11) % 100; // dark: no inversion
        image.setRGB(x, y, (v << 16) | (v << 8) | v);
        sum += v / 255.0;
      }
    }
    float[] g = DigitImages.greyDigit(write("odd.png", png(image)));
    double mean = 0;
    for (float v : g) {
      mean += v / (double) g.length;
    }
    assertEquals(sum / (37 * 23), mean, TOLERANCE);
  }

  @Test
  void grey_colourAndAlpha_lumaCompositedOverWhite() {
    assertEquals(0.299f, DigitImages.grey(0xffff0000), TOLERANCE);
    assertEquals(0.587f, DigitImages.grey(0xff00ff00), TOLERANCE);
    assertEquals(1f, DigitImages.grey(0x00000000), TOLERANCE);
    assertEquals(128 / 255f, DigitImages.grey(0x80000000) * 1, BYTE_TOLERANCE);
  }

  @Test
  void greyDigit_transparentBackgroundBlackInk_readAsInkOnWhiteAndInverted() throws IOException {
    BufferedImage image = square(BufferedImage.TYPE_INT_ARGB, 14, 14, 0x00000000, 0xff000000, 7);
    float[] g = DigitImages.greyDigit(write("alpha.png", png(image)));
    assertEquals(1f, g[0], TOLERANCE);
    assertEquals(0f, g[13], TOLERANCE);
  }

  @Test
  void readPair_twoImages_normalisedWithGivenStatistics() throws IOException {
    Path a = write("a.png", png(square(BufferedImage.TYPE_BYTE_GRAY, 28, 28, BLACK, WHITE, 2)));
    Path b = write("b.png", png(square(BufferedImage.TYPE_BYTE_GRAY, 14, 14, BLACK, BLACK, 0)));
    Tensor pair = DigitImages.readPair(a, b, 0.25f, 0.5f);
    assertArrayEquals(new int[] {1, 2, 14, 14}, pair.shape());
    assertEquals((1 - 0.25f) / 0.5f, pair.get(0, 0, 0, 0), TOLERANCE);
    assertEquals(-0.5f, pair.get(0, 0, 0, 1), TOLERANCE);
    assertEquals(-0.5f, pair.get(0, 1, 0, 0), TOLERANCE);
    assertArrayEquals(new int[] {1, 1, 14, 14}, DigitImages.read(a, 0, 1).shape());
  }

  @Test
  void read_zeroStd_rejected() throws IOException {
    Path a = write("a.png", png(square(BufferedImage.TYPE_BYTE_GRAY, 4, 4, BLACK, WHITE, 2)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DigitImages.read(a, 0, 0));
    assertTrue(e.getMessage().contains("std > 0"), e.getMessage());
  }

  private DigitImageException rejected(String name, byte[] bytes) throws IOException {
    Path file = write(name, bytes);
    DigitImageException e =
        assertThrows(DigitImageException.class, () -> DigitImages.greyDigit(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertEquals(file, e.file());
    return e;
  }

  @Test
  void greyDigit_emptyFile_saysEmpty() throws IOException {
    assertTrue(rejected("e.png", new byte[0]).getMessage().contains("the file is empty"));
  }

  @Test
  void greyDigit_jpegBytes_notAPng() throws IOException {
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
    assertTrue(rejected("d.png", jpeg).getMessage().contains("not a PNG file"));
  }

  @Test
  void greyDigit_truncatedPng_saysTruncated() throws IOException {
    byte[] whole = png(square(BufferedImage.TYPE_INT_RGB, 28, 28, BLACK, WHITE, 5));
    DigitImageException e = rejected("t.png", Arrays.copyOf(whole, whole.length / 2));
    assertTrue(e.getMessage().contains("truncated or corrupt PNG"), e.getMessage());
    DigitImageException header = rejected("h.png", Arrays.copyOf(whole, 12));
    assertTrue(header.getMessage().contains("no image header"), header.getMessage());
  }

  @Test
  void greyDigit_zeroWidthHeader_saysZeroSized() throws IOException {
    byte[] bytes = png(square(BufferedImage.TYPE_INT_RGB, 28, 28, BLACK, WHITE, 5));
    Arrays.fill(bytes, 16, 20, (byte) 0);
    assertTrue(rejected("z.png", bytes).getMessage().contains("zero-sized (0×28)"));
  }

  @Test
  void greyDigit_hugeDeclaredSize_rejectedBeforeDecoding() throws IOException {
    byte[] bytes = png(square(BufferedImage.TYPE_INT_RGB, 28, 28, BLACK, WHITE, 5));
    bytes[16] = 0x7f;
    DigitImageException e = rejected("huge.png", bytes);
    assertTrue(e.getMessage().contains("scale the digit down first"), e.getMessage());
  }
}
