package dev.tributary.graph.io;

import dev.tributary.core.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The two CRC-32 checksums a model file keeps in its metadata: one of the data section, one of the
 * metadata itself. Both are written as 8 lower-case hex digits. See {@code docs/model-format.md}
 * for how to compute them in Python.
 */
final class Checksums {
  private static final int CHUNK_FLOATS = 1 << 14;

  private Checksums() {}

  /** Returns the CRC-32 of the tensors' float32 little-endian bytes, concatenated in order. */
  static long data(Iterable<Tensor> tensors) {
    Map<String, Tensor> named = new java.util.LinkedHashMap<>();
    for (Tensor t : tensors) {
      named.put(Integer.toString(named.size()), t);
    }
    return data(named, java.util.Set.of());
  }

  /**
   * Returns the CRC-32 of the tensors' bytes as a safetensors file stores them, concatenated in
   * order: float32 little-endian, or int64 little-endian for those named in {@code int64}.
   */
  static long data(Map<String, Tensor> tensors, java.util.Set<String> int64) {
    CRC32 crc = new CRC32();
    ByteBuffer buf = ByteBuffer.allocate(CHUNK_FLOATS * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      float[] d = e.getValue().data();
      if (int64.contains(e.getKey())) {
        for (float v : d) {
          buf.clear();
          buf.putLong(Math.round((double) v)).flip();
          crc.update(buf);
        }
        continue;
      }
      for (int i = 0; i < d.length; i += CHUNK_FLOATS) {
        int n = Math.min(CHUNK_FLOATS, d.length - i);
        buf.clear();
        buf.asFloatBuffer().put(d, i, n);
        buf.limit(n * Float.BYTES);
        crc.update(buf);
      }
    }
    return crc.getValue();
  }

  /**
   * Returns the CRC-32 of the metadata entries other than {@code exclude}: keys sorted by their
   * UTF-8 bytes (code point order), each key then value written as a 4-byte big-endian length and
   * its UTF-8 bytes.
   */
  static long metadata(Map<String, String> metadata, String exclude) {
    List<byte[][]> entries = new ArrayList<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (!e.getKey().equals(exclude)) {
        entries.add(
            new byte[][] {
              e.getKey().getBytes(StandardCharsets.UTF_8),
              e.getValue().getBytes(StandardCharsets.UTF_8)
            });
      }
    }
    entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    CRC32 crc = new CRC32();
    ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
    for (byte[][] entry : entries) {
      for (byte[] bytes : entry) {
        crc.update(length.clear().putInt(bytes.length).array());
        crc.update(bytes);
      }
    }
    return crc.getValue();
  }

  /** Returns a checksum as 8 lower-case hex digits. */
  static String hex(long crc) {
    return String.format("%08x", crc);
  }
}
