package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.io.DataMetadata;
import dev.tributary.graph.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's task fixes end to end: multi-class and regression reported as such, targets checked
 * against the loss before training (and no run folder left behind), the siamese objective printed
 * as trained, predictions by column name, early stopping and fine-tuning said in the output.
 */
class TasksTest {
  private static final Path CONVERGING = Path.of("graphs", "converging.json");
  private static final long SEED = 3;

  @TempDir Path tmp;

  /** A 2 → 3 classifier graph: one hidden layer, three logits. */
  private Path threeClassGraph() throws Exception {
    Path g = tmp.resolve("three.json");
    Files.writeString(
        g,
        "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 2},"
            + " \"h\": {\"type\": \"Linear\", \"in\": 2, \"out\": 16}, \"a\": {\"type\": \"Tanh\"},"
            + " \"out\": {\"type\": \"Linear\", \"in\": 16, \"out\": 3}},"
            + " \"connectivity\": {\"x\": [\"h\"], \"h\": [\"a\"], \"a\": [\"out\"]}}");
    return g;
  }

  /** Rows sorted by class: the three classes are thirds of the plane by angle around 0. */
  private Path threeClassCsv() throws Exception {
    SplittableRandom rng = new SplittableRandom(SEED);
    StringBuilder[] byClass = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
    for (int i = 0; i < 300; i++) {
      double x = rng.nextDouble(-1, 1);
      double y = rng.nextDouble(-1, 1);
      double angle = Math.atan2(y, x) + Math.PI;
      int c = Math.min(2, (int) (angle / (2 * Math.PI / 3)));
      byClass[c].append(String.format(java.util.Locale.ROOT, "%.5f,%.5f,%d%n", x, y, c));
    }
    Path csv = tmp.resolve("three.csv");
    Files.writeString(csv, "a,b,label\n" + byClass[0] + byClass[1] + byClass[2]);
    return csv;
  }

  @Test
  void run_threeClasses_confusionMatrixAndStratifiedSplit() throws Exception {
    Path out = tmp.resolve("run3");
    CliRun.Result r =
        CliRun.run(
            "run",
            threeClassGraph().toString(),
            "--data",
            threeClassCsv().toString(),
            "--features",
            "a,b",
            "--targets",
            "label",
            "--loss",
            "cross-entropy",
            "--epochs",
            "60",
            "--batch",
            "20",
            "--out",
            out.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("stratified by class"), r.out());
    assertTrue(r.out().contains("task: classify (--loss cross-entropy"), r.out());
    assertTrue(
        r.out().contains("test confusion matrix (rows: true class, columns: predicted class):"),
        r.out());
    String[] lines = r.out().split("\n", -1);
    int at =
        java.util.Arrays.asList(lines)
            .indexOf("test confusion matrix (rows: true class," + " columns: predicted class):");
    long total = 0;
    for (int k = 0; k < 3; k++) {
      String[] cells = lines[at + 2 + k].trim().split("\\s+", -1);
      assertEquals("true", cells[0]);
      long rowSum = 0;
      for (int c = 2; c < cells.length; c++) {
        rowSum += Long.parseLong(cells[c]);
      }
      assertTrue(rowSum > 0, "every class is in the stratified test set: " + lines[at + 2 + k]);
      total += rowSum;
    }
    assertEquals(60, total, "20% of 300 rows");
    for (String png : List.of("prediction-map.png", "confusion-matrix.png")) {
      java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(out.resolve(png).toFile());
      assertEquals(800, image.getWidth(), png);
    }
  }

