package dev.tributary.graph.train;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The per-epoch records of one training run, and how it ended. */
public final class History {
  private final ImmutableList<EpochRecord> epochs;
  private final boolean stoppedEarly;
  private final int bestEpoch;
  private final boolean restoredBest;

  /**
   * Wraps the records of a run.
   *
   * @param stoppedEarly whether early stopping ended the run before its last epoch
   */
  public History(List<EpochRecord> epochs, boolean stoppedEarly) {
    this(epochs, stoppedEarly, 0, false);
  }

  /**
   * Wraps the records of a run with early stopping.
   *
   * @param stoppedEarly whether early stopping ended the run before its last epoch
   * @param bestEpoch the 1-based epoch with the best monitored loss, 0 if none was monitored
   * @param restoredBest whether the network was given back that epoch's weights at the end
   * @throws IllegalArgumentException if {@code bestEpoch} is outside {@code [0, epochs.size()]}
   */
  public History(
      List<EpochRecord> epochs, boolean stoppedEarly, int bestEpoch, boolean restoredBest) {
    if (bestEpoch < 0 || bestEpoch > epochs.size()) {
      throw new IllegalArgumentException(
          "History: best epoch " + bestEpoch + " is not one of the " + epochs.size() + " run");
    }
    this.epochs = ImmutableList.copyOf(epochs);
    this.stoppedEarly = stoppedEarly;
    this.bestEpoch = bestEpoch;
    this.restoredBest = restoredBest;
  }

  /** Returns the 1-based epoch with the best monitored loss (early stopping), or 0 without one. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** Returns whether the network was given back the best epoch's weights when the run ended. */
  public boolean restoredBestEpoch() {
    return restoredBest;
  }

  /** Returns the records, one per epoch run. */
  public List<EpochRecord> epochs() {
    return epochs;
  }

  /** Returns the number of epochs run. */
  public int size() {
    return epochs.size();
  }

  /**
   * Returns the last epoch's record.
   *
   * @throws IllegalStateException if no epoch ran
   */
  public EpochRecord last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epoch ran");
    }
    return epochs.get(epochs.size() - 1);
  }

  /** Returns whether early stopping ended the run. */
  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  /** Returns the mean training milliseconds per epoch. */
  public double meanTrainMillis() {
    return epochs.stream().mapToDouble(EpochRecord::trainMillis).average().orElse(0);
  }

  /** Returns one metric per epoch. */
  public double[] values(Metric metric) {
    return epochs.stream().mapToDouble(metric::of).toArray();
  }

  /**
   * Writes the run as CSV, one row per epoch (see {@link Curves#writeCsv}).
   *
   * @throws IOException if the file cannot be written
   */
  public void writeCsv(Path file) throws IOException {
    Curves.writeCsv(file, Map.of("run", this));
  }
}
