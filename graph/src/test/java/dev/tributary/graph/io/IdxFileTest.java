package dev.tributary.graph.io;

import static dev.tributary.graph.io.IdxFixtures.gzip;
import static dev.tributary.graph.io.IdxFixtures.idx;
import static dev.tributary.graph.io.IdxFixtures.ubyte;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader: values, gzip detection, and each header check with its message. */
class IdxFileTest {
  private static final float TOLERANCE = 1e-7f;

  /** Allocation allowed while rejecting a lying header (buffers, the exception, its message). */
  private static final long REJECT_ALLOCATION_BYTES = 1 << 20;

  /** Six bytes as a 2×3 "image", and two labels. */
  private static final byte[] PIXELS = {0, 51, (byte) 255, 1, (byte) 128, 7};

  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private IdxFormatException rejected(String name, byte[] bytes) throws IOException {
    Path file = write(name, bytes);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.readImages(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    return e;
  }

  @Test
  void readImages_plainFile_scaledToUnitAsNchw() throws IOException {
    Path file = write("a.idx", ubyte(new int[] {1, 2, 3}, PIXELS));
    Tensor x = IdxFile.readImages(file);
    assertArrayEquals(new int[] {1, 1, 2, 3}, x.shape());
    assertArrayEquals(
        new float[] {0, 0.2f, 1, 1 / 255f, 128 / 255f, 7 / 255f}, x.data(), TOLERANCE);
  }

  @Test
  void readImages_gzipNamedLikePlain_detectedByMagicBytes() throws IOException {
    Path gz = write("looks-plain.idx", gzip(ubyte(new int[] {1, 2, 3}, PIXELS)));
    Path plain = write("looks-gzipped.gz", ubyte(new int[] {1, 2, 3}, PIXELS));
    assertEquals(IdxFile.readImages(plain), IdxFile.readImages(gz));
  }

  @Test
  void readLabels_plainAndGzip_unsignedValues() throws IOException {
    byte[] file = ubyte(new int[] {3}, new byte[] {9, 0, (byte) 200});
    assertArrayEquals(new int[] {9, 0, 200}, IdxFile.readLabels(write("l", file)));
    assertArrayEquals(new int[] {9, 0, 200}, IdxFile.readLabels(write("l.gz", gzip(file))));
  }

  @Test
  void read_anyRank_rawBytesAndDims() throws IOException {
    IdxFile f = IdxFile.read(write("r", ubyte(new int[] {3, 2}, PIXELS)));
    assertArrayEquals(new int[] {3, 2}, f.dims());
    assertEquals(3, f.count());
    assertArrayEquals(PIXELS, f.bytes());
  }

  @Test
  void readImages_emptyFile_namesMagic() throws IOException {
    IdxFormatException e = rejected("empty", new byte[0]);
    assertEquals("magic", e.field());
    assertTrue(e.getMessage().contains("holds 0 bytes"), e.getMessage());
  }

  @Test
  void readImages_notIdxNorGzip_saysWhatItStartsWith() throws IOException {
    IdxFormatException e = rejected("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
    assertTrue(e.getMessage().contains("starts with 89 50"), e.getMessage());
    assertTrue(e.getMessage().contains("1f 8b"), e.getMessage());
  }

  @Test
  void readImages_labelFile_magicMessageSuggestsTheOtherFile() throws IOException {
    IdxFormatException e = rejected("labels", ubyte(new int[] {2}, new byte[] {1, 2}));
    assertEquals("magic", e.field());
    assertTrue(
        e.getMessage().contains("is 0x00000801 but image files have 0x00000803"), e.getMessage());
    assertTrue(e.getMessage().contains("label file?"), e.getMessage());
  }

  @Test
  void readLabels_imageFile_magicRejected() throws IOException {
    Path file = write("images", ubyte(new int[] {1, 2, 3}, PIXELS));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.readLabels(file));
    assertTrue(
        e.getMessage().contains("is 0x00000803 but label files have 0x00000801"), e.getMessage());
  }

  @Test
  void read_nonZeroMagicStart_rejected() throws IOException {
    byte[] bytes = ubyte(new int[] {6}, PIXELS);
    bytes[1] = 1;
    IdxFormatException e =
        assertThrows(IdxFormatException.class, () -> IdxFile.read(write("m", gzip(bytes))));
    assertTrue(e.getMessage().contains("magic: is 0x00010801"), e.getMessage());
  }

  @Test
  void read_floatTypeByte_namesTypeByte() throws IOException {
    Path file = write("f", idx(0x0D, new int[] {1}, new byte[4]));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.read(file));
    assertEquals("type byte", e.field());
    assertTrue(e.getMessage().contains("is 0x0d; only 0x08"), e.getMessage());
  }

