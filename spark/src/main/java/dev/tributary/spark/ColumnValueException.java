package dev.tributary.spark;

/**
 * A feature or target value that is missing (null or NaN) or not a number; the message names the
 * column and the row (0-based, in the order of the {@code Dataset<Row>}).
 */
public final class ColumnValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String column;
  private final long row;

  /**
   * Creates the exception for {@code column} at {@code row}, {@code problem} saying what is wrong.
   */
  public ColumnValueException(String column, long row, String problem) {
    super(
        "column `"
            + column
            + "`, row "
            + row
            + ": "
            + problem
            + "; clean the data or drop such rows (e.g. dataset.na().drop()) before training");
    this.column = column;
    this.row = row;
  }

  private ColumnValueException(ColumnValueException remote) {
    super(remote.getMessage(), remote);
    this.column = remote.column;
    this.row = remote.row;
  }

  /** Returns the column holding the bad value. */
  public String column() {
    return column;
  }

  /** Returns the 0-based row of the bad value, in the dataset's order. */
  public long row() {
    return row;
  }

  /**
   * Returns the first {@code ColumnValueException} in {@code error}'s causes, rethrown from here (a
   * Spark task failure wraps it), or null if there is none.
   */
  static ColumnValueException find(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ColumnValueException c) {
        return new ColumnValueException(c);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
