package dev.tributary.core;

/**
 * Per-sample geometry of a square window sliding over {@code [channels, height, width]}: a
 * convolution's or a pooling's input size, window ({@code kernel × kernel}), step ({@code stride})
 * and zero padding on every side.
 *
 * <p>The output is {@code [outHeight, outWidth]} per channel with {@code outHeight = ⌊(height +
 * 2·padding − kernel) / stride⌋ + 1} (floor mode, as PyTorch), and likewise for the width. Window
 * {@code (oh, ow)} covers input rows {@code oh·stride − padding + [0, kernel)} and columns {@code
 * ow·stride − padding + [0, kernel)}; positions outside the input read as zero.
 *
 * @param channels input channels per sample, at least 1
 * @param height input height, at least 1
 * @param width input width, at least 1
 * @param kernel window side, at least 1 and at most the padded height and width
 * @param stride step between windows, at least 1
 * @param padding zero rows and columns added on each side, at least 0
 */
public record ConvGeometry(
    int channels, int height, int width, int kernel, int stride, int padding) {

  /**
   * Checks the geometry.
   *
   * @throws IllegalArgumentException naming the field and the fix if a size is not positive, the
   *     padding is negative, the window is larger than the padded input, or the sizes overflow
   */
  public ConvGeometry {
    positive("channels", channels);
    positive("height", height);
    positive("width", width);
    positive("kernel", kernel);
    positive("stride", stride);
    if (padding < 0) {
      throw new IllegalArgumentException(
          "ConvGeometry: padding must be at least 0, got " + padding + "; pass 0 for no padding");
    }
    long paddedHeight = (long) height + 2L * padding;
    long paddedWidth = (long) width + 2L * padding;
    if (kernel > paddedHeight || kernel > paddedWidth) {
      throw new IllegalArgumentException(
          "ConvGeometry: kernel "
              + kernel
              + " is larger than the padded input "
              + paddedHeight
              + "×"
              + paddedWidth
              + " (height "
              + height
              + ", width "
              + width
              + ", padding "
              + padding
              + "); use a kernel of at most "
              + Math.min(paddedHeight, paddedWidth)
              + " or more padding");
    }
    long windows = (long) channels * kernel * kernel;
    long plane = (long) channels * paddedHeight * paddedWidth;
    if (windows > Integer.MAX_VALUE || plane > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "ConvGeometry: channels "
              + channels
              + " × "
              + height
              + "×"
              + width
              + " with kernel "
              + kernel
              + " and padding "
              + padding
              + " is too large for int indexing; use fewer channels or a smaller input");
    }
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "ConvGeometry: " + field + " must be at least 1, got " + value);
    }
  }

  /** Returns the output height, {@code ⌊(height + 2·padding − kernel) / stride⌋ + 1}. */
  public int outHeight() {
    return (height + 2 * padding - kernel) / stride + 1;
  }

  /** Returns the output width, {@code ⌊(width + 2·padding − kernel) / stride⌋ + 1}. */
  public int outWidth() {
    return (width + 2 * padding - kernel) / stride + 1;
  }

  /** Returns the input elements per sample, {@code channels·height·width}. */
  public int inputSize() {
    return channels * height * width;
  }

  /** Returns the output positions per channel, {@code outHeight·outWidth}. */
  public int outPlane() {
    return outHeight() * outWidth();
  }

  /**
   * Returns the length of one im2col row (one window over all channels), {@code channels·kernel²}.
   */
  public int patchSize() {
    return channels * kernel * kernel;
  }
}