  @Test
  void read_rankFive_namesRank() throws IOException {
    Path file = write("r5", ubyte(new int[] {1, 1, 1, 1, 1}, new byte[1]));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.read(file));
    assertEquals("rank", e.field());
    assertTrue(e.getMessage().contains("is 5; supported ranks are 1 to 4"), e.getMessage());
  }

  @Test
  void read_rankZero_namesRank() throws IOException {
    Path file = write("r0", ubyte(new int[0], new byte[0]));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.read(file));
    assertTrue(e.getMessage().contains("rank: is 0"), e.getMessage());
  }

  @Test
  void readImages_zeroDimension_namesWhichDimension() throws IOException {
    IdxFormatException e = rejected("z", ubyte(new int[] {1, 0, 3}, new byte[0]));
    assertEquals("dimension 1", e.field());
    assertTrue(e.getMessage().contains("is 0; every dimension must be positive"), e.getMessage());
  }

  @Test
  void readImages_negativeCount_namesDimensionZero() throws IOException {
    IdxFormatException e = rejected("n", ubyte(new int[] {-5, 2, 3}, PIXELS));
    assertTrue(e.getMessage().contains("dimension 0: is -5"), e.getMessage());
  }

  @Test
  void readImages_headerCutInDimensions_saysWhereItEnds() throws IOException {
    byte[] whole = ubyte(new int[] {1, 2, 3}, PIXELS);
    IdxFormatException e = rejected("cut", Arrays.copyOf(whole, 10));
    assertTrue(
        e.getMessage().contains("dimension 1: the header ends after 10 bytes; rank 3 needs 16"),
        e.getMessage());
  }

  @Test
  void readImages_truncatedData_declaredVersusActual() throws IOException {
    byte[] whole = ubyte(new int[] {1, 2, 3}, PIXELS);
    IdxFormatException e = rejected("t", Arrays.copyOf(whole, whole.length - 2));
    assertEquals("data", e.field());
    assertTrue(
        e.getMessage().contains("declares [1, 2, 3] = 6 bytes but the file holds 4"),
        e.getMessage());
  }

  @Test
  void readImages_truncatedGzipData_saysDataEnds() throws IOException {
    byte[] inner = ubyte(new int[] {1, 2, 3}, PIXELS);
    IdxFormatException e = rejected("t.gz", gzip(Arrays.copyOf(inner, inner.length - 2)));
    assertTrue(e.getMessage().contains("data ends after 4"), e.getMessage());
  }

  @Test
  void readImages_trailingBytes_rejected() throws IOException {
    byte[] whole = ubyte(new int[] {1, 2, 3}, PIXELS);
    IdxFormatException e = rejected("x.gz", gzip(Arrays.copyOf(whole, whole.length + 3)));
    assertTrue(e.getMessage().contains("more than the 6 bytes"), e.getMessage());
  }

  @Test
  void readImages_corruptGzip_namesGzipData() throws IOException {
    byte[] z = gzip(ubyte(new int[] {1, 2, 3}, PIXELS));
    z[z.length - 6] ^= 0x55; // inside the CRC-32 trailer
    IdxFormatException e = rejected("c.gz", z);
    assertEquals("gzip data", e.field());
  }

  @Test
  void readImages_twoBillionImagesInOneKilobyte_rejectedBeforeAllocating() throws IOException {
    int[] lying = {Integer.MAX_VALUE, 28, 28};
    Path plain = write("lie", ubyte(lying, new byte[1000]));
    Path gz = write("lie.gz", gzip(ubyte(lying, new byte[1000])));
    for (Path file : new Path[] {plain, gz}) {
      com.sun.management.ThreadMXBean bean =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = bean.getCurrentThreadAllocatedBytes();
      IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.readImages(file));
      long allocated = bean.getCurrentThreadAllocatedBytes() - before;
      assertTrue(e.getMessage().contains("declare more than"), e.getMessage());
      assertTrue(allocated < REJECT_ALLOCATION_BYTES, "allocated " + allocated + " bytes");
    }
  }

  @Test
  void readImages_gzipClaimBeyondDeflateRatio_rejectedBeforeReading() throws IOException {
    IdxFormatException e =
        rejected("ratio.gz", gzip(ubyte(new int[] {100_000, 28, 28}, new byte[1000])));
    assertTrue(e.getMessage().contains("can hold at most"), e.getMessage());
  }

  @Test
  void readImages_missingFile_noSuchFile() {
    assertThrows(NoSuchFileException.class, () -> IdxFile.readImages(dir.resolve("none")));
  }

  @Test
  void images_labelData_rankMessage() throws IOException {
    IdxFile labels = IdxFile.read(write("l", ubyte(new int[] {2}, new byte[] {1, 2})));
    IdxFormatException e = assertThrows(IdxFormatException.class, labels::images);
    assertTrue(e.getMessage().contains("images are [count, rows, cols]"), e.getMessage());
  }

  @Test
  void readImages_fullMnistTrainingSize_readsEveryImage() throws IOException {
    int n = 60_000;
    byte[] data = new byte[n * 784];
    for (int i = 0; i < n; i++) {
      data[i * 784 + (i % 784)] = (byte) (i % 251);
    }
    Path file = write("train-images-idx3-ubyte", ubyte(new int[] {n, 28, 28}, data));
    Tensor x = IdxFile.readImages(file);
    assertArrayEquals(new int[] {n, 1, 28, 28}, x.shape());
    for (int i : new int[] {0, 1, 783, 784, 59_999}) {
      assertEquals((i % 251) / 255f, x.data()[i * 784 + (i % 784)], TOLERANCE, "image " + i);
    }
  }

  @Test
  void readLabels_fullMnistTestSizeGzip_readsEveryLabel() throws IOException {
    int n = 10_000;
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = (byte) (i * 7 % 10);
    }
    int[] labels = IdxFile.readLabels(write("t10k-labels", gzip(ubyte(new int[] {n}, data))));
    assertEquals(n, labels.length);
    assertEquals(9_999 * 7 % 10, labels[9_999]);
  }
}
