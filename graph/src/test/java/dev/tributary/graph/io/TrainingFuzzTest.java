package dev.tributary.graph.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tributary.graph.GraphException;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Fuzzing of the graph file's {@code training} section: mutations land inside the section of a
 * graph that uses every key, so most tries reach {@link TrainingReader} rather than failing on the
 * operators. The only outcomes allowed are a spec that writes back to itself ({@code
 * parse(spec.toJson())} equals it) or a {@link GraphException} with a message; no other exception
 * and no hang. The number of tries is jqwik's default; the long run is {@code mvn -B -pl graph test
 * -Dtest=TrainingFuzzTest -Djqwik.tries.default=1000000} (see {@code docs/reliability.md}).
 */
class TrainingFuzzTest {
  /** A try using more CPU time than this counts as a hang. */
  private static final long HANG_NANOS = 2_000_000_000L;

  /**
   * The calling thread's CPU time: a hang burns CPU, while on a loaded machine a try can wait
   * seconds for a core (the 10⁶-try runs at {@code nice} did) without hanging.
   */
  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static final String HEAD =
      "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 2},"
          + " \"out\": {\"type\": \"Linear\", \"in\": 2, \"out\": 1},"
          + " \"aux\": {\"type\": \"Linear\", \"in\": 2, \"out\": 3}},"
          + " \"connectivity\": {\"x\": [\"out\", \"aux\"]},\n \"training\": ";

  private static final String TRAINING =
      "{\"outputs\": {\"out\": {\"loss\": \"bce-logits\", \"weight\": 1},"
          + " \"aux\": {\"loss\": \"cross-entropy\", \"target\": \"label\", \"weight\": 0.5}},"
          + " \"optimizer\": {\"name\": \"adamw\", \"lr\": 0.003, \"betas\": [0.9, 0.999],"
          + " \"weight_decay\": 0.01}, \"schedule\": \"step:10:0.5\", \"epochs\": 25,"
          + " \"batch\": 100}";

  private static final String[] TOKENS = {
    "\"momentum\": 0.9, ",
    "\"name\": \"sgd\", ",
    "\"lr\": -1, ",
    "\"epochs\": 2147483648, ",
    "\"batch\": 1.5, ",
    "\"schedule\": \"plateau:3:1\", ",
    "\"weight\": 1e39, ",
    "\"target\": \"\", ",
    "\"loss\": \"mse\", ",
    "\"betas\": [1, 0], ",
    "\"outputs\": {}, ",
    "\"x\": {\"loss\": \"mae\"}, "
  };

  @Property(seed = "3141")
  void parse_mutatedTrainingSection_specThatRoundTripsOrGraphException(@ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    String training = TRAINING;
    if (rng.nextBoolean()) {
      StringBuilder sb = new StringBuilder(training);
      sb.insert(1 + rng.nextInt(sb.length() - 1), TOKENS[rng.nextInt(TOKENS.length)]);
      training = sb.toString();
    }
    String json = HEAD + FileFuzzTest.mutateText(training, rng) + "}";
    long start = cpuNanos();
    try {
      GraphSpec spec = GraphSpec.parse(json);
      assertEquals(spec, GraphSpec.parse(spec.toJson()), "round trip of:\n" + json);
    } catch (GraphException e) {
      assertTrue(
          e.getMessage() != null && !e.getMessage().isBlank(), "exception without a message: " + e);
    } catch (RuntimeException e) {
      fail("unexpected " + e + " for input:\n" + json, e);
    }
    assertTrue(cpuNanos() - start < HANG_NANOS, "parse took too long on:\n" + json);
  }
}
