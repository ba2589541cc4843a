package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad option values exit with status 2 and the option's name before anything is loaded: the graph
 * named here does not exist, so any attempt to load it would fail with status 1 instead.
 */
class OptionChecksTest {
  private static final String MISSING_GRAPH = "no-such-graph.json";

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--epochs, -3, --epochs must be at least 1, got -3",
    "--batch, 0, --batch must be at least 1, got 0",
    "--lr, NaN, '--lr must be a finite number > 0, got NaN'",
    "--loss, hinge, --loss: unknown loss 'hinge'",
    "--optimizer, lbfgs, --optimizer: unknown optimizer 'lbfgs'",
    "--momentum, 0.9, --momentum applies to --optimizer sgd only",
    "--features, 'a,b', --features applies to CSV data",
    "--patience, -1, --patience must be ≥ 0",
    "--schedule, 'step:0:0.5', --schedule step:0:0.5: need a count ≥ 1",
    "--test-fraction, 1.5, '--test-fraction must lie in (0, 1), got 1.5'",
    "--task, cluster, --task must be classify, regress or auto"
  })
  void run_badOptionValue_status2NamingTheOptionBeforeLoading(
      String option, String value, String message) {
    CliRun.Result r = CliRun.run("run", MISSING_GRAPH, option, value);
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith("run: " + message), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertEquals("", r.out());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--epsilon, 0, '--epsilon must be a finite number > 0'",
    "--tolerance, -1, '--tolerance must be a finite number > 0'",
    "--absolute-tolerance, -1, '--absolute-tolerance must be a finite number >= 0'"
  })
  void check_badOptionValue_status2(String option, String value, String message) {
    CliRun.Result r = CliRun.run("check", MISSING_GRAPH, option, value);
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith("check: " + message), r.err());
  }

  @Test
  void run_outIsAnExistingFile_status2SayingGiveAFolder() throws Exception {
    Path file = tmp.resolve("taken.txt");
    Files.writeString(file, "keep me");
    CliRun.Result r = CliRun.run("run", MISSING_GRAPH, "--out", file.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("--out " + file + " is an existing file; give a folder"), r.err());
    assertEquals("keep me", Files.readString(file));
  }

  @Test
  void run_graphIsAFolder_saysSo() {
    CliRun.Result r = CliRun.run("run", tmp.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains(tmp + " is a folder; give a graph file"), r.err());
  }

  @Test
  void help_everyCommand_noPicocliWarning() {
    for (String cmd : List.of("run", "predict", "describe", "check")) {
      CliRun.Result r = CliRun.run(cmd, "--help");
      assertEquals(0, r.status(), cmd);
      assertEquals("", r.err(), cmd + " --help printed to stderr");
      assertFalse(r.out().contains("WARN"), r.out());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "report000, --rounds, -1",
    "adaptive-rate, --rounds, -1",
    "report002, --rounds, 0",
    "activation-optimizer, --rounds, 0",
    "mse-vs-mae, --epochs, 0",
    "siamese, --epochs, 0"
  })
  void experiment_countBelowOne_status2NamingTheOption(
      String command, String option, String value) {
    CliRun.Result r = CliRun.run(command, option, value);
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains(option + " must be at least 1, got " + value), r.err());
  }

  @Test
  void version_shortOption_printsTheVersion() {
    CliRun.Result r = CliRun.run("-V");
    assertEquals(0, r.status());
    assertEquals("tributary 0.1.0", r.out().strip());
  }
}
