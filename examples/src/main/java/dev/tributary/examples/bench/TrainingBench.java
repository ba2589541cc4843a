package dev.tributary.examples.bench;

import dev.tributary.core.AllocationMeter;
import dev.tributary.core.Kernels;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.loss.Loss;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.EpochRecord;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The training section of {@code tributary bench}: time per epoch of whole training runs through
 * {@link Trainer} and {@link Network} on the reports' networks (W1, W2) and a wide one (W3), next
 * to a numpy implementation of the same workloads (forward, hand-written backward, update), the
 * bytes allocated per steady-state step, and how the time grows with samples and with depth.
 */
public final class TrainingBench implements BenchSection {
  /** W1 and W2 targets, ms per epoch of 1000 samples. */
  private static final double SGD_TARGET_MS = 0.3;

  private static final double ADAM_TARGET_MS = 0.35;

  /** Ours must be at least this many times faster than numpy on W1 and W2. */
  private static final double SMALL_SPEEDUP_TARGET = 2.5;

  /** W3: at least this fraction of numpy's samples per second. */
  private static final double WIDE_RATIO_TARGET = 0.9;

  /** A workload: how to build it, its data, and the numpy script's name for it. */
  record Workload(
      String name,
      String description,
      String numpyName,
      Function<Long, Network> network,
      Loss loss,
      boolean adam,
      float lr,
      Dataset data,
      int batch) {}

  @Override
  public String title() {
    return "Training: time per epoch through Trainer and Network";
  }

  /** W1 and W2 (products below the parallel threshold) run on one thread, numpy on one too. */
  static final int SMALL_THREADS = 1;

  /** W3 runs on this many threads on both sides: ours pinned, numpy's OpenBLAS pinned. */
  static final int WIDE_THREADS = 2;

  @Override
  public boolean run(BenchOptions options) {
    PrintStream out = options.out();
    boolean met = true;
    int epochs = options.quick() ? 10 : 60;
    int rounds = options.quick() ? 3 : 7;
    int savedThreads = Kernels.threads();
    try {
      out.printf(
          "Median over %d rounds of %d epochs after 2 s of warm-up; numpy runs the same"
              + " workload on the same number of samples right after ours (W3: alternating runs of"
              + " each; the speed-up is the median of the pairs' ratios). Speed-ups are ratios of"
              + " samples per second.%n%n",
          rounds, epochs);
      Kernels.setThreads(SMALL_THREADS);
      String numpyThreads = "n/a";
      out.printf(
          "%-6s %-58s %12s %12s %8s%n", "", "workload", "ours ms/ep", "numpy ms/ep", "speed-up");
      for (Workload w : smallWorkloads()) {
        double ours = msPerEpoch(w, epochs, rounds);
        NumpyTraining.Run numpy =
            NumpyTraining.run(w.numpyName(), epochs, rounds, SMALL_THREADS, 0, options);
        numpyThreads = numpy.missing() ? numpyThreads : numpy.threads();
        double speedUp = Ratios.speedUp(w.data().size(), ours, numpy.samples(), numpy.msPerEpoch());
        out.printf(
            "%-6s %-58s %12.3f %12s %8s%n",
            w.name(),
            w.description(),
            ours,
            numpy.missing() ? "n/a" : String.format("%.3f", numpy.msPerEpoch()),
            numpy.missing() ? "" : String.format("%.1f×", speedUp));
        double target = w.adam() ? ADAM_TARGET_MS : SGD_TARGET_MS;
        met &= check(out, w.name() + " ≤ " + target + " ms per epoch", ours <= target);
        if (!numpy.missing()) {
          met &=
              check(
                  out,
                  w.name() + " ≥ " + SMALL_SPEEDUP_TARGET + "× numpy",
                  speedUp >= SMALL_SPEEDUP_TARGET);
        }
      }
      out.printf(
          "       threads: ours %d (Kernels.threads()), numpy's OpenBLAS %s%n",
          Kernels.threads(), numpyThreads);
      met &= wide(out, options);
      out.println();
      Kernels.setThreads(SMALL_THREADS);
      met &= allocation(out, smallWorkloads().get(0), 20_000, 10_000, options.quick());
      // W2: Tanh, Sum, two branches
      met &= allocation(out, smallWorkloads().get(2), 20_000, 10_000, options.quick());
      Kernels.setThreads(WIDE_THREADS);
      // The wide network's products, update and fill run on the pool's helpers too: counted.
      met &=
          allocation(
              out, wideWorkload(WIDE_BATCHES), 200, options.quick() ? 20 : 100, options.quick());
      Kernels.setThreads(SMALL_THREADS);
      out.println();
      scaling(out, options.quick());
    } finally {
      Kernels.setThreads(savedThreads);
    }
    return met;
  }

