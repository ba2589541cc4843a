package dev.tributary.graph.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Learning curves of several runs, as data: a CSV file for plotting and a text table.
 *
 * <p>The CSV is in long form, one row per run and epoch: {@code
 * run,epoch,train_loss,train_error_rate,validation_loss,validation_error_rate,learning_rate,
 * train_ms,ms}. Empty cells stand for NaN (no validation set).
 */
public final class Curves {
  /** The CSV header. */
  public static final String HEADER =
      "run,epoch,train_loss,train_error_rate,validation_loss,validation_error_rate,learning_rate,"
          + "train_ms,ms";

  private Curves() {}

  /**
   * Writes the runs to {@code file} (parent directories are created).
   *
   * @param runs run name → its history, in the order to write
   * @throws IOException if the file cannot be written
   */
  public static void writeCsv(Path file, Map<String, History> runs) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.newLine();
      for (Map.Entry<String, History> run : runs.entrySet()) {
        for (EpochRecord r : run.getValue().epochs()) {
          out.write(
              String.join(
                  ",",
                  run.getKey(),
                  Integer.toString(r.epoch()),
                  cell(r.trainLoss()),
                  cell(r.trainErrorRate()),
                  cell(r.validationLoss()),
                  cell(r.validationErrorRate()),
                  cell(r.learningRate()),
                  cell(r.trainMillis()),
                  cell(r.millis())));
          out.newLine();
        }
      }
    }
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }

  /**
   * Returns a text table of one metric: a row per printed epoch (every {@code every}-th and the
   * last), a column per run; rates are printed as percentages.
   *
   * @throws IllegalArgumentException if {@code every < 1}
   */
  public static String table(Map<String, History> runs, Metric metric, int every) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be ≥ 1, got " + every);
    }
    boolean rate = metric == Metric.TRAIN_ERROR_RATE || metric == Metric.VALIDATION_ERROR_RATE;
    int epochs = runs.values().stream().mapToInt(History::size).max().orElse(0);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-7s", "epoch"));
    for (String name : runs.keySet()) {
      sb.append(String.format(Locale.ROOT, " %14s", name));
    }
    sb.append('\n');
    for (int e = 1; e <= epochs; e++) {
      if (e % every != 0 && e != epochs && e != 1) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "%-7d", e));
      for (History h : runs.values()) {
        if (e <= h.size()) {
          double v = metric.of(h.epochs().get(e - 1));
          sb.append(
              rate
                  ? String.format(Locale.ROOT, " %13.2f%%", 100 * v)
                  : String.format(Locale.ROOT, " %14.6g", v));
        } else {
          sb.append(String.format(Locale.ROOT, " %14s", ""));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
