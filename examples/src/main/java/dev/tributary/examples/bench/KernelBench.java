package dev.tributary.examples.bench;

import dev.tributary.core.KernelPath;
import dev.tributary.core.Kernels;
import dev.tributary.core.Layout;
import dev.tributary.core.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The kernel section of {@code tributary bench}: matrix-product speed on both kernel paths, per
 * layout and size, against numpy's {@code matmul} run in the same command, and the targets
 * checked as PASS/FAIL lines.
 *
 * <p>Sizes: {@code m=256 n=1024 k=784} in each layout on one thread (an MNIST-sized layer); {@code
 * 1024³} on one and two threads; and the tiny products of the seed networks (batch 100, 25 hidden
 * units), timed in microseconds per call. Every figure is the median of repeated runs after a
 * warm-up; on a shared machine, the ratios to numpy (measured minutes apart in the same run) are
 * the figures to trust.
 */
public final class KernelBench implements BenchSection {
  private static final double SINGLE_THREAD_RATIO_TARGET = 0.85;
  private static final double TWO_THREAD_RATIO_TARGET = 0.8;
  private static final double TINY_MICROS_TARGET = 1.5;
  private static final double SCALAR_GFLOPS_TARGET = 40;

  /** One product to time: {@code C[m, n] = op(A)·op(B)} with inner dimension {@code k}. */
  record Case(String group, Layout layout, int m, int n, int k, int threads) {
    double flops() {
      return 2.0 * m * n * k;
    }

    boolean tiny() {
      return group.equals("tiny");
    }

    String key() {
      return NumpyReference.key(layout.name(), m, n, k);
    }

    String label() {
      return String.format(Locale.ROOT, "m=%d n=%d k=%d", m, n, k);
    }
  }

  @Override
  public String title() {
    return "Kernels (matrix products)";
  }

  static List<Case> cases(boolean quick) {
    List<Case> cases = new ArrayList<>();
    for (Layout layout : Layout.values()) {
      cases.add(new Case("large", layout, 256, 1024, 784, 1));
    }
    for (int threads : new int[] {1, 2}) {
      for (Layout layout : quick ? new Layout[] {Layout.AB} : Layout.values()) {
        cases.add(new Case("cube", layout, 1024, 1024, 1024, threads));
      }
    }
    for (Layout layout : Layout.values()) {
      cases.add(new Case("tiny", layout, 100, 25, 25, 1)); // a 25→25 layer, batch 100
    }
    cases.add(new Case("tiny", Layout.ABT, 100, 25, 2, 1)); // forward of Linear(2, 25)
    cases.add(new Case("tiny", Layout.ABT, 100, 1, 25, 1)); // forward of Linear(25, 1)
    cases.add(new Case("tiny", Layout.AB, 100, 25, 1, 1)); // input gradient of Linear(25, 1)
    cases.add(new Case("tiny", Layout.ATB, 25, 25, 100, 1)); // weight gradient dW = dYᵀ·X
    return cases;
  }

