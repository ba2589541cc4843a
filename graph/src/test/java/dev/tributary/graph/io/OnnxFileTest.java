package dev.tributary.graph.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.graph.Network;
import dev.tributary.graph.onnx.OnnxExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OnnxFile#save}: atomic like {@link ModelFile#save}. */
class OnnxFileTest {
  @TempDir Path dir;

  @Test
  void save_failingAtAnyOffset_leavesTheOldFileAndNoTemporaryFiles() throws IOException {
    Network old = IoFixtures.seed().build(1);
    Network updated = IoFixtures.seed().build(2);
    Path file = dir.resolve("model.onnx");
    OnnxFile.save(old, file);
    byte[] before = Files.readAllBytes(file);
    assertArrayEquals(OnnxExport.model(old).toByteArray(), before);
    for (long failAt : new long[] {0, 1, 100, before.length / 2, before.length - 1}) {
      ModelFileException e =
          assertThrows(
              ModelFileException.class,
              () ->
                  OnnxFile.save(
                      updated, file, out -> new IoFixtures.FailingOutputStream(out, failAt)));
      IoFixtures.assertMentions(e, "writing failed", "unchanged");
      assertArrayEquals(before, Files.readAllBytes(file), "after failing at " + failAt);
      assertEquals(List.of("model.onnx"), filesInDir(), "after failing at " + failAt);
    }
    OnnxFile.save(updated, file);
    assertArrayEquals(OnnxExport.model(updated).toByteArray(), Files.readAllBytes(file));
  }

  @Test
  void save_missingFolder_namesFolder() {
    Path file = dir.resolve("nowhere").resolve("model.onnx");
    ModelFileException e =
        assertThrows(
            ModelFileException.class, () -> OnnxFile.save(IoFixtures.seed().build(1), file));
    IoFixtures.assertMentions(e, "nowhere", "does not exist");
  }

  @Test
  void save_nullNetwork_throwsSayingWhatToPass() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OnnxFile.save(null, dir.resolve("m.onnx")));
    IoFixtures.assertMentions(e, "network and file must be given");
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
