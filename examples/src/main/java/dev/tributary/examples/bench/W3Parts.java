package dev.tributary.examples.bench;

import dev.tributary.core.Kernels;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Trainer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * W3's training step taken apart, for A/B runs of two builds in alternating fresh JVMs: W3's
 * network, data, SGD and {@code Trainer} exactly as {@link TrainingBench} builds them (two kernel
 * threads), {@code warm} untimed steps, then {@code timed} steps of one batch, each a {@code
 * Trainer.step} followed by a separately timed {@code optimizer.step()} and {@code zeroGrad()}.
 * Prints the 25th percentile and the median of each, in milliseconds. Run:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector \
 *     -cp "examples/target/tributary-examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *     dev.tributary.examples.bench.W3Parts 60 60
 * </pre>
 */
public final class W3Parts {
  private W3Parts() {}

  /**
   * Runs the measurement.
   *
   * @param args the warm-up steps and the timed steps (default 60 and 60)
   */
  public static void main(String[] args) {
    int warm = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int timed = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    if (warm < 0 || timed < 1) {
      throw new IllegalArgumentException(
          "W3Parts: warm-up steps must be at least 0 and timed steps at least 1, got "
              + warm
              + " and "
              + timed);
    }
    Kernels.setThreads(TrainingBench.WIDE_THREADS);
    TrainingBench.Workload w = TrainingBench.wideWorkload(TrainingBench.WIDE_BATCHES);
    Network net = w.network().apply(1L);
    SGD opt = new SGD(net.parameters().values(), w.lr());
    Trainer t = Trainer.builder(net, w.loss(), opt).epochs(1).batchSize(w.batch()).seed(5).build();
    Dataset batch = w.data().slice(0, w.batch());
    Map<String, Tensor> x = batch.features();
    Map<String, Tensor> y = batch.targets();
    for (int i = 0; i < warm; i++) {
      t.step(x, y);
      opt.step();
      opt.zeroGrad();
    }
    double[] step = new double[timed];
    double[] update = new double[timed];
    double[] zero = new double[timed];
    for (int i = 0; i < timed; i++) {
      long t0 = System.nanoTime();
      t.step(x, y);
      long t1 = System.nanoTime();
      opt.step();
      long t2 = System.nanoTime();
      opt.zeroGrad();
      long t3 = System.nanoTime();
      step[i] = (t1 - t0) / 1e6;
      update[i] = (t2 - t1) / 1e6;
      zero[i] = (t3 - t2) / 1e6;
    }
    System.out.printf(
        Locale.ROOT,
        "step ms p25 %.2f med %.2f | sgd p25 %.3f med %.3f | zeroGrad p25 %.3f med %.3f%n",
        quantile(step, 0.25),
        quantile(step, 0.5),
        quantile(update, 0.25),
        quantile(update, 0.5),
        quantile(zero, 0.25),
        quantile(zero, 0.5));
  }

  private static double quantile(double[] v, double p) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[(int) Math.floor(p * (s.length - 1))];
  }
}