  @Override
  public boolean run(BenchOptions options) {
    PrintStream out = options.out();
    List<Case> cases = cases(options.quick());
    out.println(
        "machine: "
            + cpuModel()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores; Java "
            + System.getProperty("java.vm.version"));
    out.println("active kernel: " + Kernels.description());
    List<KernelPath> paths = new ArrayList<>();
    for (KernelPath path : KernelPath.values()) {
      if (path.available()) {
        paths.add(path);
      }
    }
    if (!KernelPath.VECTOR.available()) {
      out.println("vector path unavailable: start the JVM with --add-modules jdk.incubator.vector");
    }
    Map<KernelPath, Map<Case, Double>> ours = new EnumMap<>(KernelPath.class);
    for (KernelPath path : paths) {
      ours.put(path, new LinkedHashMap<>());
    }
    Map<Case, Double> numpy = new LinkedHashMap<>();
    Map<Case, Double> loopOverhead = new LinkedHashMap<>();
    NumpyReference[] refs = options.numpy() ? startNumpy(out, options) : new NumpyReference[0];
    int savedThreads = Kernels.threads();
    try {
      // Run every case briefly first, so the JIT compiles the kernels with the profile of all
      // sizes and layouts and does not recompile them in the middle of a measurement.
      BenchOptions warmup = new BenchOptions(true, false, out);
      for (KernelPath path : paths) {
        for (Case c : cases) {
          time(path, c, warmup.repetitions(), warmup.warmupNanos());
        }
      }
      // Then each case: our paths and numpy alternately, a few rounds, so that a burst of load
      // from other processes on a shared machine does not land on one side only.
      for (Case c : cases) {
        Map<KernelPath, double[]> ourRounds = new EnumMap<>(KernelPath.class);
        double[] numpyRounds = new double[options.rounds()];
        double[] overheadRounds = new double[options.rounds()];
        for (int r = 0; r < options.rounds(); r++) {
          long warm = r == 0 ? options.warmupNanos() : options.warmupNanos() / 8;
          for (KernelPath path : paths) {
            ourRounds.computeIfAbsent(path, x -> new double[options.rounds()])[r] =
                time(path, c, options.repetitions(), warm);
          }
          if (refs.length > 0) {
            try {
              NumpyReference ref = refs[c.threads() - 1];
              numpyRounds[r] = ref.seconds(c.layout().name(), c.m(), c.n(), c.k());
              overheadRounds[r] = ref.lastOverheadSeconds();
            } catch (IOException e) {
              out.println("numpy reference failed (" + e.getMessage() + "); continuing without it");
              closeAll(refs);
              refs = new NumpyReference[0];
            }
          }
        }
        for (KernelPath path : paths) {
          ours.get(path).put(c, Timing.median(ourRounds.get(path)));
        }
        if (refs.length > 0) {
          numpy.put(c, Timing.median(numpyRounds));
          loopOverhead.put(c, Timing.median(overheadRounds));
        }
      }
    } finally {
      Kernels.setThreads(savedThreads);
      closeAll(refs);
    }
    printTable(out, cases, ours, numpy);
    if (!loopOverhead.isEmpty()) {
      out.println(
          "numpy's tiny products exclude the Python loop around each call: the same loop around a"
              + " no-op, measured and subtracted (µs per call):");
      for (Case c : cases) {
        if (c.tiny() && loopOverhead.containsKey(c)) {
          out.printf(
              Locale.ROOT, "  %s %s: %.3f%n", c.label(), c.layout(), loopOverhead.get(c) * 1e6);
        }
      }
    }
    return printTargets(out, cases, ours, numpy);
  }

  /** Starts numpy with one and with two BLAS threads; none if python3 or numpy is missing. */
  private static NumpyReference[] startNumpy(PrintStream out, BenchOptions options) {
    NumpyReference[] refs = new NumpyReference[2];
    try {
      for (int t = 1; t <= 2; t++) {
        refs[t - 1] = NumpyReference.start(t, options.repetitions());
      }
    } catch (IOException e) {
      out.println("numpy reference unavailable (" + e.getMessage() + ")");
      closeAll(refs);
      return new NumpyReference[0];
    }
    Map<String, String> info = refs[0].info();
    out.println(
        "numpy: "
            + info.getOrDefault("numpy", "?")
            + " with "
            + info.getOrDefault("blas", "?")
            + ", OpenBLAS kernel "
            + info.getOrDefault("openblas_core", "unknown")
            + " (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for that process; threadpoolctl: "
            + info.getOrDefault("threadpoolctl", "no")
            + ")");
    return refs;
  }

