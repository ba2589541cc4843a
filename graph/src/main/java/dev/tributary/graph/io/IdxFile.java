package dev.tributary.graph.io;

import dev.tributary.core.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file of unsigned bytes, the format of the MNIST downloads ({@code
 * train-images-idx3-ubyte.gz}, ...): a big-endian header {@code 00 00 <type> <rank>} followed by
 * {@code rank} int32 dimensions, then the product of the dimensions in bytes, row-major. Images are
 * {@code 0x00000803} {@code [count, rows, cols]}, labels {@code 0x00000801} {@code [count]}.
 *
 * <p>The file may be gzip-compressed or plain; which one is decided by its first two bytes ({@code
 * 1f 8b} or {@code 00 00}), not by its name. The file is untrusted: the magic, the type byte (only
 * {@code 0x08}, unsigned byte), the rank and every dimension (positive) are checked, and the
 * declared data size is checked against the file before anything is allocated (a plain file must
 * hold exactly that many bytes; a gzip file cannot inflate to more than 1032 times its size). Then
 * the data is read in chunks and must end exactly where the header says. Every problem is an {@link
 * IdxFormatException} naming the file and the field.
 */
public final class IdxFile {
  /** The magic number of an image file: unsigned bytes, rank 3. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** The magic number of a label file: unsigned bytes, rank 1. */
  public static final int LABELS_MAGIC = 0x00000801;

  /** The largest expansion deflate can achieve (a 258-byte match in about two bits, plus slack). */
  static final long MAX_DEFLATE_RATIO = 1032;

  /** The most data bytes one file may declare: the largest Java array. */
  static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

  private static final int TYPE_UNSIGNED_BYTE = 0x08;
  private static final int MAX_RANK = 4;
  private static final int GZIP_HEADER_BYTES = 18;

  private final Path file;
  private final int[] dims;
  private final byte[] data;

  private IdxFile(Path file, int[] dims, byte[] data) {
    this.file = file;
    this.dims = dims;
    this.data = data;
  }

