package dev.tributary.examples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shortened seed experiments with fixed seeds: fewer epochs and rounds than the full runs, with the
 * thresholds those shortened runs reach (the full runs' figures are in {@code docs/training.md}).
 */
class ExperimentsTest {
  private static final long SEED = Experiments.FIRST_HELD_OUT_SEED;

  /**
   * Report 000 in 200 of its 2000 epochs on its default training set (seed 1 measured 98.50%; at lr
   * near 0.2 the early epochs swing between 97.8% and 99.4%); the full run's figures are in the
   * docs.
   */
  private static final int SHORT_000_EPOCHS = 200;

  private static final double SHORT_000_ACCURACY = 0.98;

  /** Report 001 in 300 of its 1000 epochs already meets the full thresholds. */
  private static final int SHORT_001_EPOCHS = 300;

  private static final double SHORT_001_DISC_ERROR = 0.02;

  /** Report 002's cells at a quarter of their epochs, two rounds (Tanh (Adam) runs AdamW). */
  private static final double SHORT_002_SCALE = 0.25;

  private static final double SHORT_002_ACCURACY = 0.98;

  private static PrintStream sink(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  @Test
  void report000_shortRun_reachesThreshold() {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    List<AdaptiveRateExperiment.Round> rounds =
        AdaptiveRateExperiment.run(SHORT_000_EPOCHS, 1, SEED, sink(text), 0);
    double accuracy = rounds.get(0).test.accuracy();
    assertTrue(accuracy >= SHORT_000_ACCURACY, "test accuracy " + accuracy + "\n" + text);
    String printed = text.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("test accuracy"));
    assertTrue(
        printed.contains(
            AdaptiveRateExperiment.DEFAULT_TRAIN_POINTS + " training / 1000 test points"),
        printed);
  }

  @Test
  void report001_linearAndNonlinearModels_belowErrorThresholds() {
    List<LinearVsDeepExperiment.Row> rows =
        LinearVsDeepExperiment.run(
            SHORT_001_EPOCHS,
            LinearVsDeepExperiment.DEFAULT_BATCH,
            2,
            SEED,
            sink(new ByteArrayOutputStream()));
    assertEquals(4, rows.size());
    assertEquals(2, rows.get(0).testError().count());
    assertTrue(rows.get(0).testError().max() <= 0.015, "linear model on the linear set");
    assertTrue(rows.get(1).testError().min() >= 0.05, "a linear model cannot separate the disc");
    assertTrue(rows.get(2).testError().max() <= SHORT_001_DISC_ERROR, "converging graph");
    assertTrue(rows.get(3).testError().max() <= SHORT_001_DISC_ERROR, "3x25 network");
  }

  @Test
  void report002_shortRunOfThreeCells_reachThresholds() {
    for (String only : new String[] {"ReLU (Adam)", "Sigmoid (Adam)", "Tanh (Adam)"}) {
      List<ActivationOptimizerExperiment.Result> results =
          ActivationOptimizerExperiment.run(
              2, SHORT_002_SCALE, SEED, only, sink(new ByteArrayOutputStream()));
      assertEquals(1, results.size());
      assertTrue(
          results.get(0).accuracy.mean() >= SHORT_002_ACCURACY,
          only + ": " + results.get(0).accuracy.percent());
    }
  }
}
