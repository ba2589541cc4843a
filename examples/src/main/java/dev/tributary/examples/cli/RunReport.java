package dev.tributary.examples.cli;

import dev.tributary.graph.io.DataMetadata;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.train.Confusion;
import dev.tributary.graph.train.Evaluation;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.RegressionMetrics;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a run: the final metrics for its task (accuracy and confusion for classification,
 * RMSE, MAE and R² for regression, every loss term of a multi-term objective), and the facts kept
 * in the model file's metadata.
 */
final class RunReport {
  private final PrintStream out;
  private final Objective objective;
  private final Task task;

  RunReport(PrintStream out, Objective objective, Task task) {
    this.out = out;
    this.objective = objective;
    this.task = task;
  }

  void print(Evaluation train, Evaluation test, History history) {
    String output = objective.main.output;
    if (task == Task.CLASSIFY) {
      out.printf(
          "%nfinal (%s): train loss %.5f, accuracy %.2f%% | test loss %.5f, accuracy %.2f%%"
              + " (%d of %d wrong) | %.3f ms per epoch (median; mean %.3f with JIT warm-up)%n",
          output,
          train.loss(),
          100 * train.accuracy(),
          test.loss(),
          100 * test.accuracy(),
          test.errors(),
          test.decisions(),
          medianTrainMillis(history),
          history.meanTrainMillis());
      test.confusion().ifPresent(this::binary);
      test.confusionMatrix().filter(m -> m.length > 2).ifPresent(this::matrix);
    } else {
      RegressionMetrics tr = train.regression().get(output);
      RegressionMetrics te = test.regression().get(output);
      out.printf(
          "%nfinal (%s): train loss %.5f, %s | test loss %.5f, %s | %.3f ms per epoch (median)%n",
          output,
          train.loss(),
          tr == null ? "no target of the output's shape" : tr,
          test.loss(),
          te == null ? "no target of the output's shape" : te,
          medianTrainMillis(history));
    }
    if (!objective.single()) {
      StringBuilder sb = new StringBuilder("test loss terms:");
      int k = 0;
      for (Map.Entry<String, Double> e : test.termLosses().entrySet()) {
        Objective.ParsedTerm t = objective.terms().get(k++);
        sb.append(
            String.format(
                Locale.ROOT,
                "  %s·%s(%s, %s) %.5f",
                t.weight,
                t.loss.optionName(),
                t.output,
                t.target,
                e.getValue()));
      }
      out.println(sb);
    }
  }

  private void binary(Confusion c) {
    out.printf(
        "test confusion: TP %d  TN %d  FP %d  FN %d | precision %.4f  recall %.4f  F1 %.4f%n",
        c.truePositives(),
        c.trueNegatives(),
        c.falsePositives(),
        c.falseNegatives(),
        c.precision(),
        c.recall(),
        c.f1());
  }

  /** Prints a K×K confusion matrix: rows are the true classes, columns the predicted ones. */
  private void matrix(long[][] m) {
    out.println("test confusion matrix (rows: true class, columns: predicted class):");
    StringBuilder head = new StringBuilder("        ");
    for (int c = 0; c < m.length; c++) {
      head.append(String.format("%8s", "pred " + c));
    }
    out.println(head);
    for (int r = 0; r < m.length; r++) {
      StringBuilder row = new StringBuilder(String.format("%-8s", "true " + r));
      for (long v : m[r]) {
        row.append(String.format("%8d", v));
      }
      out.println(row);
    }
  }

  /** The run's facts for the model file's metadata (with the data description, if any). */
  Map<String, String> facts(
      String data, Optimizer opt, History history, int batch, Evaluation test, DataMetadata meta) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("tributary.train.data", data);
    facts.put("tributary.train.optimizer", opt.toString());
    facts.put("tributary.train.loss", objective.toString());
    facts.put("tributary.train.epochs", Integer.toString(history.size()));
    facts.put("tributary.train.batch", Integer.toString(batch));
    facts.put("tributary.test.loss", String.format(Locale.ROOT, "%.6f", test.loss()));
    if (task == Task.CLASSIFY) {
      facts.put("tributary.test.accuracy", String.format(Locale.ROOT, "%.6f", test.accuracy()));
    } else {
      RegressionMetrics r = test.regression().get(objective.main.output);
      if (r != null) {
        facts.put("tributary.test.rmse", String.format(Locale.ROOT, "%.6g", r.rmse()));
        facts.put("tributary.test.mae", String.format(Locale.ROOT, "%.6g", r.mae()));
        facts.put("tributary.test.r2", String.format(Locale.ROOT, "%.6f", r.r2()));
      }
    }
    if (history.restoredBestEpoch()) {
      facts.put("tributary.train.best_epoch", Integer.toString(history.bestEpoch()));
    }
    if (meta != null) {
      facts.putAll(meta.toMetadata());
    } else {
      facts.put(DataMetadata.TASK, task.optionName());
    }
    return facts;
  }

  static double medianTrainMillis(History history) {
    double[] ms = history.epochs().stream().mapToDouble(e -> e.trainMillis()).sorted().toArray();
    return ms.length == 0 ? 0 : ms[ms.length / 2];
  }
}
