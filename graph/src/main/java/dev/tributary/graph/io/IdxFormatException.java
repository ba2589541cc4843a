package dev.tributary.graph.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An IDX file (the MNIST format) that cannot be read: not IDX or gzip, a wrong magic number, an
 * unsupported type byte, a rank or dimension that is out of range, or data that does not match the
 * header's declared size. The message starts with the file and the header field and says what is
 * wrong; the parts are available as {@link #file()} and {@link #field()}.
 */
public final class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String field;

  /**
   * Creates an exception about one field of {@code file}.
   *
   * @param file the IDX file
   * @param field the header field or part of the file that is wrong ({@code magic}, {@code type
   *     byte}, {@code rank}, {@code dimension 0}, {@code data}, ...)
   * @param problem what is wrong, and how to fix it when a fix is known
   */
  public IdxFormatException(Path file, String field, String problem) {
    super(file + ": " + field + ": " + problem);
    this.file = file;
    this.field = field;
  }

  /** Creates an exception about one field of {@code file}, caused by another exception. */
  public IdxFormatException(Path file, String field, String problem, Throwable cause) {
    super(file + ": " + field + ": " + problem, cause);
    this.file = file;
    this.field = field;
  }

  /** Returns the file the problem is about. */
  public Path file() {
    return file;
  }

  /** Returns the header field or part of the file that is wrong. */
  public String field() {
    return field;
  }
}
