package dev.tributary.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The conv bench's networks train (positive throughput) and match PyTorch's bench networks. */
class ConvTrainingBenchTest {
  @Test
  void samplesPerSecond_bothNetworks_trainAndArePositive() {
    for (String network : new String[] {ConvTrainingBench.LENET5, ConvTrainingBench.DIGIT_PAIRS}) {
      double rate = ConvTrainingBench.samplesPerSecond(network, 1, 0);
      assertTrue(rate > 0 && Double.isFinite(rate), network + ": " + rate);
    }
  }

  @Test
  void networks_haveThePyTorchReferencesParameterCounts() {
    // LeNet-5: 156 + 2 416 + 30 840 + 10 164 + 850; digit pairs: 320 + 18 496 + 32 896 + 1 290
    // (shared by both trunks) + 1 344 + 130.
    assertEquals(44_426, ConvTrainingBench.lenet5().parameterCount());
    assertEquals(54_476, ConvTrainingBench.digitPairs().parameterCount());
  }

  @Test
  void torchSamplesPerSecond_withoutLibtorchOnTheClassPath_isNaN() {
    assertTrue(
        Double.isNaN(ConvTrainingBench.torchSamplesPerSecond(ConvTrainingBench.LENET5, 1, 0)));
  }
}
