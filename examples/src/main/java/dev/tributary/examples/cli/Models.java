package dev.tributary.examples.cli;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens what the commands take: a graph file ({@code .json}) or a model file. */
final class Models {
  private Models() {}

  /** Returns whether {@code file} is a graph file by its extension. */
  static boolean isGraph(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  /**
   * Builds the network of a graph file (parameters from {@code seed}) or loads a model file.
   *
   * @throws IOException if the file is missing, unreadable or malformed
   */
  static Network open(Path file, long seed) throws IOException {
    if (!Files.exists(file)) {
      throw new java.nio.file.NoSuchFileException(file + " (no such file)");
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          file + " is a folder; give a graph file (.json) or a model file (.safetensors)");
    }
    return isGraph(file) ? GraphSpec.read(file).build(seed) : ModelFile.load(file);
  }
}
