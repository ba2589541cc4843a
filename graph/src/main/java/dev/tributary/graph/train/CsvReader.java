package dev.tributary.graph.train;

import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset from a CSV file.
 *
 * <p>The format: UTF-8 text (a leading byte-order mark is dropped), comma-separated; the first
 * non-blank line is a header of column names; every later non-blank line is one sample with exactly
 * as many cells as the header. Cells are trimmed, and a cell wrapped in double quotes is unwrapped
 * (quoted commas are not supported). Every cell a requested column uses must parse as a number
 * ({@link Float#parseFloat}); other columns are ignored. Columns are requested in groups: each
 * group becomes one {@code [rows, columns]} tensor, in the order its columns are listed.
 *
 * <p>Errors are {@link CsvFormatException}s naming the file, the line and the column.
 */
public final class CsvReader {
  /** The byte-order mark some editors put before the header; it is dropped. */
  private static final String BYTE_ORDER_MARK = String.valueOf((char) 0xFEFF);

  private CsvReader() {}

  /**
   * Reads {@code file} into a dataset whose features and targets are the given column groups.
   *
   * @param featureGroups feature name → the columns that form it
   * @param targetGroups target name → the columns that form it
   * @throws CsvFormatException if the header lacks a requested column or repeats a name, a row has
   *     the wrong number of cells, a used cell is not a number, or there are no data rows
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if a group has no columns
   */
  public static Dataset read(
      Path file, Map<String, List<String>> featureGroups, Map<String, List<String>> targetGroups)
      throws IOException {
    try {
      return readUtf8(file, featureGroups, targetGroups);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new CsvFormatException(
          file, 1, null, "the file is not UTF-8 text (" + e + "); save it as UTF-8 CSV");
    }
  }

  private static Dataset readUtf8(
      Path file, Map<String, List<String>> featureGroups, Map<String, List<String>> targetGroups)
      throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      String[] header = null;
      int headerLine = 0;
      while (header == null && (line = in.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && line.startsWith(BYTE_ORDER_MARK)) {
          line = line.substring(1); // a UTF-8 byte-order mark, as spreadsheet exports write
        }
        if (!line.isBlank()) {
          header = cells(line);
          headerLine = lineNo;
        }
      }
      if (header == null) {
        throw new CsvFormatException(file, Math.max(lineNo, 1), null, "no header row: empty file");
      }
      Map<String, Integer> index = new HashMap<>();
      for (int c = 0; c < header.length; c++) {
        Integer previous = index.put(header[c], c);
        if (previous != null) {
          throw new CsvFormatException(
              file,
              headerLine,
              header[c],
              "the header names this column twice (columns "
                  + (previous + 1)
                  + " and "
                  + (c + 1)
                  + "); give each column its own name");
        }
      }
      Map<String, int[]> featureCols = resolve(file, headerLine, header, index, featureGroups);
      Map<String, int[]> targetCols = resolve(file, headerLine, header, index, targetGroups);
      List<float[]> rows = new ArrayList<>();
      List<Integer> used = new ArrayList<>();
      for (int[] cols : featureCols.values()) {
        for (int c : cols) {
          used.add(c);
        }
      }
      for (int[] cols : targetCols.values()) {
        for (int c : cols) {
          used.add(c);
        }
      }
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = cells(line);
        if (cells.length != header.length) {
          throw new CsvFormatException(
              file,
              lineNo,
              null,
              "the row has "
                  + cells.length
                  + " cells but the header has "
                  + header.length
                  + " columns; every row needs one cell per column");
        }
        float[] values = new float[header.length];
        for (int c : used) {
          values[c] = parse(file, lineNo, header[c], c, cells[c]);
        }
        rows.add(values);
      }
      if (rows.isEmpty()) {
        throw new CsvFormatException(file, lineNo, null, "the file has a header but no data rows");
      }
      return Dataset.of(tensors(rows, featureCols), tensors(rows, targetCols));
    }
  }

  private static Map<String, int[]> resolve(
      Path file,
      int headerLine,
      String[] header,
      Map<String, Integer> index,
      Map<String, List<String>> groups)
      throws CsvFormatException {
    ImmutableMap.Builder<String, int[]> out = ImmutableMap.builder();
    for (Map.Entry<String, List<String>> g : groups.entrySet()) {
      if (g.getValue() == null || g.getValue().isEmpty()) {
        throw new IllegalArgumentException(
            "CSV group `" + g.getKey() + "` lists no columns; name at least one header column");
      }
      int[] cols = new int[g.getValue().size()];
      for (int k = 0; k < cols.length; k++) {
        String name = g.getValue().get(k);
        Integer c = index.get(name);
        if (c == null) {
          throw new CsvFormatException(
              file,
              headerLine,
              name,
              "no such column; the header has " + String.join(", ", header));
        }
        cols[k] = c;
      }
      out.put(g.getKey(), cols);
    }
    return out.buildOrThrow();
  }

  private static Map<String, Tensor> tensors(List<float[]> rows, Map<String, int[]> groups) {
    ImmutableMap.Builder<String, Tensor> out = ImmutableMap.builder();
    groups.forEach(
        (name, cols) -> {
          float[] data = new float[rows.size() * cols.length];
          for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            for (int k = 0; k < cols.length; k++) {
              data[r * cols.length + k] = row[cols[k]];
            }
          }
          out.put(name, Tensor.of(data, rows.size(), cols.length));
        });
    return out.buildOrThrow();
  }

  private static float parse(Path file, int line, String column, int c, String cell)
      throws CsvFormatException {
    try {
      if (cell.isEmpty()) {
        throw new NumberFormatException();
      }
      return Float.parseFloat(cell);
    } catch (NumberFormatException e) {
      throw new CsvFormatException(
          file,
          line,
          column,
          "cell "
              + (c + 1)
              + " is `"
              + cell
              + "`, not a number; write a decimal number such as 0.25");
    }
  }

  private static String[] cells(String line) {
    String[] cells = line.split(",", -1);
    for (int i = 0; i < cells.length; i++) {
      String s = cells[i].trim();
      if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
        s = s.substring(1, s.length() - 1).trim();
      }
      cells[i] = s;
    }
    return cells;
  }
}
