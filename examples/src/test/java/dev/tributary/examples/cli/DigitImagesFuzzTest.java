package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the PNG digit reader ({@link DigitImages}) with mutated PNGs of every common kind
 * (8-bit grey, 16-bit grey, RGB, RGBA, palette): bit flips, random bytes, truncations, insertions,
 * duplicated spans, and lying image headers (width or height 0, 2³¹ − 1 or random). The only
 * outcomes allowed are a 14×14 digit with every value in [0, 1] or a {@link DigitImageException}
 * with a message naming the file; no other exception, no hang, and bounded allocation.
 *
 * <p>Each try decodes from memory through the same code as {@link DigitImages#greyDigit} after it
 * reads the file. Tries: jqwik's default ({@code junit-platform.properties}); the long run of
 * docs/reliability.md is {@code -Djqwik.tries.default=1000000}.
 */
class DigitImagesFuzzTest {
  /** A try using more CPU time than this counts as a hang. */
  private static final long HANG_NANOS = 2_000_000_000L;

  /**
   * The calling thread's CPU time: a hang burns CPU, while on a loaded machine a try can wait
   * seconds for a core (the 10⁶-try runs at {@code nice} did) without hanging.
   */
  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** Allocation allowed per decode: the largest image the reader accepts is 2²⁴ pixels. */
  private static final long ALLOCATION_BYTES = 400L << 20;

  /** Slack on the [0, 1] range of the grey values (float rounding of the box filter). */
  private static final float RANGE_TOLERANCE = 1e-5f;

  private static final Path NAME = Path.of("digit.png");
  private static final List<byte[]> SEEDS = new ArrayList<>();

  @BeforeContainer
  static void makeSeeds() {
    int[] types = {
      BufferedImage.TYPE_BYTE_GRAY,
      BufferedImage.TYPE_USHORT_GRAY,
      BufferedImage.TYPE_INT_RGB,
      BufferedImage.TYPE_INT_ARGB,
      BufferedImage.TYPE_BYTE_INDEXED
    };
    SplittableRandom rng = new SplittableRandom(7);
    for (int type : types) {
      int w = 10 + rng.nextInt(30);
      int h = 10 + rng.nextInt(30);
      BufferedImage image = new BufferedImage(w, h, type);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          image.setRGB(x, y, rng.nextInt());
        }
      }
      SEEDS.add(DigitImagesTest.png(image));
    }
  }

  @Property(seed = "1411")
  void decode_mutatedPng_givesDigitOrDigitImageException(@ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] bytes = mutate(SEEDS.get(rng.nextInt(SEEDS.size())), rng);
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = bean.getCurrentThreadAllocatedBytes();
    long start = cpuNanos();
    try {
      float[] digit = DigitImages.toDigit(DigitImages.decode(NAME, bytes));
      assertEquals(DigitImages.SIZE * DigitImages.SIZE, digit.length);
      for (float v : digit) {
        assertTrue(v >= -RANGE_TOLERANCE && v <= 1 + RANGE_TOLERANCE, "grey " + v);
      }
    } catch (DigitImageException e) {
      assertTrue(e.getMessage() != null && e.getMessage().startsWith(NAME + ": "), e.toString());
    } catch (RuntimeException | OutOfMemoryError e) {
      fail("unexpected " + e + " for a mutated PNG (seed " + seed + ")", e);
    }
    long allocated = bean.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertTrue(cpuNanos() - start < HANG_NANOS, "decode took too long, seed " + seed);
    assertTrue(allocated <= ALLOCATION_BYTES, "allocated " + allocated + " bytes, seed " + seed);
  }

  /** One to three edits. */
  static byte[] mutate(byte[] original, SplittableRandom rng) {
    byte[] b = original.clone();
    int edits = 1 + rng.nextInt(3);
    for (int k = 0; k < edits && b.length > 0; k++) {
      switch (rng.nextInt(6)) {
        case 0 -> {
          int bit = rng.nextInt(b.length * 8);
          b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        case 1 -> b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
        case 2 -> b = Arrays.copyOf(b, rng.nextInt(b.length));
        case 3 -> {
          int at = rng.nextInt(b.length);
          byte[] longer = new byte[b.length + 1 + rng.nextInt(16)];
          System.arraycopy(b, 0, longer, 0, at);
          System.arraycopy(b, at, longer, longer.length - (b.length - at), b.length - at);
          b = longer;
        }
        case 4 -> {
          int at = rng.nextInt(b.length);
          int end = Math.min(b.length, at + 1 + rng.nextInt(64));
          byte[] longer = new byte[b.length + end - at];
          System.arraycopy(b, 0, longer, 0, end);
          System.arraycopy(b, at, longer, end, b.length - at);
          b = longer;
        }
        default -> lieAboutSize(b, rng);
      }
    }
    return b;
  }

  /** Sets the IHDR width or height (bytes 16–23) to 0, 2³¹ − 1, a power of two or a random int. */
  private static void lieAboutSize(byte[] b, SplittableRandom rng) {
    if (b.length < 24) {
      return;
    }
    int[] lies = {0, Integer.MAX_VALUE, 1 << rng.nextInt(31), rng.nextInt(), 1 + rng.nextInt(300)};
    ByteBuffer.wrap(b).putInt(rng.nextBoolean() ? 16 : 20, lies[rng.nextInt(lies.length)]);
  }
}
