package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.examples.Main;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/**
 * The {@code --epochs} and {@code --batch} mixins: declared once, each command keeps its default.
 */
class EpochsAndBatchOptionTest {
  private static Object parsed(String... args) {
    ParseResult r = Main.commandLine().parseArgs(args);
    return r.subcommand().commandSpec().userObject();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ");
  }

  @Test
  void parse_noEpochsOrBatch_eachCommandsDefault() {
    RunCommand run = (RunCommand) parsed("run", "g.json");
    CheckCommand check = (CheckCommand) parsed("check", "g.json");
    assertEquals(1000, run.options.epochs.get());
    assertEquals(50, run.options.batch.get());
    assertEquals(4, check.batch.get());
  }

  @Test
  void parse_epochsAndBatchGiven_reachTheMixins() {
    RunCommand run = (RunCommand) parsed("run", "g.json", "--epochs", "7", "--batch", "3");
    CheckCommand check = (CheckCommand) parsed("check", "g.json", "--batch", "9");
    assertEquals(7, run.options.epochs.get());
    assertEquals(3, run.options.batch.get());
    assertEquals(9, check.batch.get());
  }

  @Test
  void help_runAndCheck_showEachCommandsDefault() {
    CliRun.Result run = CliRun.run("run", "--help");
    CliRun.Result check = CliRun.run("check", "--help");
    assertEquals(0, run.status());
    assertEquals(0, check.status());
    assertTrue(oneLine(run.out()).contains("passes over the training rows (default: 1000)"));
    assertTrue(oneLine(run.out()).contains("backward pass (default: 50)"), run.out());
    assertTrue(oneLine(check.out()).contains("backward pass (default: 4)"), check.out());
  }

  @Test
  void check_batchZero_status2NamingTheOption() {
    CliRun.Result r =
        CliRun.run("check", Path.of("graphs", "seed.json").toString(), "--batch", "0");
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("--batch must be at least 1, got 0"), r.err());
  }

  @Test
  void help_experiments_showEachExperimentsDefault() {
    // The seed experiments share the mixins too, each with the default its study uses.
    CliRun.Result adaptive = CliRun.run("adaptive-rate", "--help");
    CliRun.Result linear = CliRun.run("linear-vs-deep", "--help");
    assertEquals(0, adaptive.status());
    assertTrue(oneLine(adaptive.out()).contains("training rows (default: 2000)"), adaptive.out());
    assertTrue(oneLine(linear.out()).contains("training rows (default: 1000)"), linear.out());
    assertTrue(oneLine(linear.out()).contains("backward pass (default: 10)"), linear.out());
  }

  @Test
  void experiment_epochsZero_status2NamingTheOption() {
    CliRun.Result r = CliRun.run("mse-vs-mae", "--epochs", "0");
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("--epochs must be at least 1, got 0"), r.err());
  }

  @Test
  void constructor_defaultBelowOne_throwsNamingTheValue() {
    IllegalArgumentException epochs =
        assertThrows(IllegalArgumentException.class, () -> new EpochsOption(0));
    IllegalArgumentException batch =
        assertThrows(IllegalArgumentException.class, () -> new BatchOption(-2));
    assertEquals("default epochs must be at least 1, got 0", epochs.getMessage());
    assertEquals("default batch size must be at least 1, got -2", batch.getMessage());
  }
}
