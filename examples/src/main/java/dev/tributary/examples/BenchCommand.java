package dev.tributary.examples;

import dev.tributary.examples.bench.BenchOptions;
import dev.tributary.examples.bench.BenchSection;
import dev.tributary.examples.bench.ConvTrainingBench;
import dev.tributary.examples.bench.KernelBench;
import dev.tributary.examples.bench.TrainingBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code bench} subcommand: runs the benchmark sections and prints their figures and targets.
 *
 * <p>Run {@code ./tributary bench} for everything, {@code ./tributary bench --kernels} for the
 * kernel section alone, {@code --quick} for a smoke run. Sections live in {@code
 * dev.tributary.examples.bench}; to add one, implement {@link BenchSection}, add a selecting option
 * here and list it in {@link #sections()}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks Tributary on this machine: GFLOP/s per layout and size and µs per tiny product,"
          + " for the vector and scalar kernel paths, against numpy's matmul when python3 with"
          + " numpy is on the PATH; time per epoch of whole training runs (W1, W2, W3) against a"
          + " numpy implementation, allocation per step, and scaling.",
      "Figures are medians of repeated runs after a warm-up."
    })
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--kernels", description = "Run only the kernel section (matrix products).")
  boolean kernelsOnly;

  @Option(names = "--training", description = "Run only the training section (time per epoch).")
  boolean trainingOnly;

  @Option(
      names = "--conv",
      description =
          "Run only the convolution section: LeNet-5 and the digit-pair network against PyTorch"
              + " (libtorch through DJL, built on demand), and the conv kernels' GFLOP/s.")
  boolean convOnly;

  @Option(names = "--quick", description = "Fewer repetitions and sizes: a smoke run.")
  boolean quick;

  @Option(names = "--no-numpy", description = "Skip the numpy reference.")
  boolean noNumpy;

  /** Returns the sections the options select, in the order they run. */
  List<BenchSection> sections() {
    List<BenchSection> sections = new ArrayList<>();
    if (convOnly) {
      sections.add(new ConvTrainingBench());
      return sections;
    }
    if (!trainingOnly) {
      sections.add(new KernelBench());
    }
    if (!kernelsOnly) {
      sections.add(new TrainingBench());
    }
    return sections;
  }

  @Override
  public Integer call() {
    BenchOptions options = new BenchOptions(quick, !noNumpy, System.out);
    boolean allMet = true;
    for (BenchSection section : sections()) {
      System.out.println("== " + section.title() + (quick ? " (quick)" : ""));
      allMet &= section.run(options);
      System.out.println();
    }
    System.out.println(allMet ? "All targets met." : "Some targets were not met (FAIL above).");
    return 0;
  }
}
