package dev.tributary.spark;

import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Loads a model file's parameters into the network to train, after checking the graphs agree. */
final class InitialModel {
  private InitialModel() {}

  /**
   * Copies the parameters of {@code file} into {@code network}.
   *
   * @throws IllegalArgumentException naming the file if it cannot be read or holds another graph
   */
  static void copyInto(Path file, Network network) {
    Network loaded;
    try {
      loaded = ModelFile.load(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "SparkTrainer: cannot read the initial model file: " + e.getMessage(), e);
    }
    GraphSpec expected = GraphSpec.of(network);
    GraphSpec found = GraphSpec.of(loaded);
    if (!expected.equals(found)) {
      throw new IllegalArgumentException(
          String.format(
              "SparkTrainer: model file %s holds another graph than the one being trained"
                  + " (its nodes %s, the network's %s); pass the graph file the model was"
                  + " trained from, or drop initialModel",
              file, found.operators().keySet(), expected.operators().keySet()));
    }
    Map<String, Parameter> from = loaded.parameters();
    for (Map.Entry<String, Parameter> e : network.parameters().entrySet()) {
      float[] src = from.get(e.getKey()).value().data();
      System.arraycopy(src, 0, e.getValue().value().data(), 0, src.length);
    }
  }
}
