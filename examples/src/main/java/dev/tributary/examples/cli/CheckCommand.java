package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import dev.tributary.graph.GradientCheck;
import dev.tributary.graph.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary check GRAPH}: validates a graph file and checks every backward pass of its
 * network against finite differences.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validates a graph (or model) file and gradient-checks its network against central finite"
          + " differences on random inputs in [0, 1].",
      "A gradient a passes against its finite difference n when |a - n| <= absolute tolerance"
          + " + relative tolerance * max(|a|, |n|).",
      "Exit status 0 when every scalar is within its bound, 1 otherwise."
    })
public final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "GRAPH.json|MODEL", description = "The file to check.")
  Path file;

  @Mixin SeedOption seed;

  /** Rows of random input. */
  @Mixin BatchOption batch = new BatchOption(4);

  @Option(
      names = "--epsilon",
      defaultValue = "1e-3",
      description = "Perturbation ε (default: ${DEFAULT-VALUE}).")
  double epsilon;

  @Option(
      names = "--tolerance",
      defaultValue = "1e-2",
      description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(
      names = "--absolute-tolerance",
      defaultValue = "1e-3",
      description = "Absolute tolerance (default: ${DEFAULT-VALUE}).")
  double absoluteTolerance;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int rows = batch.checked(spec);
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new ParameterException(
          spec.commandLine(), "--epsilon must be a finite number > 0, e.g. 1e-3; got " + epsilon);
    }
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new ParameterException(
          spec.commandLine(),
          "--tolerance must be a finite number > 0, e.g. 1e-2; got " + tolerance);
    }
    if (!(absoluteTolerance >= 0) || Double.isInfinite(absoluteTolerance)) {
      throw new ParameterException(
          spec.commandLine(),
          "--absolute-tolerance must be a finite number >= 0, e.g. 1e-3; got " + absoluteTolerance);
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(file + " is a folder; give a graph or model file");
    }
    Network net = Models.open(file, seed.get());
    System.out.printf(
        "%s: valid graph, %d nodes, %d parameters%n",
        file, net.forwardSchedule().size(), net.parameterCount());
    SplittableRandom rng = new SplittableRandom(seed.get());
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    for (String name : net.inputs()) {
      float[] d = new float[rows * net.width(name)];
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) rng.nextDouble();
      }
      inputs.put(name, Tensor.of(d, rows, net.width(name)));
    }
    GradientCheck.Report report =
        new GradientCheck(net)
            .epsilon(epsilon)
            .relativeTolerance(tolerance)
            .absoluteTolerance(absoluteTolerance)
            .run(inputs, seed.get());
    System.out.print(report);
    return report.passed() ? 0 : 1;
  }
}
