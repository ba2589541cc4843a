package dev.tributary.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.tributary.examples.bench.TorchConvNets.Model;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The PyTorch side of {@code ./tributary bench --conv}: trains the bench's two convolutional
 * networks with libtorch (DJL's PyTorch engine, eager autograd, 2 intra-op threads as {@code
 * torch.set_num_threads(2)}) and reports training samples per second.
 *
 * <ul>
 *   <li>{@value #LENET5}: LeNet-5 on 1×28×28 — conv 6@5×5, ReLU, max-pool 2, conv 16@5×5, ReLU,
 *       max-pool 2, flatten (256), linear 120, ReLU, 84, ReLU, 10; cross-entropy; SGD (lr 0.01,
 *       momentum 0.9); batch {@value #LENET5_BATCH}.
 *   <li>{@value #DIGIT_PAIRS}: the digit-pair network on 2×14×14 — each channel through one shared
 *       trunk (conv 32@3×3, ReLU, max-pool 2, conv 64@3×3, ReLU, max-pool 2, flatten (256), linear
 *       128, ReLU, 10), the two 10-logit vectors concatenated into a head (20, 64, ReLU, 2);
 *       cross-entropy on the comparison plus both digits; Adam (lr 5e-3); batch {@value
 *       #DIGIT_PAIRS_BATCH}.
 * </ul>
 *
 * <p>Parameters start as PyTorch's defaults (U(±1/√fan_in)); inputs are standard-normal batches and
 * targets uniform classes, four distinct batches cycled (values do not change the work). A step is
 * forward, loss, backward and the optimizer update, as a PyTorch training loop does it.
 *
 * <p>Compiled only in the {@code torch} Maven profile, which also copies DJL and libtorch to {@code
 * examples/target/torch-lib}. Run alone:
 *
 * <pre>
 * mvn -B -q -Ptorch -pl examples -am package -Dmaven.test.skip=true -Dspotless.check.skip=true
 * java -cp "examples/target/tributary-examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*:examples/target/torch-lib/*" \
 *     dev.tributary.examples.bench.TorchConvReference [--quick] [--threads N]
 * </pre>
 *
 * <p>libtorch loads from the jar ({@code ai.djl.offline} defaults to true here) into {@code
 * examples/target/djl-cache} unless {@code DJL_CACHE_DIR} or {@code ENGINE_CACHE_DIR} says
 * otherwise.
 *
 * <p><b>Wiring into {@code ./tributary bench --conv}.</b> The launcher builds with {@code -Ptorch}
 * and appends {@code examples/target/torch-lib/*} to the class path when the arguments hold {@code
 * --conv} (its build stamp must then remember the profile, or a default build made in between
 * leaves the jar without this class); {@code BenchCommand} calls {@link #samplesPerSecond(String,
 * int, int, long)} through reflection, as {@code Class.forName(
 * "dev.tributary.examples.bench.TorchConvReference").getMethod("samplesPerSecond", String.class,
 * int.class, int.class, long.class)}, and reports "PyTorch reference unavailable" on {@code
 * ClassNotFoundException} or {@code LinkageError} (DJL absent from the class path). On a busy
 * machine libtorch's OpenMP workers spin-wait for a descheduled peer and two threads run ten times
 * slower than one; {@code OMP_WAIT_POLICY=PASSIVE} in the launcher's environment (read when
 * libtorch loads) removes that collapse without changing the work.
 */
public final class TorchConvReference {
  /** The LeNet-5 network's name. */
  public static final String LENET5 = "lenet5";

  /** The digit-pair network's name. */
  public static final String DIGIT_PAIRS = "digit-pairs";

  /** LeNet-5's batch size. */
  public static final int LENET5_BATCH = 64;

  /** The digit-pair network's batch size. */
  public static final int DIGIT_PAIRS_BATCH = 100;

  /** PyTorch threads of the bench: {@code torch.set_num_threads(2)}. */
  public static final int THREADS = 2;

  private static final int DISTINCT_BATCHES = 4;
  private static final long REPETITION_NANOS = 300_000_000L;
  private static final int MIN_WARMUP_STEPS = 5;
  private static final long SEED = 12;

  private TorchConvReference() {}

  /**
   * Trains {@code network} with libtorch on {@code threads} intra-op threads and returns the median
   * training throughput, in samples per second, of {@code repetitions} timed runs of about 0.3 s
   * each, after at least {@code warmupNanos} of warm-up steps.
   *
   * @param network {@value #LENET5} or {@value #DIGIT_PAIRS}
   * @param threads libtorch intra-op threads ({@link #THREADS} for the bench)
   * @param repetitions timed runs (at least 1)
   * @param warmupNanos minimum warm-up time
   * @return the median of the runs' samples per second
   * @throws IllegalArgumentException if the network name is unknown or a count is not positive
   * @throws ai.djl.engine.EngineException if libtorch cannot be loaded
   */
  public static double samplesPerSecond(
      String network, int threads, int repetitions, long warmupNanos) {
    if (threads < 1 || repetitions < 1) {
      throw new IllegalArgumentException(
          "threads and repetitions must be at least 1, got " + threads + " and " + repetitions);
    }
    Engine engine = engine();
    JniUtils.setNumThreads(threads);
    engine.setRandomSeed((int) SEED);
    try (NDManager base = engine.newBaseManager()) {
      Model model = TorchConvNets.model(network, base);
      Random rnd = new Random(SEED);
      NDArray[] inputs = new NDArray[DISTINCT_BATCHES];
      long[][][] labels = new long[DISTINCT_BATCHES][][];
      for (int i = 0; i < DISTINCT_BATCHES; i++) {
        inputs[i] = base.randomNormal(model.inputShape());
        labels[i] = model.labels(rnd);
      }
      int[] next = {0};
      Runnable step =
          () -> {
            int i = next[0]++ % DISTINCT_BATCHES;
            step(engine, base, model, inputs[i], labels[i], false);
          };
      long start = System.nanoTime();
      int warm = 0;
      while (warm < MIN_WARMUP_STEPS || System.nanoTime() - start < warmupNanos) {
        step.run();
        warm++;
      }
      double nanosPerStep = (System.nanoTime() - start) / (double) warm;
      int steps = (int) Math.max(2, Math.round(REPETITION_NANOS / nanosPerStep));
      double[] rates = new double[repetitions];
      for (int r = 0; r < repetitions; r++) {
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
          step.run();
        }
        rates[r] = steps * (double) model.batch() * 1e9 / (System.nanoTime() - t0);
      }
      Arrays.sort(rates);
      return repetitions % 2 == 1
          ? rates[repetitions / 2]
          : (rates[repetitions / 2 - 1] + rates[repetitions / 2]) / 2;
    }
  }

  /**
   * Returns the batch size of {@code network}.
   *
   * @throws IllegalArgumentException if the network name is unknown
   */
  public static int batchSize(String network) {
    return switch (network) {
      case LENET5 -> LENET5_BATCH;
      case DIGIT_PAIRS -> DIGIT_PAIRS_BATCH;
      default -> throw TorchConvNets.unknown(network);
    };
  }

  /**
   * Returns "libtorch X through DJL Y", loading libtorch.
   *
   * @throws ai.djl.engine.EngineException if libtorch cannot be loaded
   */
  public static String version() {
    return "libtorch " + engine().getVersion() + " through DJL " + Engine.getDjlVersion();
  }

  /**
   * Prints both networks' training samples per second: {@code [--quick] [--threads N]}; or, with
   * {@code --check}, the loss of 30 steps on one batch of each.
   *
   * @param args {@code --quick} for 5 runs after 0.2 s of warm-up (default 15 after 2 s), {@code
   *     --threads N} for N libtorch threads (default {@link #THREADS}), {@code --check}
   */
  public static void main(String[] args) {
    boolean quick = false;
    int threads = THREADS;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--check")) {
        for (String network : List.of(LENET5, DIGIT_PAIRS)) {
          float[] curve = lossCurve(network, 30);
          System.out.printf(
              Locale.ROOT,
              "%-12s loss on one batch: %.4f -> %.4f after %d steps%n",
              network,
              curve[0],
              curve[curve.length - 1],
              curve.length - 1);
        }
        return;
      } else if (args[i].equals("--quick")) {
        quick = true;
      } else if (args[i].equals("--threads") && i + 1 < args.length) {
        threads = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: TorchConvReference [--quick] [--threads N] | --check");
        System.exit(2);
      }
    }
    int repetitions = quick ? 5 : 15;
    long warmup = quick ? 200_000_000L : 2_000_000_000L;
    String waitPolicy = System.getenv("OMP_WAIT_POLICY");
    System.out.println(
        version()
            + ", "
            + threads
            + " intra-op threads, OMP_WAIT_POLICY "
            + (waitPolicy == null ? "unset (OpenMP's spinning default)" : waitPolicy));
    for (String network : List.of(LENET5, DIGIT_PAIRS)) {
      double rate = samplesPerSecond(network, threads, repetitions, warmup);
      System.out.printf(
          Locale.ROOT,
          "%-12s batch %3d: %8.0f samples/s (median of %d runs)%n",
          network,
          batchSize(network),
          rate,
          repetitions);
    }
  }

  /**
   * One training step: forward and loss under autograd, backward, update (gradients then zeroed).
   * Returns the loss when {@code readLoss} (a synchronising copy), NaN otherwise.
   */
  private static float step(
      Engine engine,
      NDManager base,
      Model model,
      NDArray input,
      long[][] labels,
      boolean readLoss) {
    try (NDManager step = base.newSubManager()) {
      input.tempAttach(step); // intermediates follow their first operand into this manager
      NDArray[] targets = new NDArray[labels.length];
      for (int i = 0; i < labels.length; i++) {
        targets[i] = step.create(labels[i], new Shape(labels[i].length, 1));
      }
      float loss = Float.NaN;
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray l = model.loss(input, targets);
        if (readLoss) {
          loss = l.getFloat();
        }
        collector.backward(l);
      }
      List<NDArray> params = model.parameters();
      for (int i = 0; i < params.size(); i++) {
        NDArray weight = params.get(i);
        try (NDArray grad = weight.getGradient()) {
          model.optimizer().update("p" + i, weight, grad); // DJL's update zeroes the gradient
        }
      }
      return loss;
    }
  }

  /**
   * Trains {@code network} for {@code steps} steps on one fixed batch and returns the loss before
   * each step: a falling curve shows that gradients, updates and their zeroing work.
   *
   * @throws IllegalArgumentException if the network name is unknown
   */
  public static float[] lossCurve(String network, int steps) {
    Engine engine = engine();
    engine.setRandomSeed((int) SEED);
    try (NDManager base = engine.newBaseManager()) {
      Model model = TorchConvNets.model(network, base);
      NDArray input = base.randomNormal(model.inputShape());
      long[][] labels = model.labels(new Random(SEED));
      float[] losses = new float[steps];
      for (int s = 0; s < steps; s++) {
        losses[s] = step(engine, base, model, input, labels, true);
      }
      return losses;
    }
  }

  /** Loads libtorch once: offline, its native files cached under examples/target/djl-cache. */
  private static Engine engine() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getenv("DJL_CACHE_DIR") == null
        && System.getenv("ENGINE_CACHE_DIR") == null
        && System.getProperty("DJL_CACHE_DIR") == null
        && System.getProperty("ENGINE_CACHE_DIR") == null) {
      System.setProperty("DJL_CACHE_DIR", buildDirectory().resolve("djl-cache").toString());
    }
    return Engine.getEngine("PyTorch");
  }

  /** The folder holding this class's jar or classes folder: examples/target. */
  private static Path buildDirectory() {
    try {
      Path location =
          Path.of(
              TorchConvReference.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.toAbsolutePath().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the examples build folder", e);
    }
  }
}
