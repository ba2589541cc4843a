package dev.tributary.examples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The numpy reference of the training section: runs the resource {@code bench/numpy_training.py}
 * with {@code python3}, in an environment (its own only) with {@code OPENBLAS_CORETYPE} and {@code
 * OPENBLAS_L2_SIZE} removed and the BLAS thread count pinned, and reads its JSON line.
 */
final class NumpyTraining {
  private NumpyTraining() {}

  /** One numpy measurement: ms per epoch (NaN when missing), samples per epoch, BLAS threads. */
  record Run(double msPerEpoch, int samples, String threads) {
    static final Run MISSING = new Run(Double.NaN, 0, "n/a");

    boolean missing() {
      return Double.isNaN(msPerEpoch);
    }

    /**
     * Parses the script's JSON line: {@code "ms_per_epoch"}, {@code "samples"}, {@code "threads"}.
     *
     * @throws IllegalArgumentException if a field is missing or not a number, naming it
     */
    static Run parse(String output) {
      return new Run(
          Double.parseDouble(field(output, "ms_per_epoch")),
          Integer.parseInt(field(output, "samples")),
          field(output, "threads"));
    }

    private static String field(String output, String name) {
      String key = "\"" + name + "\": ";
      int at = output.indexOf(key);
      if (at < 0) {
        throw new IllegalArgumentException(
            "numpy_training.py printed no \"" + name + "\" field: " + output.strip());
      }
      int from = at + key.length();
      int end = from;
      while (end < output.length() && ",}".indexOf(output.charAt(end)) < 0) {
        end++;
      }
      return output.substring(from, end).trim().replace("\"", "");
    }
  }

  /** Runs the numpy reference of a workload; {@link Run#MISSING} without python3 or numpy. */
  static Run run(
      String workload, int epochs, int rounds, int threads, int wideBatches, BenchOptions options) {
    if (!options.numpy()) {
      return Run.MISSING;
    }
    try {
      Path script = Files.createTempFile("tributary-numpy-training", ".py");
      try {
        try (InputStream in = NumpyTraining.class.getResourceAsStream("/bench/numpy_training.py")) {
          if (in == null) {
            throw new IOException("resource bench/numpy_training.py is missing");
          }
          Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd =
            new ArrayList<>(
                List.of(
                    "python3",
                    script.toString(),
                    workload,
                    Integer.toString(epochs),
                    Integer.toString(rounds)));
        if (wideBatches > 0) {
          cmd.add(Integer.toString(wideBatches));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
          options.out().println("numpy reference failed: " + output.strip());
          return Run.MISSING;
        }
        Run run = Run.parse(output);
        return run;
      } finally {
        Files.deleteIfExists(script);
      }
    } catch (IOException | RuntimeException e) {
      options.out().println("numpy reference unavailable (" + e.getMessage() + ")");
      return Run.MISSING;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Run.MISSING;
    }
  }
}
