package dev.tributary.graph.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Replaces a file atomically: the content goes to a new temporary file in the same folder, which is
 * flushed and synced to the device ({@link FileChannel#force}) and then renamed over the target
 * ({@code ATOMIC_MOVE}, or a plain replacing move where the file system cannot do it atomically).
 * Readers see the old file or the new one, never a mix; a failure at any point deletes the
 * temporary file and leaves the old file untouched.
 *
 * <p>The temporary file is named {@code .<target name>.<random>.tmp} and created with {@code
 * CREATE_NEW}, so it gets the permissions a new file normally gets (those of the umask). A process
 * killed mid-write can leave one behind; it is safe to delete.
 */
final class AtomicFile {
  private static final int BUFFER_BYTES = 1 << 16;
  private static final int NAME_ATTEMPTS = 16;

  /** Writes the content of a file. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /**
   * Writes {@code content} to {@code target} atomically.
   *
   * @param faults wraps the stream that goes to the temporary file; tests use it to fail at a given
   *     byte, production code passes {@link UnaryOperator#identity()}
   * @throws ModelFileException if the folder is missing or not writable, or writing fails; the
   *     target is then unchanged
   */
  static void write(Path target, Content content, UnaryOperator<OutputStream> faults)
      throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir == null || absolute.getFileName() == null) {
      throw new ModelFileException(
          target, "is not a file path; name a file, e.g. model.safetensors");
    }
    if (!Files.isDirectory(dir)) {
      throw new ModelFileException(
          target,
          "the folder " + dir + " does not exist; create it first (Files.createDirectories)");
    }
    if (Files.isDirectory(absolute)) {
      throw new ModelFileException(target, "is a folder; name a file inside it instead");
    }
    Path tmp = createTemp(target, dir, absolute.getFileName().toString());
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out =
            new BufferedOutputStream(faults.apply(Channels.newOutputStream(ch)), BUFFER_BYTES);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      } catch (IOException e) {
        throw new ModelFileException(
            target,
            "writing failed ("
                + e
                + "); the previous file, if any, is unchanged. Check the free space and retry",
            e);
      }
      move(tmp, absolute, target);
      moved = true;
      syncFolder(dir);
    } finally {
      if (!moved) {
        deleteQuietly(tmp);
      }
    }
  }

  private static Path createTemp(Path target, Path dir, String name) throws ModelFileException {
    for (int attempt = 0; ; attempt++) {
      String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
      Path tmp = dir.resolve("." + name + "." + random + ".tmp");
      try {
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt == NAME_ATTEMPTS) {
          throw new ModelFileException(target, "cannot pick a temporary file name in " + dir, e);
        }
      } catch (AccessDeniedException e) {
        throw new ModelFileException(
            target,
            "cannot write in the folder " + dir + " (permission denied); choose a writable folder",
            e);
      } catch (IOException e) {
        throw new ModelFileException(
            target, "cannot create a file in the folder " + dir + " (" + e + ")", e);
      }
    }
  }

  private static void move(Path tmp, Path absolute, Path target) throws ModelFileException {
    try {
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ModelFileException(
          target,
          "cannot move the written file into place (" + e + "); the previous file is unchanged",
          e);
    }
  }

  /** Makes the rename durable where the platform allows syncing a folder (Linux, macOS). */
  private static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // Not supported on this platform (e.g. Windows); the rename itself has happened.
    }
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // Best effort: the temporary file is named so that it is recognisable and safe to delete.
    }
  }
}
