package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.io.SafeTensors;
import dev.tributary.graph.op.BatchNorm2d;
import dev.tributary.graph.op.Conv2d;
import dev.tributary.graph.op.Dropout;
import dev.tributary.graph.op.Flatten;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.MaxPool2d;
import dev.tributary.graph.op.ReLU;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shape-aware networks: shape inference and its messages, the describe table, graph and model files
 * with the image operators and buffers, modes, and the single-thread guard.
 */
class ImageNetworkTest {
  private static final long SEED = 4;

  /** conv 1→4 3×3 on 1×10×10, batch norm, ReLU, max-pool 2, dropout, flatten, linear 64→3. */
  static NetworkBuilder convNet(int linearIn) {
    return Network.builder()
        .add("x", new Input(1, 10, 10))
        .add("conv", new Conv2d(1, 4, 3))
        .add("bn", new BatchNorm2d(4))
        .add("relu", new ReLU())
        .add("pool", new MaxPool2d(2))
        .add("drop", new Dropout(0.25f))
        .add("flat", new Flatten())
        .add("fc", new Linear(linearIn, 3))
        .connect("x", "conv")
        .connect("conv", "bn")
        .connect("bn", "relu")
        .connect("relu", "pool")
        .connect("pool", "drop")
        .connect("drop", "flat")
        .connect("flat", "fc");
  }