  @Test
  void run_continuousTarget_reportsRegressionNotAccuracy() throws Exception {
    SplittableRandom rng = new SplittableRandom(SEED);
    StringBuilder sb = new StringBuilder("x1,x2,y\n");
    for (int i = 0; i < 200; i++) {
      double a = rng.nextDouble();
      double b = rng.nextDouble();
      sb.append(String.format(java.util.Locale.ROOT, "%.5f,%.5f,%.5f%n", a, b, 3 * a - 2 * b + 1));
    }
    Path csv = tmp.resolve("reg.csv");
    Files.writeString(csv, sb.toString());
    Path out = tmp.resolve("reg");
    CliRun.Result r =
        CliRun.run(
            "run",
            CONVERGING.toString(),
            "--data",
            csv.toString(),
            "--features",
            "x1,x2",
            "--targets",
            "y",
            "--epochs",
            "20",
            "--out",
            out.toString());
    // The converging graph ends in a sigmoid, so it cannot reach targets up to 4: the metrics must
    // say so rather than report an accuracy.
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("task: regress (the targets take more than two values"), r.out());
    assertTrue(
        r.out().matches("(?s).*final \\(p\\): train loss [0-9.]+, RMSE .* MAE .* R² .*"), r.out());
    assertFalse(r.out().contains("accuracy"), r.out());
    Map<String, String> meta = ModelFile.readMetadata(out.resolve("model.safetensors"));
    assertEquals("regress", meta.get(DataMetadata.TASK));
    assertTrue(meta.containsKey("tributary.test.r2"), meta.toString());
    assertFalse(meta.containsKey("tributary.test.accuracy"), meta.toString());
    assertTrue(Files.exists(out.resolve("predicted-vs-true.png")));
    assertFalse(Files.exists(out.resolve("error.png")));
  }

  @Test
  void run_bceTargetOutsideUnitInterval_namesColumnAndRowAndLeavesNoFolder() throws Exception {
    Path csv = tmp.resolve("bad.csv");
    Files.writeString(csv, "x1,x2,label\n0.1,0.2,0\n0.3,0.4,1\n0.5,0.6,2\n0.7,0.8,1\n");
    Path out = tmp.resolve("never");
    CliRun.Result r =
        CliRun.run(
            "run",
            CONVERGING.toString(),
            "--data",
            csv.toString(),
            "--features",
            "x1,x2",
            "--targets",
            "label",
            "--loss",
            "bce",
            "--out",
            out.toString());
    assertEquals(1, r.status());
    assertTrue(
        r.err()
            .contains(
                "--loss bce needs targets in [0, 1], but column `label` is 2.0 in data" + " row 3"),
        r.err());
    assertFalse(Files.exists(out), "a failed run leaves no folder");
  }

  @Test
  void run_featuresWiderThanInput_namesTheOptionBeforeTraining() throws Exception {
    Path csv = tmp.resolve("wide.csv");
    Files.writeString(csv, "\uFEFFa,b,c,label\n1,2,3,0\n4,5,6,1\n7,8,9,0\n1,1,1,1\n");
    CliRun.Result r =
        CliRun.run(
            "run",
            CONVERGING.toString(),
            "--data",
            csv.toString(),
            "--features",
            "a,b,c",
            "--targets",
            "label");
    assertEquals(1, r.status());
    assertTrue(
        r.err()
            .contains(
                "--features names 3 columns [a, b, c] but the network's input `x` takes" + " 2"),
        r.err());
    assertFalse(r.out().contains("training:"), r.out());
  }

  @Test
  void run_siamese_printsAndStoresTheTrainedObjective() throws Exception {
    Path out = tmp.resolve("siamese");
    CliRun.Result r =
        CliRun.run(
            "run",
            Path.of("graphs", "siamese.json").toString(),
            "--data",
            "siamese",
            "--epochs",
            "3",
            "--train-size",
            "100",
            "--test-size",
            "50",
            "--no-plots",
            "--out",
            out.toString());
    assertEquals(0, r.status(), r.err());
    String objective = "1·bce-logits(out, closer) + 0.5·mse(aux1, d1) + 0.5·mse(aux2, d2)";
    assertTrue(r.out().contains("loss " + objective), r.out());
    assertTrue(r.out().contains("test loss terms:"), r.out());
    assertEquals(
        objective,
        ModelFile.readMetadata(out.resolve("model.safetensors")).get("tributary.train.loss"));
  }

  @Test
  void predict_columnsReordered_usesTrainedNamesAndScaling() throws Exception {
    Path out = tmp.resolve("disc");
    CliRun.Result trained =
        CliRun.run(
            "run",
            CONVERGING.toString(),
            "--epochs",
            "10",
            "--train-size",
            "200",
            "--test-size",
            "50",
            "--no-plots",
            "--out",
            out.toString());
    assertEquals(0, trained.status(), trained.err());
    Path inOrder = tmp.resolve("a.csv");
    Files.writeString(inOrder, "x1,x2\n0.5,0.5\n0.05,0.9\n");
    Path shuffled = tmp.resolve("b.csv");
    Files.writeString(shuffled, "note,x2,x1\nq,0.5,0.5\nr,0.9,0.05\n");
    String model = out.resolve("model.safetensors").toString();
    CliRun.Result a = CliRun.run("predict", model, "--data", inOrder.toString());
    CliRun.Result b = CliRun.run("predict", model, "--data", shuffled.toString());
    assertEquals(0, a.status(), a.err());
    assertEquals(0, b.status(), b.err());
    assertEquals(a.out(), b.out());
    assertTrue(
        ModelFile.readMetadata(out.resolve("model.safetensors")).containsKey(DataMetadata.MEANS));
  }

  @Test
  void predict_graphFile_saysItIsAGraphFile() {
    CliRun.Result r = CliRun.run("predict", CONVERGING.toString(), "--data", "x.csv");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("is a graph file, not a model file"), r.err());
  }

  @Test
  void run_patienceAndInitFrom_sayWhatTheyDid() throws Exception {
    Path first = tmp.resolve("first");
    assertEquals(
        0,
        CliRun.run(
                "run",
                CONVERGING.toString(),
                "--epochs",
                "5",
                "--train-size",
                "200",
                "--test-size",
                "50",
                "--no-plots",
                "--out",
                first.toString())
            .status());
    CliRun.Result r =
        CliRun.run(
            "run",
            CONVERGING.toString(),
            "--epochs",
            "40",
            "--patience",
            "3",
            "--train-size",
            "200",
            "--test-size",
            "50",
            "--no-plots",
            "--init-from",
            first.resolve("model.safetensors").toString(),
            "--out",
            tmp.resolve("second").toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.out()
            .contains(
                "init from "
                    + first.resolve("model.safetensors")
                    + ": loaded 6 parameters by name"),
        r.out());
    // 10% of the 200 training rows, rounded per class by the stratified split.
    assertTrue(
        r.out()
            .matches(
                "(?s).*early stopping: patience 3 epochs on the loss of a validation set \\(2\\d"
                    + " of the training rows.*"),
        r.out());
    assertTrue(
        r.out().matches("(?s).*early stopping: (stopped|ran every epoch) after epoch \\d+; .*"),
        r.out());
    assertTrue(
        List.of("restored the weights of epoch", "the last epoch was the best").stream()
            .anyMatch(r.out()::contains),
        r.out());
  }
}
