package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the CSV reader with mutated valid files, as {@code FileFuzzTest} does for the graph
 * and model readers. The only outcomes allowed are a dataset whose tensors have the requested
 * widths and one row per data row, or a {@link CsvFormatException} (an {@link IOException}) with a
 * message; no other exception and no hang. Edits work on bytes, so they also produce invalid UTF-8,
 * byte-order marks and NUL bytes.
 *
 * <p>The normal suite runs jqwik's default number of tries ({@code junit-platform.properties}); the
 * long run, 10⁶ tries: {@code mvn -B -pl graph test -Dtest=CsvFuzzTest
 * -Djqwik.tries.default=1000000}.
 */
class CsvFuzzTest {
  private static final long HANG_NANOS = 2_000_000_000L;

  /**
   * The calling thread's CPU time: a hang burns CPU, while on a loaded machine a try can wait
   * seconds for a core (the 10⁶-try runs at {@code nice} did) without hanging.
   */
  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static final String SEED_FILE =
      "x1,x2,label,note\n0.25,0.5,1,a\n\"0.75\", -1e3 ,0,b\n\n3.5e-2,7,1,\"c\"\n";
  private static Path folder;

  @BeforeContainer
  static void makeFolder() throws IOException {
    folder = Files.createTempDirectory("tributary-csv-fuzz");
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

  @Property(seed = "3571")
  void read_mutatedCsv_givesDatasetOrCsvFormatException(@ForAll long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] bytes = mutate(SEED_FILE.getBytes(StandardCharsets.UTF_8), rng);
    Path file = folder.resolve("fuzz-" + Thread.currentThread().getId() + ".csv");
    Files.write(file, bytes);
    long start = cpuNanos();
    try {
      Dataset d = Dataset.readCsv(file, List.of("x1", "x2"), List.of("label"));
      assertEquals(2, d.features("x").dim(1));
      assertEquals(d.size(), d.targets("y").dim(0));
      assertTrue(d.size() >= 1);
    } catch (CsvFormatException e) {
      assertTrue(
          e.getMessage() != null && e.getMessage().contains(file.getFileName().toString()),
          "message must name the file: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      fail("unexpected " + e + " for a mutated CSV (seed " + seed + ")", e);
    }
    assertTrue(cpuNanos() - start < HANG_NANOS, "read took too long, seed " + seed);
  }

  /** One to four edits: bit flips, byte overwrites, deletions, duplications, CSV tokens. */
  static byte[] mutate(byte[] original, SplittableRandom rng) {
    byte[][] tokens = {
      ",".getBytes(StandardCharsets.UTF_8),
      "\n".getBytes(StandardCharsets.UTF_8),
      "\r\n".getBytes(StandardCharsets.UTF_8),
      "\"".getBytes(StandardCharsets.UTF_8),
      "NaN".getBytes(StandardCharsets.UTF_8),
      "1e39".getBytes(StandardCharsets.UTF_8),
      "\uFEFF".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xC3},
      {0},
      "x1".getBytes(StandardCharsets.UTF_8),
      "label".getBytes(StandardCharsets.UTF_8),
      "0x1p3".getBytes(StandardCharsets.UTF_8),
    };
    byte[] b = original.clone();
    int edits = 1 + rng.nextInt(4);
    for (int k = 0; k < edits && b.length > 0; k++) {
      int at = rng.nextInt(b.length);
      switch (rng.nextInt(5)) {
        case 0 -> b[at] ^= (byte) (1 << rng.nextInt(8));
        case 1 -> b = splice(b, at, Math.min(b.length, at + 1 + rng.nextInt(12)), new byte[0]);
        case 2 -> {
          int end = Math.min(b.length, at + 1 + rng.nextInt(40));
          b = splice(b, at, at, java.util.Arrays.copyOfRange(b, at, end));
        }
        case 3 -> b = splice(b, at, at, tokens[rng.nextInt(tokens.length)]);
        default -> b = java.util.Arrays.copyOf(b, at);
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }
}
