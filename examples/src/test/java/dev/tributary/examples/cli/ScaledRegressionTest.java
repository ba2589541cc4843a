package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Predictor;
import dev.tributary.graph.io.DataMetadata;
import dev.tributary.graph.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, target scaling: a regression target of order 10⁴ trains with the default options
 * (features and targets standardized) to a high R², reported in the original units, and {@code
 * predict} and the Java {@link Predictor} give the same numbers in those units.
 */
class ScaledRegressionTest {
  private static final long SEED = 7;
  private static final double MIN_R2 = 0.95;

  /** Relative agreement of predict's printed values (6 decimals) with the Java predictor. */
  private static final double RELATIVE_TOLERANCE = 1e-5;

  @TempDir Path tmp;

  /** 2 → 16 tanh → 1 linear: a regression head without a squashing output. */
  private Path graph() throws Exception {
    Path g = tmp.resolve("reg.json");
    Files.writeString(
        g,
        "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 2},"
            + " \"h\": {\"type\": \"Linear\", \"in\": 2, \"out\": 16}, \"a\": {\"type\": \"Tanh\"},"
            + " \"out\": {\"type\": \"Linear\", \"in\": 16, \"out\": 1}},"
            + " \"connectivity\": {\"x\": [\"h\"], \"h\": [\"a\"], \"a\": [\"out\"]}}");
    return g;
  }

  /** price = 12 000 + 3 000·sin(area) + 2 000·rooms, area and rooms in [−2, 2]. */
  private Path csv() throws Exception {
    SplittableRandom rng = new SplittableRandom(SEED);
    StringBuilder sb = new StringBuilder("area,rooms,price\n");
    for (int i = 0; i < 300; i++) {
      double a = rng.nextDouble(-2, 2);
      double b = rng.nextDouble(-2, 2);
      double price = 12_000 + 3_000 * Math.sin(a) + 2_000 * b;
      sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%.2f%n", a, b, price));
    }
    Path csv = tmp.resolve("houses.csv");
    Files.writeString(csv, sb.toString());
    return csv;
  }

  @Test
  void run_targetNear1e4_defaultsReachHighR2InOriginalUnitsAndPredictAgreesWithPredictor()
      throws Exception {
    Path out = tmp.resolve("run");
    Path data = csv();
    CliRun.Result r =
        CliRun.run(
            "run",
            graph().toString(),
            "--data",
            data.toString(),
            "--features",
            "area,rooms",
            "--targets",
            "price",
            "--no-plots",
            "--out",
            out.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("targets standardized with the training rows' mean"), r.out());
    Matcher m =
        Pattern.compile("test loss [0-9.]+, RMSE ([0-9.e+]+)  MAE [0-9.e+]+  R² ([0-9.-]+)")
            .matcher(r.out());
    assertTrue(m.find(), r.out());
    double rmse = Double.parseDouble(m.group(1));
    double r2 = Double.parseDouble(m.group(2));
    assertTrue(r2 >= MIN_R2, "R² " + r2 + "\n" + r.out());
    // In the original units: the target's deviation is about 2 500, so an RMSE of order 10².
    assertTrue(rmse > 10 && rmse < 1_000, "RMSE " + rmse);

    Path model = out.resolve("model.safetensors");
    Map<String, String> meta = ModelFile.readMetadata(model);
    assertTrue(meta.containsKey(DataMetadata.TARGET_MEANS), meta.toString());
    float mu = Float.parseFloat(meta.get(DataMetadata.TARGET_MEANS));
    assertTrue(mu > 10_000 && mu < 14_000, "target mean " + mu);

    Path rows = tmp.resolve("rows.csv");
    Files.writeString(rows, "rooms,area\n1.5,0.5\n-1,-1.2\n0,0\n");
    CliRun.Result p = CliRun.run("predict", model.toString(), "--data", rows.toString());
    assertEquals(0, p.status(), p.err());
    String[] lines = p.out().strip().split("\n", -1);
    assertEquals("area,rooms,out", lines[0]);
    Predictor predictor = ModelFile.loadPredictor(model);
    Tensor x = Tensor.of(new float[] {0.5f, 1.5f, -1.2f, -1f, 0f, 0f}, 3, 2);
    Tensor javaPrediction = predictor.predict(x);
    double[] truth = {
      12_000 + 3_000 * Math.sin(0.5) + 2_000 * 1.5, 12_000 + 3_000 * Math.sin(-1.2) - 2_000, 12_000
    };
    for (int i = 0; i < 3; i++) {
      double printed = Double.parseDouble(lines[i + 1].split(",", -1)[2]);
      assertEquals(javaPrediction.data()[i], printed, RELATIVE_TOLERANCE * Math.abs(printed));
      // Original units: within a few RMSEs of the true price, not a standardized value near 0.
      assertEquals(truth[i], printed, 5 * rmse, "row " + i);
    }
  }
}
