package dev.tributary.examples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times {@code numpy.matmul} on the benchmark's sizes by running the script shipped as the resource
 * {@code bench/numpy_matmul.py} with {@code python3}. The subprocess's environment (only its own)
 * has {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE} removed, so OpenBLAS picks its kernel
 * from the CPU, and the BLAS thread count set to the one asked for.
 */
final class NumpyReference {
  private static final long TIMEOUT_MINUTES = 10;

  /** What one run of the script reported: facts about numpy and a median time per case. */
  record Result(Map<String, String> info, Map<String, Double> secondsByCase) {}

  private NumpyReference() {}

  /** The key a case is reported under: {@code LAYOUT:M:N:K}. */
  static String key(String layout, int m, int n, int k) {
    return layout + ":" + m + ":" + n + ":" + k;
  }

  /**
   * Runs the script on {@code cases} with {@code threads} BLAS threads.
   *
   * @throws IOException if python3 cannot be started, numpy is missing or the script fails; the
   *     message says which
   */
  static Result run(List<String> cases, int threads, int repetitions)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile("tributary-numpy-matmul", ".py");
    try (InputStream in = NumpyReference.class.getResourceAsStream("/bench/numpy_matmul.py")) {
      if (in == null) {
        throw new IOException("resource bench/numpy_matmul.py is missing from the classpath");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      List<String> command = new ArrayList<>();
      command.add("python3");
      command.add(script.toString());
      command.add(Integer.toString(repetitions));
      command.addAll(cases);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.remove("OPENBLAS_CORETYPE");
      env.remove("OPENBLAS_L2_SIZE");
      env.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
      env.put("OMP_NUM_THREADS", Integer.toString(threads));
      env.put("MKL_NUM_THREADS", Integer.toString(threads));
      Process process = pb.start();
      Map<String, String> info = new LinkedHashMap<>();
      Map<String, Double> seconds = new LinkedHashMap<>();
      StringBuilder other = new StringBuilder();
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          String[] f = line.trim().split("\\s+");
          if (line.startsWith("info ") && line.contains("=")) {
            int eq = line.indexOf('=');
            info.put(line.substring(5, eq).trim(), line.substring(eq + 1).trim());
          } else if (f.length == 6 && f[0].equals("case")) {
            seconds.put(
                key(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])),
                Double.parseDouble(f[5]));
          } else {
            other.append(line).append('\n');
          }
        }
      }
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("the numpy reference did not finish in " + TIMEOUT_MINUTES + " min");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "python3 numpy_matmul.py exited with "
                + process.exitValue()
                + ": "
                + other.toString().trim());
      }
      return new Result(info, seconds);
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
