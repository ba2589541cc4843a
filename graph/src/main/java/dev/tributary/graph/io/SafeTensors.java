package dev.tributary.graph.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * The safetensors format, float32 only: a reader and a writer of whole files.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length {@code N}; {@code N} bytes of UTF-8
 * JSON, {@code {"__metadata__": {string: string}, name: {"dtype": "F32", "shape": [...],
 * "data_offsets": [begin, end]}, ...}}, padded with spaces to a multiple of 8; then the data
 * section, each tensor's elements row-major in little-endian, at {@code [begin, end)} relative to
 * the section's start. The reader accepts only what the safetensors reference accepts (header at
 * most {@value #MAX_HEADER_BYTES} bytes, offsets that tile the data section exactly, sizes that
 * match the shapes, no trailing bytes, no duplicate keys) and, stricter, only the {@code F32} dtype
 * and no unknown fields in a tensor entry. It checks every length against the file's real size
 * before allocating anything.
 */
public final class SafeTensors {
  /** The longest header the reader accepts, in bytes, as in the safetensors reference. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  /** The header key of the string-to-string metadata. */
  public static final String METADATA_KEY = "__metadata__";

  private static final int CHUNK_BYTES = 1 << 16;

  private final Header header;
  private final ImmutableMap<String, Tensor> tensors;
  private final long dataCrc32;

  private SafeTensors(Header header, ImmutableMap<String, Tensor> tensors, long dataCrc32) {
    this.header = header;
    this.tensors = tensors;
    this.dataCrc32 = dataCrc32;
  }

  /** One tensor's entry in the header: its name, shape and byte range in the data section. */
  public static final class Entry {
    private final String name;
    private final String dtype;
    private final int[] shape;
    private final long begin;
    private final long end;

    Entry(String name, String dtype, int[] shape, long begin, long end) {
      this.name = name;
      this.dtype = dtype;
      this.shape = shape.clone();
      this.begin = begin;
      this.end = end;
    }

    /** Returns the dtype, {@code "F32"} or {@code "I64"}. */
    public String dtype() {
      return dtype;
    }

    /** Returns the tensor's name. */
    public String name() {
      return name;
    }

    /** Returns a copy of the tensor's shape. */
    public int[] shape() {
      return shape.clone();
    }

    /** Returns the first byte of the tensor, relative to the data section. */
    public long begin() {
      return begin;
    }

    /** Returns the byte after the last byte of the tensor, relative to the data section. */
    public long end() {
      return end;
    }

    /** Returns the element count, the product of the shape. */
    public int elements() {
      return (int) ((end - begin) / bytesPerElement(dtype));
    }

    @Override
    public String toString() {
      return name + " " + dtype + " " + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
    }
  }

  /** Returns the bytes per element of a supported dtype: 4 for F32, 8 for I64. */
  static int bytesPerElement(String dtype) {
    return dtype.equals("I64") ? Long.BYTES : Float.BYTES;
  }

  /** The checked header of a safetensors file: its metadata and tensor entries. */
  public static final class Header {
    private final ImmutableMap<String, String> metadata;
    private final ImmutableList<Entry> entries;
    private final long headerLength;
    private final long dataLength;

    Header(Map<String, String> metadata, List<Entry> entries, long headerLength, long dataLength) {
      this.metadata = ImmutableMap.copyOf(metadata);
      this.entries = ImmutableList.copyOf(entries);
      this.headerLength = headerLength;
      this.dataLength = dataLength;
    }

    /** Returns the {@code __metadata__} map, in the file's order (empty if absent). */
    public Map<String, String> metadata() {
      return metadata;
    }

    /** Returns the tensor entries in data-section order. */
    public List<Entry> entries() {
      return entries;
    }

    /** Returns {@code N}, the length of the JSON header including its padding. */
    public long headerLength() {
      return headerLength;
    }

    /** Returns the length of the data section, in bytes. */
    public long dataLength() {
      return dataLength;
    }

    /** Returns the file offset at which the data section starts, {@code 8 + N}. */
    public long dataStart() {
      return Long.BYTES + headerLength;
    }
  }

  // ---- writing ----------------------------------------------------------------------------------

  /**
   * Writes tensors as a safetensors file, in the map's order, contiguously from offset 0. The
   * header is compact JSON, {@code __metadata__} first (left out when empty), padded with spaces to
   * a multiple of 8 bytes. The stream is flushed, not closed.
   *
   * @param tensors name → tensor, stored as {@code F32}
   * @param metadata string → string, stored under {@code __metadata__}
   * @throws IllegalArgumentException if a name is null or {@code "__metadata__"}, a tensor or a
   *     metadata key or value is null, or the header would exceed {@link #MAX_HEADER_BYTES}
   * @throws IOException if writing fails
   */
  public static void write(
      Map<String, Tensor> tensors, Map<String, String> metadata, OutputStream out)
      throws IOException {
    write(tensors, Set.of(), metadata, out);
  }

