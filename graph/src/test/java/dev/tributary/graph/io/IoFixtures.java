package dev.tributary.graph.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Nets;
import dev.tributary.graph.Network;
import dev.tributary.graph.NetworkBuilder;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.op.Concat;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.ReLU;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test fixtures: the example networks built in Java, seeded data and hand-made file bytes. */
final class IoFixtures {
  /** Where the shipped example graphs live, relative to the graph module (surefire's basedir). */
  static final Path EXAMPLES = Path.of("..", "examples", "graphs");

  private IoFixtures() {}

  /** The 2-25-25-25-1 seed network: ReLU hidden, Sigmoid output (examples/graphs/seed.json). */
  static NetworkBuilder seed() {
    return Nets.seed();
  }

  /** The converging graph of report 001 (examples/graphs/converging.json). */
  static NetworkBuilder converging() {
    return Nets.converging();
  }

  /**
   * The siamese graph (examples/graphs/siamese.json): a shared trunk applied to two points, an
   * auxiliary head per point and a joint head on the concatenated trunk outputs.
   */
  static NetworkBuilder siamese() {
    Linear fc1 = new Linear(2, 25);
    Linear fc2 = new Linear(25, 25);
    return Network.builder()
        .add("p1", new Input(2))
        .add("p2", new Input(2))
        .add("fc1", fc1)
        .add("r1", new ReLU())
        .add("fc2", fc2)
        .add("r2", new ReLU())
        .add("fc1_p2", Linear.sharing(fc1))
        .add("r1_p2", new ReLU())
        .add("fc2_p2", Linear.sharing(fc2))
        .add("r2_p2", new ReLU())
        .add("aux1", new Linear(25, 1))
        .add("aux2", new Linear(25, 1))
        .add("cat", new Concat())
        .add("fc3", new Linear(50, 25))
        .add("r3", new ReLU())
        .add("out", new Linear(25, 1))
        .connect("p1", "fc1")
        .connect("fc1", "r1")
        .connect("r1", "fc2")
        .connect("fc2", "r2")
        .connect("r2", "aux1", "cat")
        .connect("p2", "fc1_p2")
        .connect("fc1_p2", "r1_p2")
        .connect("r1_p2", "fc2_p2")
        .connect("fc2_p2", "r2_p2")
        .connect("r2_p2", "aux2", "cat")
        .connect("cat", "fc3")
        .connect("fc3", "r3")
        .connect("r3", "out");
  }

  /**
   * Overwrites every parameter with seeded values unlike any initialiser (including -0, a
   * subnormal, infinities and a NaN with payload), so a test sees whether a file really carries
   * them.
   */
  static void scramble(Network net, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] specials = {
      -0f,
      Float.MIN_VALUE,
      Float.MAX_VALUE,
      Float.NEGATIVE_INFINITY,
      Float.intBitsToFloat(0x7fc00123)
    };
    int k = 0;
    for (Parameter p : net.parameters().values()) {
      float[] d = p.value().data();
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) (rng.nextDouble() * 4 - 2);
      }
      if (k < specials.length) {
        d[0] = specials[k++];
      }
    }
  }

  /** A {@code [rows, cols]} tensor of U(-1, 1) values. */
  static Tensor uniform(long seed, int rows, int cols) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] d = new float[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return Tensor.of(d, rows, cols);
  }

  /** Asserts same schedule, same parameter names and shapes, and bitwise-equal values. */
  static void assertSameNetwork(Network expected, Network actual) {
    assertEquals(expected.forwardSchedule(), actual.forwardSchedule());
    assertEquals(
        List.copyOf(expected.parameters().keySet()), List.copyOf(actual.parameters().keySet()));
    for (Map.Entry<String, Parameter> e : expected.parameters().entrySet()) {
      float[] want = e.getValue().value().data();
      float[] got = actual.parameters().get(e.getKey()).value().data();
      assertEquals(want.length, got.length, e.getKey());
      for (int i = 0; i < want.length; i++) {
        if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
          throw new AssertionError(
              e.getKey() + "[" + i + "]: expected bits of " + want[i] + " but got " + got[i]);
        }
      }
    }
  }

  /** Asserts that a message contains every fragment. */
  static void assertMentions(Throwable e, String... fragments) {
    for (String f : fragments) {
      assertTrue(
          e.getMessage().contains(f), () -> "message lacks \"" + f + "\": " + e.getMessage());
    }
  }

  /** Asserts the nodes a GraphException names. */
  static void assertNodes(GraphException e, String... nodes) {
    assertEquals(List.of(nodes), e.nodes(), e.getMessage());
  }

  /**
   * Builds safetensors bytes by hand: the 8-byte length (of the header padded with spaces to a
   * multiple of 8), the header, then {@code dataBytes} bytes of data (0, 1, 2, ...).
   */
  static byte[] safetensors(String header, int dataBytes) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    int n = (json.length + 7) & ~7;
    ByteBuffer b = ByteBuffer.allocate(8 + n + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(n).put(json);
    while (b.position() < 8 + n) {
      b.put((byte) ' ');
    }
    for (int i = 0; i < dataBytes; i++) {
      b.put((byte) i);
    }
    return b.array();
  }

  /** Builds bytes with an arbitrary 8-byte length prefix followed by {@code rest}. */
  static byte[] withLength(long n, byte[] rest) {
    return ByteBuffer.allocate(8 + rest.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(n)
        .put(rest)
        .array();
  }

  /** Returns the bytes SafeTensors.write produces. */
  static byte[] written(Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SafeTensors.write(tensors, metadata, out);
    return out.toByteArray();
  }

  /** A stream that passes the first {@code failAt} bytes through, then fails like a full disk. */
  static final class FailingOutputStream extends FilterOutputStream {
    private final long failAt;
    private long written;

    FailingOutputStream(OutputStream out, long failAt) {
      super(out);
      this.failAt = failAt;
    }

    @Override
    public void write(int b) throws IOException {
      if (written >= failAt) {
        throw new IOException("injected failure at byte " + written + " (No space left on device)");
      }
      out.write(b);
      written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int pass = (int) Math.max(0, Math.min(len, failAt - written));
      out.write(b, off, pass);
      written += pass;
      if (pass < len) {
        throw new IOException("injected failure at byte " + written + " (No space left on device)");
      }
    }
  }
}
