package dev.tributary.graph.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tributary.graph.GraphException;
import dev.tributary.graph.Network;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the two file readers with mutated valid files. The only outcomes allowed are a valid
 * object or the documented exception with a message: {@link GraphException} from {@link
 * GraphSpec#parse}, an {@link IOException} from {@link ModelFile#load}. No other exception, no
 * hang, and no allocation beyond a bound proportional to the file's real size (a header that claims
 * gigabytes must not allocate them).
 *
 * <p>Each try derives its mutations from the jqwik-chosen seed, so a failure prints the seed that
 * reproduces it. The number of tries is jqwik's default ({@code junit-platform.properties}); a
 * longer run is {@code -Djqwik.tries.default=200000}.
 */
public class FileFuzzTest {
  /** A try using more CPU time than this counts as a hang. */
  private static final long HANG_NANOS = 2_000_000_000L;

  /**
   * The calling thread's CPU time: a hang burns CPU, while on a loaded machine a try can wait
   * seconds for a core (the 10⁶-try runs at {@code nice} did) without hanging.
   */
  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** Allocation allowed for loading a model file: a constant plus a multiple of its size. */
  private static final long ALLOCATION_BASE_BYTES = 16L << 20;

  private static final long ALLOCATION_BYTES_PER_FILE_BYTE = 200;

  private static final List<String> GRAPHS = new ArrayList<>();
  private static final List<byte[]> MODELS = new ArrayList<>();
  private static Path folder;

  /**
   * A graph with every image operator, shared convolutions and batch norms (its model file holds
   * buffers, one of them I64).
   */
  public static final String IMAGES =
      """
      {
        "operators": {
          "x": {"type": "Input", "shape": [2, 8, 8]},
          "a": {"type": "Slice", "from": 0, "to": 1},
          "b": {"type": "Slice", "from": 1, "to": 2},
          "ca": {"type": "Conv2d", "in": 1, "out": 3, "kernel": 3, "padding": 1},
          "cb": {"type": "Conv2d", "in": 1, "out": 3, "kernel": 3, "padding": 1, "shares": "ca"},
          "na": {"type": "BatchNorm2d", "channels": 3},
          "nb": {"type": "BatchNorm2d", "channels": 3, "shares": "na"},
          "cat": {"type": "Concat", "order": ["nb", "na"]},
          "act": {"type": "LeakyReLU", "slope": 0.1},
          "mp": {"type": "MaxPool2d", "kernel": 2},
          "ap": {"type": "AvgPool2d", "kernel": 2, "stride": 1},
          "drop": {"type": "Dropout", "p": 0.2},
          "flat": {"type": "Flatten"},
          "fc": {"type": "Linear", "in": 54, "out": 4},
          "bn": {"type": "BatchNorm1d", "features": 4},
          "g": {"type": "GELU"},
          "p": {"type": "Softmax"}
        },
        "connectivity": {
          "x": ["a", "b"], "a": ["ca"], "b": ["cb"], "ca": ["na"], "cb": ["nb"],
          "na": ["cat"], "nb": ["cat"], "cat": ["act"], "act": ["mp"], "mp": ["ap"],
          "ap": ["drop"], "drop": ["flat"], "flat": ["fc"], "fc": ["bn"], "bn": ["g"], "g": ["p"]
        }
      }
      """;

  @BeforeContainer
  static void loadSeeds() throws IOException {
    for (String name : List.of("seed.json", "converging.json", "siamese.json")) {
      GRAPHS.add(Files.readString(IoFixtures.EXAMPLES.resolve(name)));
    }
    GRAPHS.add(IMAGES);
    folder = Files.createTempDirectory("tributary-fuzz");
    for (String json : GRAPHS) {
      Path file = folder.resolve("model.safetensors");
      ModelFile.save(GraphSpec.parse(json).build(3), file);
      MODELS.add(Files.readAllBytes(file));
    }
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    try (var files = Files.list(folder)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(folder);
  }

  @Property(seed = "1123")
  void parse_mutatedGraphFile_givesSpecOrGraphException(@ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    String json = mutateText(GRAPHS.get(rng.nextInt(GRAPHS.size())), rng);
    long start = cpuNanos();
    try {
      GraphSpec spec = GraphSpec.parse(json);
      Network net = spec.build(seed);
      assertNotNull(net.describe());
    } catch (GraphException e) {
      assertMessage(e);
    } catch (RuntimeException e) {
      fail("unexpected " + e + " for input:\n" + json, e);
    }
    assertTrue(cpuNanos() - start < HANG_NANOS, "parse took too long on:\n" + json);
  }

  @Property(seed = "2311")
  void load_mutatedModelFile_givesNetworkOrIOException(@ForAll long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] bytes = mutateBytes(MODELS.get(rng.nextInt(MODELS.size())), rng);
    Path file = folder.resolve("fuzz-" + Thread.currentThread().getId() + ".safetensors");
    Files.write(file, bytes);
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = bean.getCurrentThreadAllocatedBytes();
    long start = cpuNanos();
    try {
      Network net = ModelFile.load(file);
      assertFalse(net.parameters().isEmpty());
    } catch (IOException e) {
      assertMessage(e);
    } catch (RuntimeException | OutOfMemoryError e) {
      fail("unexpected " + e + " for a mutated model file (seed " + seed + ")", e);
    }
    long allocated = bean.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertTrue(cpuNanos() - start < HANG_NANOS, "load took too long, seed " + seed);
    long bound = ALLOCATION_BASE_BYTES + ALLOCATION_BYTES_PER_FILE_BYTE * bytes.length;
    assertTrue(
        allocated <= bound,
        "load allocated "
            + allocated
            + " bytes for a "
            + bytes.length
            + "-byte file, seed "
            + seed);
  }

