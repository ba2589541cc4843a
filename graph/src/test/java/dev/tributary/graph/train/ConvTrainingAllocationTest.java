package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.AllocationMeter;
import dev.tributary.core.Kernels;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Allocation;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.op.BatchNorm2d;
import dev.tributary.graph.op.Conv2d;
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
 * A convolutional network's training step ({@link Trainer#step}: forward, cross-entropy, backward,
 * Adam) allocates nothing after a fixed warm-up, on every thread that does the work, summed over
 * every window ({@link Allocation}'s rule). Runs in the allocation JVM of its own.
 */
class ConvTrainingAllocationTest {
  private static final long SEED = 5;
  private static final int BATCH = 16;
  private static final int CLASSES = 10;

  private static Network lenetLike() {
    return Network.builder()
        .add("x", new Input(1, 12, 12))
        .add("conv", new Conv2d(1, 6, 3, 1, 1))
        .add("bn", new BatchNorm2d(6))
        .add("relu", new ReLU())
        .add("pool", new MaxPool2d(2))
        .add("flat", new Flatten())
        .add("fc", new Linear(6 * 6 * 6, CLASSES))
        .connect("x", "conv")
        .connect("conv", "bn")
        .connect("bn", "relu")
        .connect("relu", "pool")
        .connect("pool", "flat")
        .connect("flat", "fc")
        .build(SEED);
  }

  @Tag("allocation")
  @Test
  void step_convNetworkSteadyState_allocatesNothingOnEveryThread() {
    int saved = Kernels.threads();
    try {
      Kernels.setThreads(2);
      Network net = lenetLike();
      SplittableRandom rng = new SplittableRandom(SEED);
      float[] x = new float[BATCH * 144];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextDouble();
      }
      float[] y = new float[BATCH * CLASSES];
      for (int b = 0; b < BATCH; b++) {
        y[b * CLASSES + rng.nextInt(CLASSES)] = 1f;
      }
      Batch batch =
          Dataset.of(Tensor.of(x, BATCH, 1, 12, 12), Tensor.of(y, BATCH, CLASSES))
              .batches(BATCH)
              .get(0);
      Map<String, Tensor> features = batch.features();
      Map<String, Tensor> targets = batch.targets();
      Trainer t =
          Trainer.builder(net, new CrossEntropyLoss(), new Adam(net.parameters().values(), 1e-3f))
              .build();
      AllocationMeter meter = Allocation.steadyState(() -> t.step(features, targets));
      assertEquals(0, meter.total(), "conv Trainer.step after warm-up: " + meter.summary());
    } finally {
      Kernels.setThreads(saved);
    }
  }
}