  /** W3's samples per epoch, in batches of 256: the same in every mode and on both sides. */
  static final int WIDE_BATCHES = 20;

  /** W3, ours and numpy's alternately on {@link #WIDE_THREADS} threads each. */
  private static boolean wide(PrintStream out, BenchOptions options) {
    Kernels.setThreads(WIDE_THREADS);
    Workload wide = wideWorkload(WIDE_BATCHES);
    int samples = wide.data().size();
    int wideRounds = options.quick() ? 2 : 5;
    // W3 takes seconds per measurement on both sides, long enough for a burst of load from other
    // processes (on a shared host the second core comes and goes) to land on one side only:
    // alternate ours and numpy's, and judge by the median of the pairs' ratios, each pair measured
    // back to back.
    int alternations = options.quick() ? 1 : 5;
    double[] oursRuns = new double[alternations];
    double[] numpyRuns = new double[alternations];
    double[] ratios = new double[alternations];
    int numpySamples = samples;
    String numpyThreads = "n/a";
    for (int i = 0; i < alternations; i++) {
      oursRuns[i] = msPerEpoch(wide, 1, wideRounds);
      NumpyTraining.Run numpy =
          NumpyTraining.run(wide.numpyName(), 1, wideRounds, WIDE_THREADS, WIDE_BATCHES, options);
      numpyRuns[i] = numpy.msPerEpoch();
      numpySamples = numpy.missing() ? samples : numpy.samples();
      numpyThreads = numpy.threads();
      ratios[i] = Ratios.speedUp(samples, oursRuns[i], numpySamples, numpyRuns[i]);
    }
    double oursRate = Ratios.samplesPerSecond(samples, Ratios.median(oursRuns));
    double numpyMs = Ratios.median(numpyRuns);
    double ratio = Ratios.median(ratios);
    out.printf(
        "%-6s %-58s %12.0f %12s %8s   (samples/s)%n",
        wide.name(),
        wide.description(),
        oursRate,
        Double.isNaN(numpyMs)
            ? "n/a"
            : String.format("%.0f", Ratios.samplesPerSecond(numpySamples, numpyMs)),
        Double.isNaN(numpyMs) ? "" : String.format("%.2f×", ratio));
    out.printf(
        "       W3: %d samples per epoch on both sides (ours %d, numpy %s); threads: ours %d"
            + " (Kernels.threads()), numpy's OpenBLAS %s%n",
        samples,
        samples,
        Double.isNaN(numpyMs) ? "n/a" : Integer.toString(numpySamples),
        Kernels.threads(),
        numpyThreads);
    if (Double.isNaN(numpyMs)) {
      return true;
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    out.printf(
        "       speed-up: median of %d back-to-back pairs (range %.2f–%.2f×)%n",
        alternations, sorted[0], sorted[alternations - 1]);
    return check(
        out, "W3 ≥ " + WIDE_RATIO_TARGET + "× numpy samples/s", ratio >= WIDE_RATIO_TARGET);
  }

  private static boolean check(PrintStream out, String target, boolean ok) {
    out.printf("       %s %s%n", ok ? "PASS" : "FAIL", target);
    return ok;
  }

  // ---- workloads --------------------------------------------------------------------------------

  static List<Workload> smallWorkloads() {
    Dataset disc = SyntheticData.disc(1000, 1);
    return List.of(
        new Workload(
            "W1",
            "2-25-25-25-1 ReLU, sigmoid, MSE, SGD, 1000 samples, batch 100",
            "w1-sgd",
            seed -> chain(seed, 2, 25, 25, 25, 1),
            new MSELoss(),
            false,
            0.1f,
            disc,
            100),
        new Workload(
            "W1a",
            "the same with Adam",
            "w1-adam",
            seed -> chain(seed, 2, 25, 25, 25, 1),
            new MSELoss(),
            true,
            0.001f,
            disc,
            100),
        new Workload(
            "W2",
            "converging: 2→25 ReLU + 2→25 Tanh, summed, 25-25-1, SGD",
            "w2-sgd",
            TrainingBench::converging,
            new MSELoss(),
            false,
            0.1f,
            disc,
            100),
        new Workload(
            "W2a",
            "the same with Adam",
            "w2-adam",
            TrainingBench::converging,
            new MSELoss(),
            true,
            0.001f,
            disc,
            100));
  }

  static Workload wideWorkload(int batches) {
    int n = 256 * batches;
    SplittableRandom rng = new SplittableRandom(3);
    float[] x = new float[n * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    float[] y = new float[n * 10];
    for (int i = 0; i < n; i++) {
      y[i * 10 + rng.nextInt(10)] = 1f;
    }
    return new Workload(
        "W3",
        "784-1024-1024-10 ReLU, softmax cross-entropy, SGD, batch 256",
        "w3-sgd",
        seed -> wide(seed),
        new CrossEntropyLoss(),
        false,
        0.01f,
        Dataset.of(Tensor.of(x, n, 784), Tensor.of(y, n, 10)),
        256);
  }

  /** Input → (Linear, ReLU)* → Linear → Sigmoid, for the given widths. */
  static Network chain(long seed, int... widths) {
    Map<String, Operator> ops = new LinkedHashMap<>();
    Map<String, List<String>> next = new LinkedHashMap<>();
    ops.put("x", new Input(widths[0]));
    String previous = "x";
    for (int i = 1; i < widths.length; i++) {
      String fc = "fc" + i;
      ops.put(fc, new Linear(widths[i - 1], widths[i]));
      next.put(previous, List.of(fc));
      String act = (i == widths.length - 1 ? "p" : "a") + i;
      ops.put(act, i == widths.length - 1 ? new Sigmoid() : new ReLU());
      next.put(fc, List.of(act));
      previous = act;
    }
    return Network.of(ops, next, seed);
  }

  static Network converging(long seed) {
    Map<String, Operator> ops = new LinkedHashMap<>();
    ops.put("x", new Input(2));
    ops.put("fc1", new Linear(2, 25));
    ops.put("a1", new ReLU());
    ops.put("fc2", new Linear(2, 25));
    ops.put("a2", new Tanh());
    ops.put("sum", new Sum());
    ops.put("fc3", new Linear(25, 25));
    ops.put("a3", new ReLU());
    ops.put("out", new Linear(25, 1));
    ops.put("p", new Sigmoid());
    Map<String, List<String>> next = new LinkedHashMap<>();
    next.put("x", List.of("fc1", "fc2"));
    next.put("fc1", List.of("a1"));
    next.put("fc2", List.of("a2"));
    next.put("a1", List.of("sum"));
    next.put("a2", List.of("sum"));
    next.put("sum", List.of("fc3"));
    next.put("fc3", List.of("a3"));
    next.put("a3", List.of("out"));
    next.put("out", List.of("p"));
    return Network.of(ops, next, seed);
  }

  static Network wide(long seed) {
    Map<String, Operator> ops = new LinkedHashMap<>();
    ops.put("x", new Input(784));
    ops.put("fc1", new Linear(784, 1024));
    ops.put("a1", new ReLU());
    ops.put("fc2", new Linear(1024, 1024));
    ops.put("a2", new ReLU());
    ops.put("out", new Linear(1024, 10));
    return Network.of(
        ops,
        Map.of(
            "x",
            List.of("fc1"),
            "fc1",
            List.of("a1"),
            "a1",
            List.of("fc2"),
            "fc2",
            List.of("a2"),
            "a2",
            List.of("out")),
        seed);
  }

  private static Trainer trainer(Workload w, Network net, int epochs) {
    Optimizer opt =
        w.adam()
            ? new Adam(net.parameters().values(), w.lr())
            : new SGD(net.parameters().values(), w.lr());
    return Trainer.builder(net, w.loss(), opt).epochs(epochs).batchSize(w.batch()).seed(5).build();
  }

  /** How long each workload trains before it is measured, so the JIT has compiled it. */
  private static final long WARM_UP_NANOS = 2_000_000_000L;

  /** Median of the per-round mean training milliseconds per epoch, after a warm-up. */
  static double msPerEpoch(Workload w, int epochs, int rounds) {
    Network net = w.network().apply(1L);
    Trainer t = trainer(w, net, epochs);
    double[] perRound = new double[rounds];
    long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
    do {
      t.fit(w.data());
    } while (System.nanoTime() < warmUpEnd);
    for (int r = 0; r < rounds; r++) {
      History h = t.fit(w.data());
      double sum = 0;
      for (EpochRecord e : h.epochs()) {
        sum += e.trainMillis();
      }
      perRound[r] = sum / h.size();
    }
    return Timing.median(perRound);
  }

  // ---- allocation and scaling
  // ---------------------------------------------------------------------

  /** Windows measured per allocation check, after the warm-up; every one counts. */
  private static final int ALLOCATION_WINDOWS = 5;

  /**
   * Counts the bytes allocated by {@code steps} steady-state steps in each of {@link
   * #ALLOCATION_WINDOWS} windows, on the calling thread and on the pool's helpers; passes only when
   * the sum over every window and thread is exactly 0.
   */
  private static boolean allocation(
      PrintStream out, Workload w, int warmUp, int steps, boolean quick) {
    Network net = w.network().apply(1L);
    Trainer t = trainer(w, net, 1);
    Dataset batch = w.data().slice(0, w.batch());
    Map<String, Tensor> x = batch.features();
    Map<String, Tensor> y = batch.targets();
    for (int i = 0; i < warmUp; i++) {
      t.step(x, y);
    }
    AllocationMeter meter = AllocationMeter.ofWorkers();
    int windows = quick ? 2 : ALLOCATION_WINDOWS;
    for (int window = 0; window < windows; window++) {
      meter.start();
      for (int i = 0; i < steps; i++) {
        t.step(x, y);
      }
      meter.stop();
    }
    out.printf(
        "Allocation, %s on %d thread%s: %s, %d steps each (%.3f bytes per step)%n",
        w.name(),
        Kernels.threads(),
        Kernels.threads() == 1 ? "" : "s",
        meter.summary(),
        steps,
        (double) meter.total() / ((long) steps * windows));
    return check(out, "0 bytes in every window on every thread", meter.total() == 0);
  }

  private static void scaling(PrintStream out, boolean quick) {
    out.println("Scaling of W1 (SGD, batch 100): time per epoch against samples");
    out.printf("  %9s %12s %16s%n", "samples", "ms/epoch", "µs per sample");
    Workload w1 = smallWorkloads().get(0);
    int[] sizes = quick ? new int[] {1_000, 10_000} : new int[] {1_000, 10_000, 100_000};
    for (int n : sizes) {
      Workload w =
          new Workload(
              w1.name(),
              "",
              "",
              w1.network(),
              w1.loss(),
              false,
              w1.lr(),
              SyntheticData.disc(n, 1),
              w1.batch());
      double ms = msPerEpoch(w, Math.max(2, 20_000 / n), 3);
      out.printf("  %9d %12.3f %16.3f%n", n, ms, 1000 * ms / n);
    }
    out.println("Scaling with depth: a chain of Linear(25, 25)+ReLU pairs, 1000 samples");
    out.printf("  %9s %12s %16s%n", "nodes", "ms/epoch", "µs per node");
    int[] depths = quick ? new int[] {4, 16} : new int[] {4, 8, 16, 32, 64};
    for (int nodes : depths) {
      int layers = nodes / 2;
      int[] widths = new int[layers + 1];
      widths[0] = 2;
      Arrays.fill(widths, 1, layers, 25);
      widths[layers] = 1;
      Workload w =
          new Workload(
              "chain",
              "",
              "",
              seed -> chain(seed, widths),
              new MSELoss(),
              false,
              0.01f,
              SyntheticData.disc(1000, 1),
              100);
      double ms = msPerEpoch(w, 20, 3);
      out.printf("  %9d %12.3f %16.3f%n", 2 * layers + 1, ms, 1000 * ms / (2 * layers + 1));
    }
  }
}
