package dev.tributary.graph.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that cannot be read or written: truncated, corrupt, not a safetensors file, not
 * matching its graph, or in a folder that cannot be written. The message starts with the file and
 * says what is wrong.
 */
public class ModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * Creates an exception about {@code file}.
   *
   * @param file the model file
   * @param problem what is wrong, and how to fix it when a fix is known
   */
  public ModelFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** Creates an exception about {@code file}, caused by another exception. */
  public ModelFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** Returns the file the problem is about. */
  public Path file() {
    return file;
  }
}
