package dev.tributary.graph;

import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test fixtures: the networks of the reports, as maps, and seeded data. */
final class Nets {
  private Nets() {}

  /** A small builder for the two maps, keeping insertion order. */
  static final class Maps {
    final Map<String, Operator> ops = new LinkedHashMap<>();
    final Map<String, List<String>> next = new LinkedHashMap<>();

    Maps op(String name, Operator op) {
      ops.put(name, op);
      return this;
    }

    Maps edge(String from, String... to) {
      next.computeIfAbsent(from, k -> new ArrayList<>()).addAll(List.of(to));
      return this;
    }

    Network build(long seed) {
      return Network.of(ops, next, seed);
    }
  }

  /** The 2-25-25-25-1 seed network: ReLU hidden, Sigmoid output. */
  static Maps seed() {
    return new Maps()
        .op("x", new Input(2))
        .op("fc1", new Linear(2, 25))
        .op("r1", new ReLU())
        .op("fc2", new Linear(25, 25))
        .op("r2", new ReLU())
        .op("fc3", new Linear(25, 25))
        .op("r3", new ReLU())
        .op("out", new Linear(25, 1))
        .op("p", new Sigmoid())
        .edge("x", "fc1")
        .edge("fc1", "r1")
        .edge("r1", "fc2")
        .edge("fc2", "r2")
        .edge("r2", "fc3")
        .edge("fc3", "r3")
        .edge("r3", "out")
        .edge("out", "p");
  }

  /** The converging graph of the dictionary-based report: two branches summed. */
  static Maps converging() {
    return new Maps()
        .op("x", new Input(2))
        .op("fc1", new Linear(2, 25))
        .op("a1", new ReLU())
        .op("fc2", new Linear(2, 25))
        .op("a2", new Tanh())
        .op("sum", new Sum())
        .op("out", new Linear(25, 1))
        .op("p", new Sigmoid())
        .edge("x", "fc1", "fc2")
        .edge("fc1", "a1")
        .edge("fc2", "a2")
        .edge("a1", "sum")
        .edge("a2", "sum")
        .edge("sum", "out")
        .edge("out", "p");
  }

  /** A {@code [rows, cols]} tensor of U(lo, hi) values. */
  static Tensor uniform(long seed, float lo, float hi, int rows, int cols) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] d = new float[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }
    return Tensor.of(d, rows, cols);
  }
}