  /**
   * Reads an unsigned-byte IDX file of any rank from 1 to 4 (gzip or plain).
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IdxFormatException if the file is not a valid unsigned-byte IDX file (names the file
   *     and the field)
   * @throws IOException if the file cannot be read
   */
  public static IdxFile read(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      return read(file, in, size, 0);
    }
  }

  /**
   * Reads an MNIST-style image file ({@code 0x00000803}, {@code [count, rows, cols]}) as a {@code
   * [count, 1, rows, cols]} tensor of pixels scaled to [0, 1]: {@code x = byte / 255}.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IdxFormatException if the file is not a valid IDX image file (names the file and the
   *     field)
   * @throws IOException if the file cannot be read
   */
  public static Tensor readImages(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      return read(file, in, size, IMAGES_MAGIC).images();
    }
  }

  /**
   * Reads an MNIST-style label file ({@code 0x00000801}, {@code [count]}) as one int per label
   * (0–255; MNIST's are the digits 0–9).
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IdxFormatException if the file is not a valid IDX label file (names the file and the
   *     field)
   * @throws IOException if the file cannot be read
   */
  public static int[] readLabels(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      return read(file, in, size, LABELS_MAGIC).labels();
    }
  }

  /**
   * Reads IDX content from {@code in}, which holds {@code size} bytes (gzip or plain); {@code
   * magic} is the required magic number, or 0 for any unsigned-byte IDX of rank 1–4. {@code file}
   * names the source in messages.
   */
  static IdxFile read(Path file, InputStream in, long size, int magic) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    if (b0 < 0 || b1 < 0) {
      throw new IdxFormatException(
          file, "magic", "the file holds " + size + " bytes; an IDX header needs at least 8");
    }
    try {
      if (b0 == 0x1f && b1 == 0x8b) {
        long limit = Math.max(0, size - GZIP_HEADER_BYTES) * MAX_DEFLATE_RATIO;
        return parse(file, new GZIPInputStream(buffered), limit, false, magic);
      }
      if (b0 == 0 && b1 == 0) {
        return parse(file, buffered, size, true, magic);
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new IdxFormatException(
          file, "gzip data", "corrupt or truncated gzip data (" + e.getMessage() + ")", e);
    }
    throw new IdxFormatException(
        file,
        "magic",
        String.format(
            "starts with %02x %02x; an IDX file starts with 00 00, a gzip-compressed one with 1f 8b",
            b0, b1));
  }

  /**
   * Parses the header and data; {@code limit} is the exact number of bytes the content holds when
   * {@code exact}, otherwise the most it can hold.
   */
  private static IdxFile parse(Path file, InputStream in, long limit, boolean exact, int magic)
      throws IOException {
    byte[] start = in.readNBytes(4);
    if (start.length < 4) {
      throw new IdxFormatException(
          file, "magic", "the header ends after " + start.length + " bytes; it needs 4 + 4·rank");
    }
    int type = start[2] & 0xff;
    int rank = start[3] & 0xff;
    int found = ((start[0] & 0xff) << 24) | ((start[1] & 0xff) << 16) | (type << 8) | rank;
    if (magic != 0 && found != magic) {
      throw new IdxFormatException(
          file,
          "magic",
          String.format(
              "is 0x%08x but %s files have 0x%08x (%s); is this the %s file?",
              found,
              magic == IMAGES_MAGIC ? "image" : "label",
              magic,
              magic == IMAGES_MAGIC ? "unsigned bytes, rank 3" : "unsigned bytes, rank 1",
              magic == IMAGES_MAGIC ? "label" : "image"));
    }
    if (start[0] != 0 || start[1] != 0) {
      throw new IdxFormatException(
          file, "magic", String.format("is 0x%08x; an IDX magic starts with 00 00", found));
    }
    if (type != TYPE_UNSIGNED_BYTE) {
      throw new IdxFormatException(
          file,
          "type byte",
          String.format("is 0x%02x; only 0x08 (unsigned byte, as in MNIST) is supported", type));
    }
    if (rank < 1 || rank > MAX_RANK) {
      throw new IdxFormatException(
          file, "rank", "is " + rank + "; supported ranks are 1 to " + MAX_RANK);
    }
    int[] dims = readDims(file, in, rank);
    long declared = 1;
    for (int d : dims) {
      declared *= d;
      if (declared > MAX_DATA_BYTES) {
        throw new IdxFormatException(
            file,
            "dimensions",
            Arrays.toString(dims) + " declare more than " + MAX_DATA_BYTES + " bytes of data");
      }
    }
    long available = limit - 4 - 4L * rank;
    if (exact ? declared != available : declared > available) {
      throw new IdxFormatException(
          file,
          "data",
          String.format(
              "the header declares %s = %d bytes but the file %s %d; the file is truncated or"
                  + " its header is wrong",
              Arrays.toString(dims),
              declared,
              exact ? "holds" : "can hold at most",
              Math.max(0, available)));
    }
    byte[] data = in.readNBytes((int) declared);
    if (data.length < declared) {
      throw new IdxFormatException(
          file,
          "data",
          String.format(
              "the header declares %s = %d bytes but the data ends after %d; the file is"
                  + " truncated",
              Arrays.toString(dims), declared, data.length));
    }
    if (in.read() >= 0) {
      throw new IdxFormatException(
          file,
          "data",
          String.format(
              "more than the %d bytes the header declares (%s); the header is wrong or the file"
                  + " has trailing data",
              declared, Arrays.toString(dims)));
    }
    return new IdxFile(file, dims, data);
  }

  private static int[] readDims(Path file, InputStream in, int rank) throws IOException {
    byte[] raw = in.readNBytes(4 * rank);
    if (raw.length < 4 * rank) {
      throw new IdxFormatException(
          file,
          "dimension " + raw.length / 4,
          "the header ends after "
              + (4 + raw.length)
              + " bytes; rank "
              + rank
              + " needs "
              + (4 + 4 * rank));
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      int d =
          ((raw[4 * i] & 0xff) << 24)
              | ((raw[4 * i + 1] & 0xff) << 16)
              | ((raw[4 * i + 2] & 0xff) << 8)
              | (raw[4 * i + 3] & 0xff);
      if (d <= 0) {
        throw new IdxFormatException(
            file, "dimension " + i, "is " + d + "; every dimension must be positive");
      }
      dims[i] = d;
    }
    return dims;
  }

  /** Returns the file this was read from. */
  public Path file() {
    return file;
  }

  /** Returns the dimensions (a copy): {@code [count, rows, cols]} for images. */
  public int[] dims() {
    return dims.clone();
  }

  /** Returns the number of items: the first dimension. */
  public int count() {
    return dims[0];
  }

  /** Returns the raw unsigned bytes, row-major (a copy). */
  public byte[] bytes() {
    return data.clone();
  }

  /**
   * Returns the data as images: {@code [count, 1, rows, cols]}, {@code x = byte / 255}.
   *
   * @throws IdxFormatException if the file is not rank 3 {@code [count, rows, cols]}
   */
  public Tensor images() throws IdxFormatException {
    if (dims.length != 3) {
      throw new IdxFormatException(
          file,
          "rank",
          "is " + dims.length + " " + Arrays.toString(dims) + "; images are [count, rows, cols]");
    }
    float[] x = new float[data.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (data[i] & 0xff) / 255f;
    }
    return Tensor.of(x, dims[0], 1, dims[1], dims[2]);
  }

  /**
   * Returns the data as labels, one int (0–255) per item.
   *
   * @throws IdxFormatException if the file is not rank 1 {@code [count]}
   */
  public int[] labels() throws IdxFormatException {
    if (dims.length != 1) {
      throw new IdxFormatException(
          file, "rank", "is " + dims.length + " " + Arrays.toString(dims) + "; labels are [count]");
    }
    int[] labels = new int[data.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data[i] & 0xff;
    }
    return labels;
  }
}
