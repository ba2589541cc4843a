package dev.tributary.examples.experiments;

import dev.tributary.core.Tensor;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.EpochRecord;
import dev.tributary.graph.train.TrainingListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Helpers shared by the experiments: preprocessing, progress lines, formatting. */
final class Experiments {
  private Experiments() {}

  /**
   * The first seed the tables report. Settings were tuned on seeds 1–20 (report000 and report002 on
   * 1–10 with checks on 11–20, report001 on 1–5); seeds from 101 on were seen by no tuning.
   */
  static final long FIRST_HELD_OUT_SEED = 101;

  /**
   * Returns {@code data} with every feature mapped from {@code [0, 1]} to {@code [−1, 1]} ({@code
   * 2x − 1}): the disc is then centred on the origin, where zero-bias layers start their
   * hyperplanes. Targets are shared.
   */
  static Dataset centred(Dataset data) {
    Map<String, Tensor> features = new LinkedHashMap<>();
    data.features()
        .forEach(
            (name, t) -> {
              Tensor c = t.copy();
              float[] v = c.data();
              for (int i = 0; i < v.length; i++) {
                v[i] = 2 * v[i] - 1;
              }
              features.put(name, c);
            });
    return Dataset.of(features, data.targets());
  }

  /** A listener printing one line every {@code every} epochs (none when {@code every ≤ 0}). */
  static TrainingListener progress(PrintStream out, String label, int every) {
    return record -> {
      if (every > 0 && record.epoch() % every == 0) {
        out.println(line(label, record));
      }
    };
  }

  static String line(String label, EpochRecord r) {
    return String.format(
        Locale.ROOT,
        "  %s epoch %5d  train loss %.5f  train error %6.2f%%  test error %6.2f%%  lr %.4g",
        label,
        r.epoch(),
        r.trainLoss(),
        100 * r.trainErrorRate(),
        100 * r.validationErrorRate(),
        r.learningRate());
  }

  static String pct(double rate) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * rate);
  }

  /**
   * Rejects a count option below 1 as picocli rejects a malformed value: a {@link
   * picocli.CommandLine.ParameterException} naming the option (exit status 2), before any work.
   */
  static void requireAtLeastOne(
      picocli.CommandLine.Model.CommandSpec spec, String option, int value) {
    if (value < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), option + " must be at least 1, got " + value);
    }
  }
}
