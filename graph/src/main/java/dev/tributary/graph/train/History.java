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

  /**
   * Wraps the records of a run.
   *
   * @param stoppedEarly whether early stopping ended the run before its last epoch
   */
  public History(List<EpochRecord> epochs, boolean stoppedEarly) {
    this.epochs = ImmutableList.copyOf(epochs);
    this.stoppedEarly = stoppedEarly;
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