  private static void closeAll(NumpyReference[] refs) {
    for (NumpyReference r : refs) {
      if (r != null) {
        try {
          r.close();
        } catch (IOException e) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  private static double time(KernelPath path, Case c, int repetitions, long warmupNanos) {
    SplittableRandom rng = new SplittableRandom(42);
    Tensor a =
        random(
            rng,
            c.layout() == Layout.ATB ? c.k() : c.m(),
            c.layout() == Layout.ATB ? c.m() : c.k());
    Tensor b =
        random(
            rng,
            c.layout() == Layout.ABT ? c.n() : c.k(),
            c.layout() == Layout.ABT ? c.k() : c.n());
    Tensor out = Tensor.zeros(c.m(), c.n());
    Kernels.setThreads(c.threads());
    Layout layout = c.layout();
    return Timing.medianSeconds(
        () -> path.multiply(layout, a, b, out),
        Timing.callsPerBatch(c.flops()),
        repetitions,
        warmupNanos);
  }

  private static Tensor random(SplittableRandom rng, int rows, int cols) {
    float[] d = new float[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return Tensor.of(d, rows, cols);
  }

  private static String figure(Case c, Double seconds) {
    if (seconds == null) {
      return "-";
    }
    return c.tiny()
        ? String.format(Locale.ROOT, "%.2f", seconds * 1e6)
        : String.format(Locale.ROOT, "%.1f", c.flops() / seconds / 1e9);
  }

  private static void printTable(
      PrintStream out,
      List<Case> cases,
      Map<KernelPath, Map<Case, Double>> ours,
      Map<Case, Double> numpy) {
    String format = "%-22s %-4s %3s %9s %9s %9s %13s%n";
    String group = "";
    for (Case c : cases) {
      String g = c.tiny() ? "tiny" : "large";
      if (!g.equals(group)) {
        group = g;
        out.println();
        out.println(
            c.tiny()
                ? "Tiny products, µs per call (lower is better)"
                : "Large products, GFLOP/s (higher is better)");
        out.printf(
            Locale.ROOT, format, "size", "op", "thr", "vector", "scalar", "numpy", "vector/numpy");
      }
      Double vector = ours.getOrDefault(KernelPath.VECTOR, Map.of()).get(c);
      Double scalar = ours.getOrDefault(KernelPath.SCALAR, Map.of()).get(c);
      Double np = numpy.get(c);
      String ratio =
          vector == null || np == null ? "-" : String.format(Locale.ROOT, "%.2f×", np / vector);
      out.printf(
          Locale.ROOT,
          format,
          c.label(),
          c.layout(),
          c.threads(),
          figure(c, vector),
          figure(c, scalar),
          figure(c, np),
          ratio);
    }
    out.println("(vector/numpy is numpy's time over ours: above 1 means faster than numpy)");
  }

  private static boolean printTargets(
      PrintStream out,
      List<Case> cases,
      Map<KernelPath, Map<Case, Double>> ours,
      Map<Case, Double> numpy) {
    out.println();
    out.println("Targets");
    boolean all = true;
    Map<Case, Double> vector = ours.getOrDefault(KernelPath.VECTOR, Map.of());
    Map<Case, Double> scalar = ours.getOrDefault(KernelPath.SCALAR, Map.of());
    for (Case c : cases) {
      Double v = vector.get(c);
      Double np = numpy.get(c);
      if (c.group().equals("large") || (c.group().equals("cube") && c.threads() == 2)) {
        double target = c.threads() == 1 ? SINGLE_THREAD_RATIO_TARGET : TWO_THREAD_RATIO_TARGET;
        String what =
            String.format(
                Locale.ROOT,
                "vector %s %s, %d thread%s: ",
                c.label(),
                c.layout(),
                c.threads(),
                c.threads() == 1 ? "" : "s");
        if (v == null || np == null) {
          out.println("SKIP  " + what + (v == null ? "no vector path" : "no numpy reference"));
        } else {
          boolean pass = np / v >= target;
          all &= pass;
          out.printf(
              Locale.ROOT,
              "%s  %s%.2f× numpy (target ≥ %.2f×)%n",
              pass ? "PASS" : "FAIL",
              what,
              np / v,
              target);
        }
      }
      if (c.tiny() && c.m() == 100 && c.n() == 25 && c.k() == 25 && v != null) {
        boolean pass = v * 1e6 <= TINY_MICROS_TARGET;
        all &= pass;
        out.printf(
            Locale.ROOT,
            "%s  vector %s %s: %.2f µs per call (target ≤ %.1f µs)%n",
            pass ? "PASS" : "FAIL",
            c.label(),
            c.layout(),
            v * 1e6,
            TINY_MICROS_TARGET);
      }
      if (c.group().equals("large") && scalar.containsKey(c)) {
        double gflops = c.flops() / scalar.get(c) / 1e9;
        boolean pass = gflops >= SCALAR_GFLOPS_TARGET;
        all &= pass;
        out.printf(
            Locale.ROOT,
            "%s  scalar %s %s, 1 thread: %.1f GFLOP/s (target ≥ %.0f)%n",
            pass ? "PASS" : "FAIL",
            c.label(),
            c.layout(),
            gflops,
            SCALAR_GFLOPS_TARGET);
      }
    }
    return all;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }
}
