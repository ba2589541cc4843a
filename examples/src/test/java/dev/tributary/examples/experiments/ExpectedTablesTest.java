package dev.tributary.examples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.train.History;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reruns every experiment table at a small size and compares its figures (every accuracy, error
 * rate and confusion count; no times) with the stored expectation {@code
 * src/test/resources/experiments/expected-small.txt}. The docs' tables come from the same code at
 * full size, so a change that moves these figures moves those too: regenerate both (run with {@code
 * -Dtributary.updateExpectations=true} to rewrite the file, then rerun the full commands in {@code
 * docs/training.md}).
 */
class ExpectedTablesTest {
  private static final Path EXPECTED = Path.of("src/test/resources/experiments/expected-small.txt");
  private static final long SEED = Experiments.FIRST_HELD_OUT_SEED;
  private static final int ROUNDS = 2;

  /** Each table at this size: a few epochs, enough to move every figure away from chance. */
  private static final int EPOCHS_000 = 20;

  private static final int TRAIN_POINTS_000 = 1000;
  private static final int EPOCHS_001 = 30;
  private static final double EPOCHS_SCALE_002 = 0.01;
  private static final int EPOCHS_003 = 3;
  private static final int POINTS_003 = 10_000;
  private static final int EPOCHS_004 = 5;
  private static final int PAIRS_SIAMESE = 200;
  private static final int EPOCHS_SIAMESE = 40;

  @TempDir Path temp;

  @Test
  void everyTable_smallSize_matchesStoredExpectation() throws IOException {
    String actual = figures(temp);
    if (Boolean.getBoolean("tributary.updateExpectations")) {
      Files.writeString(EXPECTED, actual, StandardCharsets.UTF_8);
    }
    assertTrue(
        Files.exists(EXPECTED),
        EXPECTED + " is missing: run with -Dtributary.updateExpectations=true to write it");
    assertEquals(Files.readString(EXPECTED, StandardCharsets.UTF_8), actual);
  }

  private static String figures(Path outDir) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder();
    line(b, "seeds %d..%d (report003, report004: seed %d)", SEED, SEED + ROUNDS - 1, SEED);
    for (AdaptiveRateExperiment.Round r :
        AdaptiveRateExperiment.run(EPOCHS_000, ROUNDS, SEED, sink, 0, TRAIN_POINTS_000)) {
      line(
          b,
          "report000 seed %d: test %s train %s",
          r.seed,
          pct(r.test.accuracy()),
          pct(r.train.accuracy()));
    }
    for (LinearVsDeepExperiment.Row r :
        LinearVsDeepExperiment.run(
            EPOCHS_001, LinearVsDeepExperiment.DEFAULT_BATCH, ROUNDS, SEED, sink)) {
      line(b, "report001 %s: test error %s", r.model(), r.testError().percent());
    }
    for (ActivationOptimizerExperiment.Result r :
        ActivationOptimizerExperiment.run(ROUNDS, EPOCHS_SCALE_002, SEED, null, sink)) {
      line(b, "report002 %s: %s", r.cell.label(), r.accuracy.percent());
    }
    Map<String, Map<String, History>> studies =
        TrainingCurvesExperiment.run(EPOCHS_003, POINTS_003, 0.001f, SEED, outDir, sink);
    studies.forEach(
        (study, runs) ->
            runs.forEach(
                (run, h) ->
                    line(
                        b,
                        "report003 %s %s: test error %s",
                        study,
                        run,
                        pct(h.last().validationErrorRate()))));
    List<MseVsMaeExperiment.Row> rows004 =
        MseVsMaeExperiment.run(EPOCHS_004, 0.01f, 10, SEED, sink);
    for (MseVsMaeExperiment.Row r : rows004) {
      line(
          b,
          "report004 %s: %s %s",
          r.loss(),
          pct(r.test().accuracy()),
          r.test().confusion().map(Object::toString).orElse("no confusion"));
    }
    SiameseAuxiliaryExperiment.Result siamese =
        SiameseAuxiliaryExperiment.run(ROUNDS, PAIRS_SIAMESE, EPOCHS_SIAMESE, 1f, SEED, sink);
    line(
        b,
        "siamese: with %s without %s",
        siamese.withAux().percent(),
        siamese.withoutAux().percent());
    return b.toString();
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static String pct(double rate) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * rate);
  }
}
