package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What spreadsheets and other editors put around CSV text: a byte-order mark, other encodings. */
class CsvReaderEncodingTest {
  @TempDir Path dir;

  @Test
  void readCsv_headerWithByteOrderMark_firstColumnFoundByName() throws IOException {
    Path file = dir.resolve("bom.csv");
    Files.write(
        file, "\uFEFFa,b,y\n1,2,0\n3,4,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Dataset d = Dataset.readCsv(file, List.of("a", "b"), List.of("y"));
    assertArrayEquals(new float[] {1, 2, 3, 4}, d.features("x").data());
  }

  @Test
  void readCsv_latin1Bytes_saysNotUtf8() throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(
        file, "a,b,y\n1,2,0\nx\u00e9,4,1\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    CsvFormatException e =
        assertThrows(
            CsvFormatException.class, () -> Dataset.readCsv(file, List.of("a", "b"), List.of("y")));
    assertTrue(e.getMessage().contains("not UTF-8 text"), e.getMessage());
    assertTrue(e.getMessage().contains("latin1.csv"), e.getMessage());
  }
}
