package dev.tributary.examples.cli;

import dev.tributary.graph.train.EpochRecord;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.TrainingListener;
import java.io.Console;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a progress bar with the loss and error rate on a terminal, and plain
 * lines (about twenty per run) otherwise, so logs stay readable.
 */
final class Progress implements TrainingListener {
  private final PrintStream out;
  private final boolean terminal;
  private final String monitored;
  private ProgressBar bar;
  private int every;

  /**
   * Shows progress on {@code out}.
   *
   * @param monitored what the per-epoch second set is called: {@code test} or {@code validation}
   */
  Progress(PrintStream out, boolean terminal, String monitored) {
    this.out = out;
    this.terminal = terminal;
    this.monitored = monitored;
  }

  /**
   * Returns whether this JVM's standard streams are an interactive terminal. Before JDK 22 {@code
   * System.console()} is null unless they are; from JDK 22 it always returns a console, and {@code
   * Console.isTerminal()} (called reflectively, as this code compiles for Java 17) tells.
   */
  @SuppressWarnings("SystemConsoleNull") // the null check is the JDK 17-21 answer; 22+ asks below
  static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // JDK 17 to 21: a console exists only on a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  @Override
  public void onStart(int epochs) {
    every = Math.max(1, epochs / 20);
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("train")
              .setInitialMax(epochs)
              .setUnit(" ep", 1)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUpdateIntervalMillis(200)
              .build();
    }
  }

  @Override
  public void onEpoch(EpochRecord r) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(shortLine(r));
    } else if (r.epoch() % every == 0 || r.epoch() == 1) {
      out.printf("epoch %5d  %s%n", r.epoch(), line(r));
    }
  }

  /** The bar's message: short enough to leave the bar room on an 80-column terminal. */
  private String shortLine(EpochRecord r) {
    String s = String.format("loss %.4f err %.1f%%", r.trainLoss(), 100 * r.trainErrorRate());
    if (!Double.isNaN(r.validationLoss())) {
      s += String.format(" | %s err %.1f%%", monitored, 100 * r.validationErrorRate());
    }
    return s;
  }

  @Override
  public void onEnd(History history) {
    close();
  }

  /** Closes the bar (also after a failed run). */
  void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  private String line(EpochRecord r) {
    String s = String.format("loss %.4f  error %.2f%%", r.trainLoss(), 100 * r.trainErrorRate());
    if (!Double.isNaN(r.validationLoss())) {
      s +=
          String.format(
              "  %s loss %.4f  %s error %.2f%%",
              monitored, r.validationLoss(), monitored, 100 * r.validationErrorRate());
    }
    return s;
  }
}
