package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Splitter;
import dev.tributary.examples.Main;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.ModelFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on small settings, checking what it prints and writes. */
class CliTest {
  private static final Path CONVERGING = Path.of("graphs", "converging.json");

  @TempDir Path tmp;

  /** The exit status and what a command printed. */
  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status =
          Main.commandLine()
              .setOut(
                  new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
              .setErr(
                  new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true))
              .execute(args);
      return new Result(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Result train(Path out) {
    return run(
        "run",
        CONVERGING.toString(),
        "--epochs",
        "15",
        "--train-size",
        "200",
        "--test-size",
        "100",
        "--batch",
        "20",
        "--out",
        out.toString());
  }

  @Test
  void run_smallDisc_writesModelHistoryAndDecodablePictures() throws Exception {
    Path out = tmp.resolve("run");
    Result r = train(out);
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("fc1   Linear 2→25"), r.out()); // describe() table
    assertTrue(r.out().contains("test confusion: TP"), r.out());
    List<String> history = Files.readAllLines(out.resolve("history.csv"));
    assertEquals(1 + 15, history.size());
    for (String png : List.of("loss.png", "error.png", "prediction-map.png")) {
      BufferedImage image = ImageIO.read(out.resolve(png).toFile());
      assertEquals(800, image.getWidth(), png);
      assertEquals(600, image.getHeight(), png);
    }
    assertTrue(Files.readString(out.resolve("graph.dot")).contains("\"a1\" -> \"sum\""));
    Network model = ModelFile.load(out.resolve("model.safetensors"));
    assertEquals(176, model.parameterCount());
    assertEquals(
        "15",
        ModelFile.readMetadata(out.resolve("model.safetensors")).get("tributary.train.epochs"));
  }

  @Test
  void run_withGraphviz_alsoWritesSvgAndPng() throws Exception {
    boolean dot;
    try {
      dot = new ProcessBuilder("dot", "-V").start().waitFor() == 0;
    } catch (java.io.IOException e) {
      dot = false;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(dot, "Graphviz's dot is not installed");
    Path out = tmp.resolve("run");
    assertEquals(0, train(out).status());
    assertTrue(Files.readString(out.resolve("graph.svg")).contains("<svg"));
    assertTrue(ImageIO.read(out.resolve("graph.png").toFile()).getHeight() > 100);
  }

  @Test
  void predict_csv_writesOneRowPerInputRow() throws Exception {
    Path out = tmp.resolve("run");
    assertEquals(0, train(out).status());
    Path csv = tmp.resolve("points.csv");
    Files.writeString(csv, "x1,x2\n0.5,0.5\n0.02,0.03\n0.9,0.1\n");
    Path predictions = tmp.resolve("predictions.csv");
    Result r =
        run(
            "predict",
            out.resolve("model.safetensors").toString(),
            "--data",
            csv.toString(),
            "--out",
            predictions.toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = Files.readAllLines(predictions);
    assertEquals(
        List.of("x1", "x2", "p", "class", "probability"),
        Splitter.on(',').splitToList(lines.get(0)));
    assertEquals(4, lines.size());
    for (String line : lines.subList(1, 4)) {
      List<String> cells = Splitter.on(',').splitToList(line);
      double p = Double.parseDouble(cells.get(2));
      assertTrue(p >= 0 && p <= 1, line);
      int cls = Integer.parseInt(cells.get(3));
      assertEquals(p >= 0.5 ? 1 : 0, cls, line);
      assertEquals(cls == 1 ? p : 1 - p, Double.parseDouble(cells.get(4)), 1e-6, line);
    }
  }

  @Test
  void describe_graphFile_printsScheduleTable() {
    Result r = run("describe", CONVERGING.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("8 nodes, 1 inputs [x], 1 outputs [p], 176 parameters"), r.out());
  }

  @Test
  void describe_dot_printsGraphviz() {
    Result r = run("describe", "--dot", CONVERGING.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("digraph network {"), r.out());
  }

  @Test
  void check_shippedGraphs_pass() {
    for (String g : List.of("seed.json", "converging.json", "siamese.json")) {
      Result r = run("check", Path.of("graphs", g).toString());
      assertEquals(0, r.status(), g + ": " + r.out() + r.err());
      assertTrue(r.out().contains("PASSED"), r.out());
    }
  }

  @Test
  void run_missingFile_oneLineErrorAndStatus1() {
    Result r = run("run", tmp.resolve("nope.json").toString());
    assertEquals(1, r.status());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("no such file"), r.err());
  }

  @Test
  void run_badArgument_oneLineErrorAndStatus2() {
    Result r = run("run", CONVERGING.toString(), "--epochs", "many");
    assertEquals(2, r.status());
    assertEquals(
        "run: Invalid value for option '--epochs': 'many' is not an int (see 'tributary run"
            + " --help')",
        r.err().strip());
  }

  @Test
  void run_unknownData_namesTheChoices() {
    Result r = run("run", CONVERGING.toString(), "--data", "moons");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("disc, disc-onehot, linear, siamese"), r.err());
  }

  @Test
  void run_malformedGraph_namesFileAndField() throws Exception {
    Path bad = tmp.resolve("bad.json");
    Files.writeString(
        bad,
        "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": \"two\"}}, \"connectivity\": {}}");
    Result r = run("run", bad.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("bad.json"), r.err());
    assertTrue(r.err().contains("size"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void help_everyCommand_exitsZero() {
    for (String cmd : List.of("run", "predict", "describe", "check", "bench")) {
      Result r = run(cmd, "--help");
      assertEquals(0, r.status(), cmd);
      assertTrue(r.out().contains("Usage: tributary " + cmd), r.out());
    }
  }
}
