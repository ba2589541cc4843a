package dev.tributary.graph.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** IDX test files built in memory: headers (true or lying), data, gzip. */
final class IdxFixtures {
  /** The shipped MNIST subset, relative to the graph module (surefire's basedir). */
  static final Path MNIST = Path.of("..", "examples", "data", "mnist-10k");

  private IdxFixtures() {}

  /** An IDX file: magic {@code 00 00 type rank}, the dimensions as given, then {@code data}. */
  static byte[] idx(int type, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  /** An unsigned-byte IDX file whose dimensions match {@code data}'s length. */
  static byte[] ubyte(int[] dims, byte[] data) {
    return idx(0x08, dims, data);
  }

  /** {@code bytes} gzip-compressed. */
  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
