package dev.tributary.spark;

import com.google.common.collect.ImmutableList;
import java.io.Serializable;
import java.util.List;

/**
 * Where one tensor of a sample comes from: numeric columns (one per feature, in order) or one ML
 * {@code Vector} column. Immutable and serializable, so tasks carry it.
 */
final class ColumnSource implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The tensor's name: a network input, or a target name of the loss. */
  final String name;

  /** The numeric columns, or the single vector column. */
  final ImmutableList<String> columns;

  /** Whether {@link #columns} is one ML {@code Vector} column. */
  final boolean vector;

  ColumnSource(String name, List<String> columns, boolean vector) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "a tensor name is null or blank; name the input or target");
    }
    if (columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException(
          "`" + name + "`: no columns given; pass at least one column name");
    }
    for (String c : columns) {
      if (c == null || c.isBlank()) {
        throw new IllegalArgumentException(
            "`" + name + "`: a column name is null or blank in " + columns);
      }
    }
    this.name = name;
    this.columns = ImmutableList.copyOf(columns);
    this.vector = vector;
  }

  /** Returns the width when known from the names alone (numeric columns), else -1. */
  int knownWidth() {
    return vector ? -1 : columns.size();
  }

  @Override
  public String toString() {
    return name + (vector ? " ← vector column " : " ← columns ") + columns;
  }
}
