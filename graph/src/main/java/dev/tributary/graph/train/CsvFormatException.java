package dev.tributary.graph.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A CSV file that cannot be read as a dataset: a missing or duplicate column, a ragged row, a
 * non-numeric cell. The message starts with {@code file:line} and names the column, and the parts
 * are available as {@link #file()}, {@link #line()} and {@link #column()}.
 */
public final class CsvFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final String column;

  CsvFormatException(Path file, int line, String column, String problem) {
    super(file + ":" + line + (column == null ? "" : ", column `" + column + "`") + ": " + problem);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /** Returns the file. */
  public Path file() {
    return file;
  }

  /** Returns the 1-based line number of the problem. */
  public int line() {
    return line;
  }

  /** Returns the column's header name, or {@code null} when the problem is not one column's. */
  public String column() {
    return column;
  }
}
