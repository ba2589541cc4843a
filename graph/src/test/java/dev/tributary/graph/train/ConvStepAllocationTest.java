package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.AllocationMeter;
import dev.tributary.core.Kernels;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.op.AvgPool2d;
import dev.tributary.graph.op.BatchNorm2d;
import dev.tributary.graph.op.Conv2d;
import dev.tributary.graph.op.Dropout;
import dev.tributary.graph.op.Flatten;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.MaxPool2d;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.optim.Adam;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Zero bytes per steady-state training step of a whole convolutional network through {@link
 * Trainer} (forward, loss, backward, Adam) on two threads: both convolution paths (a padded
 * stride-1 layer on the direct path, a stride-2 layer through im2col), batch norm, both poolings,
 * dropout, linear layers and cross-entropy. Counted as the honest-figures rule asks: the calling
 * thread and every pool thread by id, every window summed, passing only at exactly zero, after a
 * fixed warm-up in this fork of its own.
 */
class ConvStepAllocationTest {
  /** Steps before measuring: C2 compiles the whole step well before this in a fresh JVM. */
  private static final int WARM_UP_STEPS = 20_000;

  private static final int WINDOWS = 20;
  private static final int STEPS_PER_WINDOW = 50;
  private static final int BATCH = 32;

  private static Network network() {
    return Network.builder()
        .add("x", new Input(1, 16, 16))
        .add("c1", new Conv2d(1, 8, 3, 1, 1))
        .add("bn", new BatchNorm2d(8))
        .add("r1", new ReLU())
        .add("p1", new MaxPool2d(2))
        .add("c2", new Conv2d(8, 16, 3, 2, 0))
        .add("r2", new ReLU())
        .add("p2", new AvgPool2d(3))
        .add("drop", new Dropout(0.25f))
        .add("flat", new Flatten())
        .add("out", new Linear(16, 10))
        .connect("x", "c1")
        .connect("c1", "bn")
        .connect("bn", "r1")
        .connect("r1", "p1")
        .connect("p1", "c2")
        .connect("c2", "r2")
        .connect("r2", "p2")
        .connect("p2", "drop")
        .connect("drop", "flat")
        .connect("flat", "out")
        .build(7);
  }

  @Tag("allocation")
  @Test
  void trainerStep_convolutionalNetworkTwoThreads_allocatesZeroBytesOnEveryThread() {
    int saved = Kernels.threads();
    try {
      Kernels.setThreads(2);
      Network net = network();
      Trainer trainer =
          Trainer.builder(net, new CrossEntropyLoss(), new Adam(net.parameters().values(), 1e-3f))
              .build();
      SplittableRandom rng = new SplittableRandom(11);
      Tensor x = Tensor.zeros(BATCH, 1, 16, 16);
      for (int i = 0; i < x.size(); i++) {
        x.data()[i] = (float) rng.nextDouble();
      }
      Tensor y = Tensor.zeros(BATCH, 1);
      for (int i = 0; i < BATCH; i++) {
        y.data()[i] = rng.nextInt(10);
      }
      Map<String, Tensor> features = Map.of("x", x);
      Map<String, Tensor> targets = Map.of("y", y);
      for (int i = 0; i < WARM_UP_STEPS; i++) {
        trainer.step(features, targets);
      }
      AllocationMeter meter = AllocationMeter.ofWorkers();
      assertTrue(
          Kernels.helperThreadIds().length >= 1,
          "the step should have used the pool's helper thread");
      for (int w = 0; w < WINDOWS; w++) {
        meter.start();
        for (int i = 0; i < STEPS_PER_WINDOW; i++) {
          trainer.step(features, targets);
        }
        meter.stop();
      }
      assertEquals(0, meter.total(), meter.summary());
    } finally {
      Kernels.setThreads(saved);
    }
  }
}
