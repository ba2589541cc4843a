package dev.tributary.examples.cli;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.ModelFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary describe GRAPH|MODEL}: the schedule table, and the DOT graph if asked. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = "Prints a graph or model file's nodes in schedule order, shapes and parameters.")
public final class DescribeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "GRAPH.json|MODEL", description = "A graph or model file.")
  Path file;

  @Option(names = "--dot", description = "Print the graph in Graphviz DOT instead of the table.")
  boolean dot;

  @Override
  public Integer call() throws Exception {
    Network net = Models.open(file, 0);
    if (dot) {
      System.out.print(net.toDot());
      return 0;
    }
    System.out.print(net.describe());
    if (!Models.isGraph(file)) {
      System.out.println("metadata:");
      for (Map.Entry<String, String> e : ModelFile.readMetadata(file).entrySet()) {
        if (!e.getKey().equals(ModelFile.GRAPH)) {
          System.out.printf("  %-28s %s%n", e.getKey(), e.getValue());
        }
      }
    }
    return 0;
  }
}
