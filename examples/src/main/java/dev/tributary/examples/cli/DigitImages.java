package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * PNG digits as the input of a digit-pair model: any size, grey or colour, with or without alpha,
 * turned into what the model saw in training, a 14×14 MNIST-style digit normalised with the model's
 * stored training mean and std.
 *
 * <ol>
 *   <li>Decode with {@code javax.imageio} (the PNG signature and the header's size are checked
 *       first: an empty, non-PNG, zero-sized or over-{@value #MAX_PIXELS}-pixel file is rejected
 *       before decoding).
 *   <li>Grey: {@code g = (0.299 R + 0.587 G + 0.114 B) / 255} (ITU-R BT.601 luma, as PIL's {@code
 *       "L"}); a transparent pixel is composited over white, {@code g' = α g + (1 − α)}, as an
 *       image viewer shows it.
 *   <li>Scale to 14×14 by area averaging: each output pixel is the mean of the source area it
 *       covers, partial pixels weighted by their overlap (a box filter; works for any size, up or
 *       down).
 *   <li>Polarity: MNIST digits are white (1) on black (0). The background is judged from the source
 *       image's border (its outermost rows and columns): when their mean grey is above 0.5 (a light
 *       background, such as dark ink on paper) the image is inverted, {@code g ↦ 1 − g}.
 *   <li>Normalise: {@code x = (g − mean) / std} with the model's training statistics.
 * </ol>
 *
 * MNIST digits are also centred in their box with a margin of about 4 of 28 pixels; crop a digit
 * similarly for the best predictions (this reader does not move the digit).
 */
public final class DigitImages {
  /** The side of a model input digit: MNIST's 28 pooled 2×2. */
  public static final int SIZE = 14;

  /** The most pixels a PNG may declare (4096 × 4096). */
  public static final long MAX_PIXELS = 1L << 24;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int IHDR_END = 24;

  private DigitImages() {}

  /**
   * Reads one PNG digit as a normalised {@code [1, 1, 14, 14]} tensor.
   *
   * @throws DigitImageException if the file is not a readable PNG (names the file)
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if {@code std} is not positive and finite
   */
  public static Tensor read(Path file, float mean, float std) throws IOException {
    float[] g = greyDigit(file);
    normalise(g, mean, std);
    return Tensor.of(g, 1, 1, SIZE, SIZE);
  }

  /**
   * Reads two PNG digits as one normalised pair {@code [1, 2, 14, 14]}: channel 0 the first digit,
   * channel 1 the second (the layout of {@code DigitPairs}).
   *
   * @throws DigitImageException if a file is not a readable PNG (names the file)
   * @throws java.nio.file.NoSuchFileException if a file does not exist
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException if {@code std} is not positive and finite
   */
  public static Tensor readPair(Path first, Path second, float mean, float std) throws IOException {
    float[] pair = new float[2 * SIZE * SIZE];
    System.arraycopy(greyDigit(first), 0, pair, 0, SIZE * SIZE);
    System.arraycopy(greyDigit(second), 0, pair, SIZE * SIZE, SIZE * SIZE);
    normalise(pair, mean, std);
    return Tensor.of(pair, 1, 2, SIZE, SIZE);
  }

  /**
   * Reads a PNG as 14×14 grey values in [0, 1], white digit on black, before normalisation.
   *
   * @throws DigitImageException if the file is not a readable PNG (names the file)
   * @throws IOException if the file cannot be read
   */
  public static float[] greyDigit(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return toDigit(decode(file, bytes));
  }

  /** Checks the signature and the header's size, then decodes. */
  static BufferedImage decode(Path file, byte[] bytes) throws DigitImageException {
    if (bytes.length == 0) {
      throw new DigitImageException(file, "the file is empty; pass a PNG image of one digit");
    }
    for (int i = 0; i < PNG_SIGNATURE.length; i++) {
      if (i >= bytes.length || bytes[i] != PNG_SIGNATURE[i]) {
        throw new DigitImageException(
            file, "not a PNG file (no PNG signature); save the digit as PNG");
      }
    }
    if (bytes.length < IHDR_END
        || bytes[12] != 'I'
        || bytes[13] != 'H'
        || bytes[14] != 'D'
        || bytes[15] != 'R') {
      throw new DigitImageException(file, "truncated or corrupt PNG: no image header (IHDR)");
    }
    long width = ByteBuffer.wrap(bytes, 16, 4).getInt() & 0xffffffffL;
    long height = ByteBuffer.wrap(bytes, 20, 4).getInt() & 0xffffffffL;
    if (width == 0 || height == 0) {
      throw new DigitImageException(
          file, "the PNG is zero-sized (" + width + "×" + height + "); it holds no digit");
    }
    if (width * height > MAX_PIXELS) {
      throw new DigitImageException(
          file,
          "the PNG declares "
              + width
              + "×"
              + height
              + " pixels, more than "
              + MAX_PIXELS
              + "; scale the digit down first");
    }
    BufferedImage image;
    try {
      // An in-memory stream: ImageIO.read(InputStream) would cache through a temporary file.
      image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
    } catch (IOException | RuntimeException e) {
      // javax.imageio reports some corrupt streams with runtime exceptions; all are the file's
      // fault.
      throw new DigitImageException(file, "truncated or corrupt PNG (" + e.getMessage() + ")", e);
    }
    if (image == null) {
      throw new DigitImageException(file, "no PNG decoder could read the file");
    }
    return image;
  }

  /** The grey, scaled, polarity-corrected digit of {@code image}: see the class comment. */
  static float[] toDigit(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] grey = new float[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        grey[y * w + x] = grey(row[x]);
      }
    }
    float[] digit = AreaScale.scale(grey, w, h, SIZE, SIZE);
    if (borderMean(grey, w, h) > 0.5) {
      for (int i = 0; i < digit.length; i++) {
        digit[i] = 1 - digit[i];
      }
    }
    return digit;
  }

  /** BT.601 luma of a packed ARGB pixel in [0, 1], composited over white by its alpha. */
  static float grey(int argb) {
    float a = ((argb >>> 24) & 0xff) / 255f;
    float r = (argb >>> 16) & 0xff;
    float g = (argb >>> 8) & 0xff;
    float b = argb & 0xff;
    float luma = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
    return a * luma + (1 - a);
  }

  /** The mean grey of the outermost rows and columns. */
  static double borderMean(float[] grey, int w, int h) {
    double sum = 0;
    int count = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
          sum += grey[y * w + x];
          count++;
        }
      }
    }
    return sum / count;
  }

  private static void normalise(float[] g, float mean, float std) {
    if (!(std > 0) || Float.isInfinite(std) || !Float.isFinite(mean)) {
      throw new IllegalArgumentException(
          "digit normalisation: mean " + mean + " and std " + std + " must be finite, std > 0");
    }
    for (int i = 0; i < g.length; i++) {
      g[i] = (g[i] - mean) / std;
    }
  }
}
