package dev.tributary.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bench's ratio arithmetic: rates per sample, speed-ups of rates, medians, overheads. */
class RatiosTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void samplesPerSecond_1000SamplesIn250Ms_4000() {
    assertEquals(4000, Ratios.samplesPerSecond(1000, 250), TOLERANCE);
  }

  @Test
  void speedUp_sameTimeOnAQuarterOfTheSamples_isAQuarterNotOne() {
    // The old --quick W3 trained 1 280 samples against numpy's 5 120 and divided epoch times.
    assertEquals(0.25, Ratios.speedUp(1280, 1000, 5120, 1000), TOLERANCE);
    assertEquals(1.0, Ratios.speedUp(1280, 250, 5120, 1000), TOLERANCE);
  }

  @Test
  void speedUp_halfTheTimeOnTheSameSamples_two() {
    assertEquals(2.0, Ratios.speedUp(1000, 0.3, 1000, 0.6), TOLERANCE);
  }

  @Test
  void speedUp_referenceMissing_nan() {
    assertTrue(Double.isNaN(Ratios.speedUp(1000, 0.3, 0, Double.NaN)));
  }

  @Test
  void samplesPerSecond_zeroTime_throwsNamingBoth() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ratios.samplesPerSecond(10, 0));
    assertTrue(e.getMessage().contains("10 samples in 0.0 ms"), e.getMessage());
  }

  @Test
  void median_oddAndEvenCounts_middleAndUpperMiddle() {
    assertEquals(0.97, Ratios.median(new double[] {1.35, 0.90, 0.97, 0.95, 1.08}), TOLERANCE);
    assertEquals(3, Ratios.median(new double[] {4, 1, 3, 2}), TOLERANCE);
  }

  @Test
  void median_anyNaN_nan() {
    assertTrue(Double.isNaN(Ratios.median(new double[] {1, Double.NaN, 2})));
  }

  @Test
  void withoutOverhead_loopCostSubtracted_clampedAtZero() {
    assertEquals(2.4e-6, Ratios.withoutOverhead(2.5e-6, 0.1e-6), 1e-18);
    assertEquals(0, Ratios.withoutOverhead(1e-7, 2e-7), TOLERANCE);
    assertThrows(IllegalArgumentException.class, () -> Ratios.withoutOverhead(Double.NaN, 0));
  }

  @Test
  void numpyRun_parse_readsTimeSamplesAndThreads() {
    NumpyTraining.Run run =
        NumpyTraining.Run.parse(
            "{\"workload\": \"w3-sgd\", \"ms_per_epoch\": 310.5, \"samples_per_second\": 16489.0,"
                + " \"samples\": 5120, \"threads\": 2, \"numpy\": \"2.4.6\"}\n");
    assertEquals(310.5, run.msPerEpoch(), TOLERANCE);
    assertEquals(5120, run.samples());
    assertEquals("2", run.threads());
  }

  @Test
  void numpyRun_parse_missingField_namesIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NumpyTraining.Run.parse("{\"ms_per_epoch\": 1.0, \"threads\": 1}"));
    assertTrue(e.getMessage().contains("\"samples\""), e.getMessage());
  }

  @Test
  void wideWorkload_sameSamplesInEveryMode_matchesNumpyBatches() {
    assertEquals(
        256 * TrainingBench.WIDE_BATCHES,
        TrainingBench.wideWorkload(TrainingBench.WIDE_BATCHES).data().size());
  }
}
