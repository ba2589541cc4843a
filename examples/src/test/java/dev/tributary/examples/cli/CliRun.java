package dev.tributary.examples.cli;

import dev.tributary.examples.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and captures what it printed. */
final class CliRun {
  private CliRun() {}

  /** The exit status and what a command printed. */
  record Result(int status, String out, String err) {}

  static Result run(String... args) {
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
                  new java.io.PrintWriter(
                      new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
              .setErr(
                  new java.io.PrintWriter(
                      new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true))
              .execute(args);
      return new Result(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
