package dev.tributary.graph;

import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
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

  /** The converging graph of the dictionary-based report: two branches summed. */
  public static NetworkBuilder converging() {
    return Network.builder()
        .add("x", new Input(2))
        .add("fc1", new Linear(2, 25))
        .add("a1", new ReLU())
        .add("fc2", new Linear(2, 25))
        .add("a2", new Tanh())
        .add("sum", new Sum())
        .add("out", new Linear(25, 1))
        .add("p", new Sigmoid())
        .connect("x", "fc1", "fc2")
        .connect("fc1", "a1")
        .connect("fc2", "a2")
        .connect("a1", "sum")
        .connect("a2", "sum")
        .connect("sum", "out")
        .connect("out", "p");
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