  private static void assertMessage(Exception e) {
    assertTrue(
        e.getMessage() != null && !e.getMessage().isBlank(), "exception without a message: " + e);
  }

  /** One to four edits: flip, delete, duplicate, insert a JSON token, or truncate. */
  static String mutateText(String text, SplittableRandom rng) {
    String[] tokens = {
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      "\"",
      "null",
      "true",
      "-1",
      "0",
      "1e309",
      "\"Linear\"",
      "\"shares\": \"x\"",
      "\"in\"",
      "\"out\": 0",
      "\"\\u0000\"",
      "\"type\": \"Sum\"",
      "99999999999",
      "\"x\": [\"x\"]",
      "  "
    };
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + rng.nextInt(4);
    for (int k = 0; k < edits && sb.length() > 0; k++) {
      int at = rng.nextInt(sb.length());
      switch (rng.nextInt(5)) {
        case 0 -> sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << rng.nextInt(7))));
        case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + rng.nextInt(12)));
        case 2 -> {
          int end = Math.min(sb.length(), at + 1 + rng.nextInt(40));
          sb.insert(at, sb.substring(at, end));
        }
        case 3 -> sb.insert(at, tokens[rng.nextInt(tokens.length)]);
        default -> sb.setLength(at);
      }
    }
    return sb.toString();
  }

  /**
   * One to three edits: bit flips, byte overwrites, truncation, insertion, or a header length or
   * shape that claims far more data than the file holds.
   */
  static byte[] mutateBytes(byte[] original, SplittableRandom rng) {
    byte[] b = original.clone();
    int edits = 1 + rng.nextInt(3);
    for (int k = 0; k < edits && b.length > 0; k++) {
      switch (rng.nextInt(7)) {
        case 0 -> {
          int bit = rng.nextInt(b.length * 8);
          b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        case 1 -> b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
        case 2 -> b = java.util.Arrays.copyOf(b, rng.nextInt(b.length));
        case 3 -> {
          int at = rng.nextInt(b.length);
          byte[] longer = new byte[b.length + 1 + rng.nextInt(16)];
          System.arraycopy(b, 0, longer, 0, at);
          System.arraycopy(b, at, longer, longer.length - (b.length - at), b.length - at);
          b = longer;
        }
        case 4 -> {
          if (b.length >= 8) {
            long claim = rng.nextBoolean() ? 2_000_000_000L : rng.nextLong();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, claim);
          }
        }
        case 5 -> b = inflateShape(b, rng);
        default -> b = hugeClaim(rng);
      }
    }
    return b;
  }

  /**
   * A well-formed safetensors file whose one tensor claims gigabytes (consistent shape and offsets)
   * while the file holds a few bytes of data.
   */
  private static byte[] hugeClaim(SplittableRandom rng) {
    long rows = 1L << (10 + rng.nextInt(8));
    long cols = 1L << (10 + rng.nextInt(8));
    String header =
        String.format(
            "{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[%d,%d],\"data_offsets\":[0,%d]}}",
            rows, cols, rows * cols * 4);
    while (header.length() % 8 != 0) {
      header += " ";
    }
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 64).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(h.length).put(h);
    return buf.array();
  }

  /** Rewrites the first shape in the header to a huge one, keeping the header's length. */
  private static byte[] inflateShape(byte[] b, SplittableRandom rng) {
    String text = new String(b, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"shape\":[");
    if (at < 0) {
      return b;
    }
    int open = at + "\"shape\":[".length();
    int close = text.indexOf(']', open);
    if (close < 0) {
      return b; // an earlier edit cut the header short
    }
    String huge = rng.nextBoolean() ? "500000000" : "65536,65536";
    String replaced = text.substring(0, open) + huge + text.substring(close);
    return replaced.getBytes(StandardCharsets.ISO_8859_1);
  }
}
