package dev.tributary.examples.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running numpy reference: the script shipped as the resource {@code bench/numpy_matmul.py},
 * started once with {@code python3} and asked for one size at a time, so that numpy's measurement
 * of a size runs right after ours (under the same load of a shared machine).
 *
 * <p>The subprocess's environment (only its own) has {@code OPENBLAS_CORETYPE} and {@code
 * OPENBLAS_L2_SIZE} removed, so OpenBLAS picks its kernel from the CPU, and the BLAS thread count
 * set to the one asked for.
 */
final class NumpyReference implements AutoCloseable {
  private final Path script;
  private final Process process;
  private final BufferedReader reader;
  private final BufferedWriter writer;
  private final Map<String, String> info = new LinkedHashMap<>();
  private final int threads;
  private double lastOverhead;

  private NumpyReference(Path script, Process process, int threads) {
    this.script = script;
    this.process = process;
    this.threads = threads;
    this.reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.writer =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
  }

  /** The key a case is asked and reported under: {@code LAYOUT:M:N:K}. */
  static String key(String layout, int m, int n, int k) {
    return layout + ":" + m + ":" + n + ":" + k;
  }

  /**
   * Starts the reference with {@code threads} BLAS threads and reads what it reports about numpy.
   *
   * @throws IOException if python3 cannot be started or numpy is missing; the message says which
   */
  static NumpyReference start(int threads, int repetitions) throws IOException {
    Path script = Files.createTempFile("tributary-numpy-matmul", ".py");
    try (InputStream in = NumpyReference.class.getResourceAsStream("/bench/numpy_matmul.py")) {
      if (in == null) {
        throw new IOException("resource bench/numpy_matmul.py is missing from the classpath");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    ProcessBuilder pb =
        new ProcessBuilder(List.of("python3", script.toString(), Integer.toString(repetitions)))
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.remove("OPENBLAS_CORETYPE");
    env.remove("OPENBLAS_L2_SIZE");
    env.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
    env.put("OMP_NUM_THREADS", Integer.toString(threads));
    env.put("MKL_NUM_THREADS", Integer.toString(threads));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      Files.deleteIfExists(script);
      throw new IOException("cannot start python3 (" + e.getMessage() + ")", e);
    }
    NumpyReference ref = new NumpyReference(script, process, threads);
    ref.readInfo();
    return ref;
  }

  private void readInfo() throws IOException {
    StringBuilder other = new StringBuilder();
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.startsWith("info ") && line.contains("=")) {
        int eq = line.indexOf('=');
        info.put(line.substring(5, eq).trim(), line.substring(eq + 1).trim());
        if (line.startsWith("info threads=")) {
          return;
        }
      } else {
        other.append(line).append('\n');
      }
    }
    close();
    throw new IOException("python3 numpy_matmul.py failed: " + other.toString().trim());
  }

  /** Returns what the script reported: numpy's version, the BLAS and the kernel it uses. */
  Map<String, String> info() {
    return info;
  }

  /** Returns the BLAS thread count this reference runs with. */
  int threads() {
    return threads;
  }

  /**
   * Returns numpy's median time of one {@code matmul} for the case, in seconds, without the Python
   * loop's per-call overhead (measured on the same loop around a no-op and subtracted; {@link
   * #lastOverheadSeconds()} says how much).
   *
   * @throws IOException if the script died or answered something else
   */
  double seconds(String layout, int m, int n, int k) throws IOException {
    String key = key(layout, m, n, k);
    writer.write(key);
    writer.newLine();
    writer.flush();
    String line = reader.readLine();
    String[] f = line == null ? new String[0] : line.trim().split("\\s+");
    if (f.length != 7
        || !f[0].equals("case")
        || !key(f[1], parse(f[2]), parse(f[3]), parse(f[4])).equals(key)) {
      throw new IOException("numpy reference answered '" + line + "' to " + key);
    }
    try {
      double total = Double.parseDouble(f[5]);
      lastOverhead = Double.parseDouble(f[6]);
      return Ratios.withoutOverhead(total, lastOverhead);
    } catch (IllegalArgumentException e) {
      throw new IOException("numpy reference answered '" + line + "' to " + key, e);
    }
  }

  /** Returns the Python loop's per-call overhead subtracted from the last {@link #seconds}. */
  double lastOverheadSeconds() {
    return lastOverhead;
  }

  private static int parse(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Ends the script and deletes its temporary copy. */
  @Override
  public void close() throws IOException {
    try {
      writer.close();
    } catch (IOException e) {
      // the process is gone already
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
