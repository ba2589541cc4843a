package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.DataMetadata;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Evaluation;
import dev.tributary.graph.train.RegressionMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression targets standardized for training and reported in their original units: the network
 * learns {@code y' = (y − μ_y) / σ_y} (μ_y, σ_y from the training rows), and every figure the run
 * prints, stores or draws is computed on {@code y = y'·σ_y + μ_y}.
 */
final class TargetScale {
  private TargetScale() {}

  /** Returns {@code d} with its one target replaced by its standardized values. */
  static Dataset scaled(Dataset d, DataMetadata meta) {
    Tensor y = d.targets(Dataset.TARGETS);
    return Dataset.of(d.features(), Map.of(Dataset.TARGETS, meta.standardizeTargets(y)));
  }

  /**
   * Returns the network's predictions of {@code d}'s rows for {@code output} in evaluation mode,
   * mapped back to the targets' original units.
   */
  static Tensor predictOriginal(Network net, Dataset d, String output, DataMetadata meta) {
    boolean was = net.isTraining();
    net.setTraining(false);
    try {
      Tensor x = d.features().values().iterator().next();
      Tensor p = net.forward(Map.of(net.inputs().get(0), x)).get(output);
      return meta.unstandardizeTargets(p.copy());
    } finally {
      net.setTraining(was);
    }
  }

  /**
   * Returns {@code e} with the regression metrics of {@code output} recomputed in the original
   * units: RMSE, MAE and R² of the unstandardized predictions against the unstandardized targets of
   * {@code scaledSet}. The loss stays the loss that was trained (on standardized targets).
   */
  static Evaluation inOriginalUnits(
      Evaluation e, Network net, Dataset scaledSet, String output, DataMetadata meta) {
    Tensor p = predictOriginal(net, scaledSet, output, meta);
    Tensor t = meta.unstandardizeTargets(scaledSet.targets(Dataset.TARGETS));
    Map<String, RegressionMetrics> regression = new LinkedHashMap<>(e.regression());
    regression.put(output, metrics(p.data(), t.data(), meta.targets().size()));
    return new Evaluation(
        e.loss(),
        e.errors(),
        e.decisions(),
        e.confusion().orElse(null),
        e.termLosses(),
        regression,
        e.confusionMatrix().orElse(null));
  }

  /**
   * RMSE, MAE and R² (variance-weighted over the {@code cols} columns, as {@link
   * RegressionMetrics}) of predictions {@code p} against targets {@code t}, summed in double.
   */
  static RegressionMetrics metrics(float[] p, float[] t, int cols) {
    int rows = t.length / cols;
    double squared = 0;
    double absolute = 0;
    double[] sum = new double[cols];
    double[] squares = new double[cols];
    for (int i = 0; i < t.length; i++) {
      double d = (double) p[i] - t[i];
      squared += d * d;
      absolute += Math.abs(d);
      sum[i % cols] += t[i];
      squares[i % cols] += (double) t[i] * t[i];
    }
    double total = 0;
    for (int c = 0; c < cols; c++) {
      total += squares[c] - sum[c] * sum[c] / rows;
    }
    int n = t.length;
    return new RegressionMetrics(
        n, squared / n, absolute / n, total <= 0 ? Double.NaN : 1 - squared / total);
  }
}