  private static Tensor images(long seed, int batch) {
    Tensor t = Tensor.zeros(batch, 1, 10, 10);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) rng.nextDouble();
    }
    return t;
  }

  @Test
  void shape_convolutionalNetwork_isInferredForEveryNode() {
    Network net = convNet(64).build(SEED);
    assertEquals(Shape.of(4, 8, 8), net.shape("conv"));
    assertEquals(Shape.of(4, 4, 4), net.shape("pool"));
    assertEquals(Shape.of(64), net.shape("flat"));
    assertEquals(Shape.of(3), net.shape("fc"));
    String table = net.describe();
    assertTrue(table.contains("[B, 4, 8, 8]"), table);
    assertTrue(table.contains("Conv2d 1→4 3×3"), table);
    assertTrue(net.toDot().contains("[B, 4, 4, 4]"), net.toDot());
  }

  @Test
  void of_linearFedAnImage_saysInsertAFlatten() {
    GraphException e =
        assertThrows(
            GraphException.class,
            () ->
                Network.builder()
                    .add("x", new Input(32, 4, 4))
                    .add("fc", new Linear(128, 10))
                    .connect("x", "fc")
                    .build(SEED));
    assertTrue(
        e.getMessage().contains("expects 128 inputs but `x` gives 32×4×4 = 512"), e.getMessage());
    assertTrue(e.getMessage().contains("insert a Flatten"), e.getMessage());
    assertEquals(List.of("fc", "x"), e.nodes());
  }

  @Test
  void of_flattenedWidthMismatch_namesBothShapes() {
    GraphException e = assertThrows(GraphException.class, () -> convNet(60).build(SEED));
    assertTrue(
        e.getMessage().contains("`fc`") && e.getMessage().contains("64 features"), e.getMessage());
  }

  @Test
  void of_convWrongChannels_namesPredecessorAndFix() {
    GraphException e =
        assertThrows(
            GraphException.class,
            () ->
                Network.builder()
                    .add("x", new Input(3, 8, 8))
                    .add("c", new Conv2d(1, 2, 3))
                    .connect("x", "c")
                    .build(SEED));
    assertTrue(
        e.getMessage().contains("expects 1 input channels but `x` gives [3, 8, 8]"),
        e.getMessage());
  }

  @Test
  void of_kernelLargerThanImage_isRejected() {
    GraphException e =
        assertThrows(
            GraphException.class,
            () ->
                Network.builder()
                    .add("x", new Input(1, 4, 4))
                    .add("p", new MaxPool2d(5))
                    .connect("x", "p")
                    .build(SEED));
    assertTrue(e.getMessage().contains("5×5 window"), e.getMessage());
  }

  @Test
  void graphSpec_imageOperators_roundTripBitwise() {
    Network net = convNet(64).build(SEED);
    String json = GraphSpec.of(net).toJson();
    assertTrue(json.contains("{\"type\": \"Input\", \"shape\": [1, 10, 10]}"), json);
    assertTrue(json.contains("{\"type\": \"Dropout\", \"p\": 0.25}"), json);
    Network back = GraphSpec.parse(json).build(SEED);
    assertEquals(net.forwardSchedule(), back.forwardSchedule());
    for (String name : net.parameters().keySet()) {
      assertEquals(net.parameters().get(name).value(), back.parameters().get(name).value(), name);
    }
    assertEquals(json, GraphSpec.of(back).toJson());
  }

  @Test
  void modelFile_buffers_saveAndLoadUnderPyTorchNames(@TempDir Path dir) throws Exception {
    Network net = convNet(64).build(SEED);
    for (int step = 0; step < 3; step++) {
      net.forward(images(step, 5)); // training mode: the running statistics move
    }
    Path file = dir.resolve("conv.safetensors");
    ModelFile.save(net, file);

    SafeTensors.Header header = SafeTensors.readHeader(file);
    assertEquals(
        List.of(
            "conv.weight",
            "conv.bias",
            "bn.weight",
            "bn.bias",
            "fc.weight",
            "fc.bias",
            "bn.running_mean",
            "bn.running_var",
            "bn.num_batches_tracked"),
        header.entries().stream().map(SafeTensors.Entry::name).toList());
    SafeTensors.Entry tracked =
        header.entries().stream()
            .filter(e -> e.name().endsWith("tracked"))
            .findFirst()
            .orElseThrow();
    assertEquals("I64", tracked.dtype());
    assertEquals(0, tracked.shape().length);

    Network back = ModelFile.load(file);
    assertEquals(3f, back.buffers().get("bn.num_batches_tracked").data()[0]);
    for (String name : net.buffers().keySet()) {
      assertEquals(net.buffers().get(name), back.buffers().get(name), name);
    }
    net.setTraining(false);
    back.setTraining(false);
    Tensor x = images(9, 4);
    assertEquals(net.forward(x).copy(), back.forward(x));
  }

  @Test
  void modes_dropoutAndBatchNorm_followTheMode() {
    Network net = convNet(64).build(SEED);
    Tensor x = images(1, 4);
    Tensor a = net.forward(x).copy();
    Tensor b = net.forward(x).copy();
    assertFalse(a.equals(b), "training mode: fresh dropout masks give different outputs");
    net.setTraining(false);
    Tensor c = net.forward(x).copy();
    assertEquals(c, net.forward(x), "evaluation mode is deterministic");
    assertFalse(net.isTraining());
  }

  @Test
  void dropout_sameSeed_sameRunBitwise() {
    Network first = convNet(64).build(SEED);
    Network second = convNet(64).build(SEED);
    for (int step = 0; step < 3; step++) {
      Tensor x = images(step, 3);
      assertEquals(first.forward(x).copy(), second.forward(x).copy(), "step " + step);
    }
  }

  @Test
  void forward_twoThreadsAtOnce_throwsInsteadOfComputingGarbage() throws Exception {
    Network net = convNet(64).build(SEED);
    Tensor big = images(3, 64);
    CountDownLatch inside = new CountDownLatch(1);
    AtomicReference<Throwable> other = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              inside.countDown();
              for (int i = 0; i < 200; i++) {
                try {
                  net.forward(big);
                } catch (IllegalStateException e) {
                  other.set(e);
                  return;
                }
              }
            });
    t.start();
    inside.await();
    IllegalStateException mine = null;
    for (int i = 0; i < 200 && mine == null && other.get() == null; i++) {
      try {
        net.forward(big);
      } catch (IllegalStateException e) {
        mine = e;
      }
    }
    t.join();
    Throwable seen = mine != null ? mine : other.get();
    assertTrue(seen != null, "400 overlapping forwards on two threads never collided");
    assertTrue(seen.getMessage().contains("a Network is single-threaded"), seen.getMessage());
  }

  @Test
  void backward_onAnotherThreadThanForward_throws() throws Exception {
    Network net = convNet(64).build(SEED);
    net.forward(images(1, 2));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                net.backward(Tensor.zeros(2, 3));
              } catch (IllegalStateException e) {
                thrown.set(e);
              }
            });
    t.start();
    t.join();
    assertTrue(
        thrown.get() != null && thrown.get().getMessage().contains("follows a forward on thread"));
  }

  @Test
  void graphFile_missingSection_isNamedBeforeAnythingElse(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.json");
    Files.writeString(file, "{\"operators\": {\"x\": {\"type\": \"Nope\"}}}");
    GraphException e = assertThrows(GraphException.class, () -> GraphSpec.read(file));
    assertTrue(e.getMessage().contains("missing section \"connectivity\""), e.getMessage());
  }
}
