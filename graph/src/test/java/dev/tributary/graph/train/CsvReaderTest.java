package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV loading and its errors, each naming the file, line and column. */
class CsvReaderTest {
  @TempDir Path dir;

  private Path write(String content) throws IOException {
    Path file = dir.resolve("data.csv");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void readCsv_wellFormed_columnsInRequestedOrder() throws IOException {
    Path file = write("a, b ,label,note\n1,2,0,7\n\n\"3\",4.5,1,8\n");
    Dataset d = Dataset.readCsv(file, List.of("b", "a"), List.of("label"));
    assertEquals(2, d.size());
    assertArrayEquals(new float[] {2, 1, 4.5f, 3}, d.features("x").data());
    assertArrayEquals(new float[] {0, 1}, d.targets("y").data());
  }

  @Test
  void readCsv_raggedRow_namesFileAndLine() throws IOException {
    Path file = write("a,b,y\n1,2,0\n3,4\n");
    CsvFormatException e =
        assertThrows(
            CsvFormatException.class, () -> Dataset.readCsv(file, List.of("a", "b"), List.of("y")));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().startsWith(file + ":3"), e.getMessage());
    assertTrue(e.getMessage().contains("2 cells") && e.getMessage().contains("3 columns"));
  }

  @Test
  void readCsv_nonNumericCell_namesLineAndColumn() throws IOException {
    Path file = write("a,b,y\n1,2,0\n3,abc,1\n");
    CsvFormatException e =
        assertThrows(
            CsvFormatException.class, () -> Dataset.readCsv(file, List.of("a", "b"), List.of("y")));
    assertEquals(3, e.line());
    assertEquals("b", e.column());
    assertTrue(e.getMessage().contains("`abc`"), e.getMessage());
  }

  @Test
  void readCsv_missingColumn_listsHeader() throws IOException {
    Path file = write("a,b,y\n1,2,0\n");
    CsvFormatException e =
        assertThrows(
            CsvFormatException.class, () -> Dataset.readCsv(file, List.of("a", "c"), List.of("y")));
    assertEquals(1, e.line());
    assertEquals("c", e.column());
    assertTrue(e.getMessage().contains("a, b, y"), e.getMessage());
  }

  @Test
  void readCsv_emptyCell_isNotANumber() throws IOException {
    Path file = write("a,y\n,1\n");
    CsvFormatException e =
        assertThrows(
            CsvFormatException.class, () -> Dataset.readCsv(file, List.of("a"), List.of("y")));
    assertEquals("a", e.column());
  }

  @Test
  void readCsv_headerOnly_throws() throws IOException {
    Path file = write("a,y\n");
    assertThrows(CsvFormatException.class, () -> Dataset.readCsv(file, List.of("a"), List.of("y")));
  }

  @Test
  void readCsv_unusedColumnWithText_ignored() throws IOException {
    Path file = write("id,a,y\nfirst,1,0\n");
    assertEquals(1, Dataset.readCsv(file, List.of("a"), List.of("y")).size());
  }
}