  /**
   * Writes tensors as {@link #write(Map, Map, OutputStream)} does, storing those named in {@code
   * int64} as {@code I64} (their values rounded to integers), as PyTorch stores counters such as
   * {@code num_batches_tracked}.
   *
   * @throws IllegalArgumentException as {@link #write(Map, Map, OutputStream)}
   * @throws IOException if writing fails
   */
  public static void write(
      Map<String, Tensor> tensors,
      Set<String> int64,
      Map<String, String> metadata,
      OutputStream out)
      throws IOException {
    byte[] header = header(tensors, int64, metadata);
    ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(header.length);
    out.write(buf.array(), 0, Long.BYTES);
    out.write(header);
    int chunkFloats = CHUNK_BYTES / Float.BYTES;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      float[] d = e.getValue().data();
      if (int64.contains(e.getKey())) {
        for (int i = 0; i < d.length; i += chunkFloats / 2) {
          int n = Math.min(chunkFloats / 2, d.length - i);
          buf.clear();
          for (int j = 0; j < n; j++) {
            buf.putLong(Math.round((double) d[i + j]));
          }
          out.write(buf.array(), 0, n * Long.BYTES);
        }
        continue;
      }
      for (int i = 0; i < d.length; i += chunkFloats) {
        int n = Math.min(chunkFloats, d.length - i);
        buf.clear();
        buf.asFloatBuffer().put(d, i, n);
        out.write(buf.array(), 0, n * Float.BYTES);
      }
    }
    out.flush();
  }

  /** Returns the padded header bytes for the given tensors and metadata. */
  static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    return header(tensors, Set.of(), metadata);
  }

  /** Returns the padded header bytes, with the tensors named in {@code int64} as I64. */
  static byte[] header(Map<String, Tensor> tensors, Set<String> int64, Map<String, String> metadata)
      throws IOException {
    if (tensors == null || metadata == null) {
      throw new IllegalArgumentException(
          "SafeTensors.write: tensors and metadata must not be null");
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream(256);
    try (JsonGenerator g = SpecReader.JSON.createGenerator(json)) {
      g.writeStartObject();
      if (!metadata.isEmpty()) {
        g.writeObjectFieldStart(METADATA_KEY);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
          if (e.getKey() == null || e.getValue() == null) {
            throw new IllegalArgumentException(
                "SafeTensors.write: metadata entry " + e + " has a null key or value");
          }
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      long offset = 0;
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        String name = e.getKey();
        if (name == null || name.equals(METADATA_KEY) || e.getValue() == null) {
          throw new IllegalArgumentException(
              "SafeTensors.write: tensor name "
                  + name
                  + " is null or reserved, or its tensor is null; name every tensor, but not "
                  + METADATA_KEY);
        }
        g.writeObjectFieldStart(name);
        String dtype = int64.contains(name) ? "I64" : "F32";
        g.writeStringField("dtype", dtype);
        g.writeArrayFieldStart("shape");
        for (int d : e.getValue().shape()) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        long end = offset + (long) e.getValue().size() * bytesPerElement(dtype);
        g.writeArrayFieldStart("data_offsets");
        g.writeNumber(offset);
        g.writeNumber(end);
        g.writeEndArray();
        g.writeEndObject();
        offset = end;
      }
      g.writeEndObject();
    }
    int padded = (json.size() + 7) & ~7;
    if (padded > MAX_HEADER_BYTES) {
      throw new IllegalArgumentException(
          String.format(
              "SafeTensors.write: the header would have %d bytes, more than the %d readers"
                  + " accept; store less metadata",
              padded, MAX_HEADER_BYTES));
    }
    while (json.size() < padded) {
      json.write(' ');
    }
    return json.toByteArray();
  }

  // ---- reading ----------------------------------------------------------------------------------

  /**
   * Reads a whole safetensors file.
   *
   * @throws ModelFileException if the file is not a valid float32 safetensors file; the message
   *     names the file and the problem
   * @throws IOException if the file cannot be read
   */
  public static SafeTensors read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Header header = HeaderReader.read(ch, file);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      long crc =
          readData(
              ch,
              file,
              header,
              e -> {
                Tensor t = Tensor.zeros(e.shape());
                tensors.put(e.name(), t);
                return t.data();
              });
      return new SafeTensors(header, ImmutableMap.copyOf(tensors), crc);
    }
  }

  /**
   * Reads and checks the header of a safetensors file, without reading the data.
   *
   * @throws ModelFileException if the header is invalid or does not fit the file
   * @throws IOException if the file cannot be read
   */
  public static Header readHeader(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return HeaderReader.read(ch, file);
    }
  }

  /**
   * Reads the data section into arrays given per entry, in data order, and returns the CRC-32 of
   * the section.
   *
   * @param destination gives, for each entry, an array of exactly {@link Entry#elements()} floats
   * @throws ModelFileException if the file ends early (it shrank after the header was checked)
   */
  static long readData(
      FileChannel ch, Path file, Header header, Function<Entry, float[]> destination)
      throws IOException {
    CRC32 crc = new CRC32();
    ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    long position = header.dataStart();
    for (Entry e : header.entries()) {
      float[] dst = destination.apply(e);
      int done = 0;
      long remaining = e.end() - e.begin();
      while (remaining > 0) {
        buf.clear().limit((int) Math.min(CHUNK_BYTES, remaining));
        while (buf.hasRemaining()) {
          if (ch.read(buf, position + buf.position()) < 0) {
            throw new ModelFileException(
                file,
                String.format(
                    "the file ended at byte %d, inside tensor %s; it was truncated while being"
                        + " read",
                    position + buf.position(), e.name()));
          }
        }
        buf.flip();
        crc.update(buf.duplicate());
        if (e.dtype().equals("I64")) {
          int n = buf.remaining() / Long.BYTES;
          for (int j = 0; j < n; j++) {
            dst[done + j] = (float) buf.getLong(j * Long.BYTES);
          }
          done += n;
        } else {
          int n = buf.remaining() / Float.BYTES;
          buf.asFloatBuffer().get(dst, done, n);
          done += n;
        }
        position += buf.remaining();
        remaining -= buf.remaining();
      }
    }
    return crc.getValue();
  }

  /** Returns the header: metadata and tensor entries. */
  public Header header() {
    return header;
  }

  /** Returns the {@code __metadata__} map (empty if absent). */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /** Returns the tensors by name, in data-section order. */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /** Returns the CRC-32 of the data section as read. */
  public long dataCrc32() {
    return dataCrc32;
  }
}
