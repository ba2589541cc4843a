package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Confusion rates, evaluations and the mean ± std summary. */
class MetricsTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void confusion_counts_precisionRecallF1() {
    Confusion c = new Confusion(8, 5, 2, 4);
    assertEquals(0.8, c.precision(), TOLERANCE); // 8 / 10
    assertEquals(8.0 / 12, c.recall(), TOLERANCE);
    assertEquals(2 * 0.8 * (8.0 / 12) / (0.8 + 8.0 / 12), c.f1(), TOLERANCE);
    assertEquals(13.0 / 19, c.accuracy(), TOLERANCE);
  }

  @Test
  void confusion_noPositivePredictions_ratesAreZero() {
    Confusion c = new Confusion(0, 10, 0, 3);
    assertEquals(0, c.precision());
    assertEquals(0, c.f1());
  }

  @Test
  void summary_values_sampleStandardDeviation() {
    Summary s = Summary.of(0.98, 0.99, 1.0, 0.97);
    assertEquals(0.985, s.mean(), TOLERANCE);
    // deviations ±0.005, ±0.015: √((2·0.000025 + 2·0.000225) / 3)
    assertEquals(Math.sqrt(0.0005 / 3), s.std(), TOLERANCE);
    assertEquals("98.50 ± 1.29%", s.percent());
  }

  @Test
  void summary_oneValue_zeroStd() {
    assertEquals(0, Summary.of(0.5).std());
  }

  @Test
  void evaluation_errorsOfDecisions_rates() {
    Evaluation e = new Evaluation(0.1, 3, 200, null);
    assertEquals(0.015, e.errorRate(), TOLERANCE);
    assertEquals(0.985, e.accuracy(), TOLERANCE);
    assertThrows(IllegalArgumentException.class, () -> new Evaluation(0, 5, 4, null));
  }
}
