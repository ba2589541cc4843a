package dev.tributary.examples.cli;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A digit image that cannot be read: missing PNG signature, empty, truncated or corrupt, zero-sized
 * or too large. The message starts with the file and says what is wrong.
 */
public final class DigitImageException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * Creates an exception about {@code file}.
   *
   * @param file the image file
   * @param problem what is wrong, and how to fix it when a fix is known
   */
  public DigitImageException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** Creates an exception about {@code file}, caused by another exception. */
  public DigitImageException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** Returns the image file the problem is about. */
  public Path file() {
    return file;
  }
}
