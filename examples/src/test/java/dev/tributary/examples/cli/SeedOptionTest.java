package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.examples.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** The {@code --seed} mixin: declared once, each command keeps its own default. */
class SeedOptionTest {
  private static Object parsed(String... args) {
    ParseResult r = Main.commandLine().parseArgs(args);
    return r.subcommand().commandSpec().userObject();
  }

  @Test
  void parse_noSeed_eachCommandsDefault() {
    RunCommand run = (RunCommand) parsed("run", "g.json");
    ExportCommand export = (ExportCommand) parsed("export", "g.json", "--onnx", "o.onnx");
    CheckCommand check = (CheckCommand) parsed("check", "g.json");
    assertEquals(1, run.options.seedOption.get());
    assertEquals(0, export.seed.get());
    assertEquals(1, check.seed.get());
  }

  @Test
  void parse_seedGiven_reachesTheMixin() {
    RunCommand run = (RunCommand) parsed("run", "g.json", "--seed", "42");
    ExportCommand export = (ExportCommand) parsed("export", "g.json", "--onnx", "o", "--seed", "7");
    assertEquals(42, run.options.seedOption.get());
    assertEquals(7, export.seed.get());
  }

  @Test
  void help_export_showsItsOwnDefault() {
    CliRun.Result r = CliRun.run("export", "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().replaceAll("\\s+", " ").contains("dropout (default: 0)"), r.out());
  }
}
