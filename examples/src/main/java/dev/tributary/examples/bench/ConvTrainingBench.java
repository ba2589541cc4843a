package dev.tributary.examples.bench;

import dev.tributary.core.Kernels;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.op.Concat;
import dev.tributary.graph.op.Conv2d;
import dev.tributary.graph.op.Flatten;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.MaxPool2d;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Slice;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.train.Trainer;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ./tributary bench --conv}: training throughput of the two convolutional networks of the
 * images issue, ours against PyTorch (libtorch through DJL, {@code TorchConvReference}) in the same
 * run, with the same networks, batch sizes, optimizers and protocol (random inputs, a warm-up, then
 * the median samples per second of timed runs of about 0.3 s):
 *
 * <ul>
 *   <li>LeNet-5 on 1×28×28 (conv 6@5×5, ReLU, max-pool 2, conv 16@5×5, ReLU, max-pool 2, 120, 84,
 *       10), cross-entropy, SGD 0.01 with momentum 0.9, batch 64;
 *   <li>the digit-pair network: two shared trunks on the channels of 2×14×14 (conv 32@3×3, ReLU,
 *       max-pool 2, conv 64@3×3, ReLU, max-pool 2, 128, 10), a 20-64-2 head on the two digit
 *       logits, cross-entropy on the comparison and on both digits, Adam 5e-3, batch 100.
 * </ul>
 *
 * Both sides use {@value #THREADS} threads. PyTorch is only on the class path when the launcher
 * built the {@code torch} profile; without it the table says so and shows our figures alone.
 */
public final class ConvTrainingBench implements BenchSection {
  /** The LeNet-5 network's name, as {@code TorchConvReference} calls it. */
  public static final String LENET5 = "lenet5";

  /** The digit-pair network's name, as {@code TorchConvReference} calls it. */
  public static final String DIGIT_PAIRS = "digit-pairs";

  /** Threads on both sides. */
  public static final int THREADS = 2;

  private static final long SEED = 12;
  private static final long REPETITION_NANOS = 300_000_000L;
  private static final int DISTINCT_BATCHES = 4;

  /** Creates the section. */
  public ConvTrainingBench() {}

  @Override
  public String title() {
    return "Convolution: training throughput against PyTorch, conv kernels";
  }

  @Override
  public boolean run(BenchOptions options) {
    return run(options.quick(), options.out());
  }

  /** One of the two bench networks with its trainer and batches. */
  private record Setup(
      Trainer trainer,
      List<Map<String, Tensor>> features,
      List<Map<String, Tensor>> targets,
      int batch) {}

  /** LeNet-5, as {@code TorchConvNets}'s. */
  static Network lenet5() {
    return Network.builder()
        .add("x", new Input(1, 28, 28))
        .add("c1", new Conv2d(1, 6, 5))
        .add("r1", new ReLU())
        .add("p1", new MaxPool2d(2))
        .add("c2", new Conv2d(6, 16, 5))
        .add("r2", new ReLU())
        .add("p2", new MaxPool2d(2))
        .add("flat", new Flatten())
        .add("f1", new Linear(256, 120))
        .add("r3", new ReLU())
        .add("f2", new Linear(120, 84))
        .add("r4", new ReLU())
        .add("out", new Linear(84, 10))
        .connect("x", "c1")
        .connect("c1", "r1")
        .connect("r1", "p1")
        .connect("p1", "c2")
        .connect("c2", "r2")
        .connect("r2", "p2")
        .connect("p2", "flat")
        .connect("flat", "f1")
        .connect("f1", "r3")
        .connect("r3", "f2")
        .connect("f2", "r4")
        .connect("r4", "out")
        .build(SEED);
  }

  /** The digit-pair network, as {@code TorchConvNets}'s: two shared trunks and a head. */
  static Network digitPairs() {
    var b = Network.builder().add("x", new Input(2, 14, 14));
    Conv2d c1 = new Conv2d(1, 32, 3);
    Conv2d c2 = new Conv2d(32, 64, 3);
    Linear f1 = new Linear(256, 128);
    Linear f2 = new Linear(128, 10);
    for (String d : new String[] {"a", "b"}) {
      boolean first = d.equals("a");
      b.add(d, new Slice(first ? 0 : 1, first ? 1 : 2))
          .add(d + "c1", first ? c1 : Conv2d.sharing(c1))
          .add(d + "r1", new ReLU())
          .add(d + "p1", new MaxPool2d(2))
          .add(d + "c2", first ? c2 : Conv2d.sharing(c2))
          .add(d + "r2", new ReLU())
          .add(d + "p2", new MaxPool2d(2))
          .add(d + "flat", new Flatten())
          .add(d + "f1", first ? f1 : Linear.sharing(f1))
          .add(d + "r3", new ReLU())
          .add(d + "digit", first ? f2 : Linear.sharing(f2))
          .connect(d, d + "c1")
          .connect(d + "c1", d + "r1")
          .connect(d + "r1", d + "p1")
          .connect(d + "p1", d + "c2")
          .connect(d + "c2", d + "r2")
          .connect(d + "r2", d + "p2")
          .connect(d + "p2", d + "flat")
          .connect(d + "flat", d + "f1")
          .connect(d + "f1", d + "r3")
          .connect(d + "r3", d + "digit")
          .add(d + "out", new Flatten()) // a vector passes through: the digit logits as an output
          .connect(d + "digit", "join", d + "out");
    }
    return b.connect("x", "a", "b")
        .add("join", new Concat("adigit", "bdigit"))
        .add("h1", new Linear(20, 64))
        .add("hr", new ReLU())
        .add("cmp", new Linear(64, 2))
        .connect("join", "h1")
        .connect("h1", "hr")
        .connect("hr", "cmp")
        .build(SEED);
  }

  @SuppressWarnings("unchecked")
  private static Setup setup(String network) {
    boolean lenet = network.equals(LENET5);
    Network net = lenet ? lenet5() : digitPairs();
    int batch = lenet ? 64 : 100;
    Optimizer opt =
        lenet
            ? new SGD(net.parameters().values(), 0.01f).momentum(0.9f)
            : new Adam(net.parameters().values(), 5e-3f);
    MultiLoss loss =
        lenet
            ? MultiLoss.of(LossTerm.of("out", new CrossEntropyLoss(), "y"))
            : MultiLoss.of(
                LossTerm.of("cmp", new CrossEntropyLoss(), "le"),
                LossTerm.of("aout", new CrossEntropyLoss(), "da"),
                LossTerm.of("bout", new CrossEntropyLoss(), "db"));
    Trainer trainer = Trainer.builder(net, loss, opt).build();
    SplittableRandom rng = new SplittableRandom(SEED);
    List<Map<String, Tensor>> features = new ArrayList<>(DISTINCT_BATCHES);
    List<Map<String, Tensor>> targets = new ArrayList<>(DISTINCT_BATCHES);
    for (int i = 0; i < DISTINCT_BATCHES; i++) {
      Tensor x = lenet ? Tensor.zeros(batch, 1, 28, 28) : Tensor.zeros(batch, 2, 14, 14);
      float[] d = x.data();
      for (int j = 0; j < d.length; j++) {
        d[j] = (float) gaussian(rng);
      }
      features.add(Map.of("x", x));
      Tensor a = classes(rng, batch);
      if (lenet) {
        targets.add(Map.of("y", a));
      } else {
        Tensor b = classes(rng, batch);
        Tensor le = Tensor.zeros(batch);
        for (int j = 0; j < batch; j++) {
          le.data()[j] = a.data()[j] <= b.data()[j] ? 1 : 0;
        }
        targets.add(Map.of("le", le, "da", a, "db", b));
      }
    }
    return new Setup(trainer, List.copyOf(features), List.copyOf(targets), batch);
  }

  private static double gaussian(SplittableRandom rng) {
    double u = Math.max(rng.nextDouble(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  private static Tensor classes(SplittableRandom rng, int n) {
    Tensor t = Tensor.zeros(n);
    for (int i = 0; i < n; i++) {
      t.data()[i] = rng.nextInt(10);
    }
    return t;
  }

  /**
   * Trains {@code network} ({@link #LENET5} or {@link #DIGIT_PAIRS}) with our engine and returns
   * the median samples per second of {@code repetitions} timed runs after at least {@code
   * warmupNanos} of warm-up.
   *
   * @throws IllegalArgumentException if the name is unknown or a count is not positive
   */
  public static double samplesPerSecond(String network, int repetitions, long warmupNanos) {
    if (!network.equals(LENET5) && !network.equals(DIGIT_PAIRS)) {
      throw new IllegalArgumentException("unknown network " + network);
    }
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetitions must be at least 1, got " + repetitions);
    }
    Setup s = setup(network);
    int[] next = {0};
    Runnable step =
        () -> {
          int i = next[0]++ % DISTINCT_BATCHES;
          s.trainer().step(s.features().get(i), s.targets().get(i));
        };
    long start = System.nanoTime();
    int warm = 0;
    while (warm < 5 || System.nanoTime() - start < warmupNanos) {
      step.run();
      warm++;
    }
    double nanosPerStep = (System.nanoTime() - start) / (double) warm;
    int steps = (int) Math.max(2, Math.round(REPETITION_NANOS / nanosPerStep));
    double[] rates = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      long t0 = System.nanoTime();
      for (int k = 0; k < steps; k++) {
        step.run();
      }
      rates[r] = steps * (double) s.batch() * 1e9 / (System.nanoTime() - t0);
    }
    return Timing.median(rates);
  }

  /**
   * Returns PyTorch's samples per second for the same network, or NaN when libtorch is not on the
   * class path (the launcher adds it for {@code bench --conv}).
   */
  static double torchSamplesPerSecond(String network, int repetitions, long warmupNanos) {
    try {
      Class<?> c = Class.forName("dev.tributary.examples.bench.TorchConvReference");
      Method m = c.getMethod("samplesPerSecond", String.class, int.class, int.class, long.class);
      return (double) m.invoke(null, network, THREADS, repetitions, warmupNanos);
    } catch (ReflectiveOperationException | LinkageError e) {
      return Double.NaN;
    }
  }

  /**
   * Runs the section: both networks, both sides, then the convolution kernels' GFLOP/s.
   *
   * @return whether every ratio met its target (true when PyTorch is unavailable: nothing checked)
   */
  public static boolean run(boolean quick, PrintStream out) {
    boolean met = true;
    int saved = Kernels.threads();
    Kernels.setThreads(THREADS);
    try {
      int reps = quick ? 3 : 9;
      long warm = quick ? 1_000_000_000L : 3_000_000_000L;
      out.printf(
          "%nConvolutional training, samples/s (median of %d runs of ~0.3 s; %d threads both"
              + " sides; OMP_WAIT_POLICY=%s)%n",
          reps, THREADS, System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));
      out.printf(
          "%-12s %6s %12s %12s %8s %8s%n",
          "network", "batch", "ours", "PyTorch", "ratio", "target");
      for (String network : new String[] {LENET5, DIGIT_PAIRS}) {
        double ours = samplesPerSecond(network, reps, warm);
        double torch = torchSamplesPerSecond(network, reps, warm);
        double target = network.equals(LENET5) ? 1.5 : 2.0;
        out.printf(
            "%-12s %6d %12.0f %12s %8s %8s%n",
            network,
            network.equals(LENET5) ? 64 : 100,
            ours,
            Double.isNaN(torch) ? "unavailable" : String.format("%.0f", torch),
            Double.isNaN(torch) ? "-" : String.format("%.2f×", ours / torch),
            String.format("≥ %.1f×", target));
        met &= Double.isNaN(torch) || ours / torch >= target;
      }
      out.println();
      out.print(ConvKernelBench.run(quick ? 3 : 9, THREADS));
      return met;
    } finally {
      Kernels.setThreads(saved);
    }
  }

  /** Runs the section from the command line: {@code [--quick]}. */
  public static void main(String[] args) {
    run(Arrays.asList(args).contains("--quick"), System.out);
  }
}
