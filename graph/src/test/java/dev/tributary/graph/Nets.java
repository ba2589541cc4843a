package dev.tributary.graph;

import dev.tributary.core.Tensor;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Test fixtures: the networks of the reports, as maps, and seeded data. */
public final class Nets {
  private Nets() {}

  /** The 2-25-25-25-1 seed network: ReLU hidden, Sigmoid output. */
  public static NetworkBuilder seed() {
    return Network.builder()
        .add("x", new Input(2))
        .add("fc1", new Linear(2, 25))
        .add("r1", new ReLU())
        .add("fc2", new Linear(25, 25))
        .add("r2", new ReLU())
        .add("fc3", new Linear(25, 25))
        .add("r3", new ReLU())
        .add("out", new Linear(25, 1))
        .add("p", new Sigmoid())
        .connect("x", "fc1")
        .connect("fc1", "r1")
        .connect("r1", "fc2")
        .connect("fc2", "r2")
        .connect("r2", "fc3")
        .connect("fc3", "r3")
        .connect("r3", "out")
        .connect("out", "p");
  }

  /** The shipped converging graph file, the one definition of that graph (examples use it too). */
  public static final Path CONVERGING_FILE = Path.of("..", "examples", "graphs", "converging.json");

  /**
   * The converging graph of the dictionary-based report, two branches summed, read through {@link
   * GraphSpec} from {@link #CONVERGING_FILE} and returned as a builder of the same maps.
   */
  public static NetworkBuilder converging() {
    Network net;
    try {
      net = GraphSpec.read(CONVERGING_FILE).build(0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + CONVERGING_FILE.toAbsolutePath() + "; run the tests from graph/", e);
    }
    NetworkBuilder b = Network.builder();
    net.operators().forEach(b::add);
    net.connectivity()
        .forEach(
            (from, to) -> {
              if (!to.isEmpty()) {
                b.connect(from, to.toArray(String[]::new));
              }
            });
    return b;
  }

  /** A {@code [rows, cols]} tensor of U(lo, hi) values. */
  public static Tensor uniform(long seed, float lo, float hi, int rows, int cols) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] d = new float[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }
    return Tensor.of(d, rows, cols);
  }
}
