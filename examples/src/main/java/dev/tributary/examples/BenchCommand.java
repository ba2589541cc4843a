package dev.tributary.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code bench} subcommand: kernel benchmarks (a placeholder until the kernel bench lands). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks the kernels (GFLOP/s per layout and size, µs per tiny product).")
public final class BenchCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.println("bench: the kernel benchmark is being written; nothing to run yet.");
    return 0;
  }
}
