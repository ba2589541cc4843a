package dev.tributary.graph;

import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Concat;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random valid networks for property tests: inputs, Linear layers (some sharing weights),
 * element-wise activations, Sums of equal widths and Concats, wired as a DAG and declared in a
 * shuffled operators-map order.
 */
final class RandomDags {
  /** A generated network's maps and widths. */
  static final class Dag {
    final Map<String, Operator> ops;
    final Map<String, List<String>> next;
    final Map<String, Integer> inputWidths;
    final long seed;

    Dag(
        Map<String, Operator> ops,
        Map<String, List<String>> next,
        Map<String, Integer> inputWidths,
        long seed) {
      this.ops = ops;
      this.next = next;
      this.inputWidths = inputWidths;
      this.seed = seed;
    }

    Network build() {
      return Network.of(ops, next, seed);
    }

    /** Seeded inputs in [-1, 1] for every input node. */
    Map<String, Tensor> inputs(int batch) {
      Map<String, Tensor> in = new LinkedHashMap<>();
      long s = seed;
      for (Map.Entry<String, Integer> e : inputWidths.entrySet()) {
        in.put(e.getKey(), Nets.uniform(++s, -1f, 1f, batch, e.getValue()));
      }
      return in;
    }

    @Override
    public String toString() {
      return "Dag(seed=" + seed + ", ops=" + ops + ", next=" + next + ")";
    }
  }

  private RandomDags() {}

  /**
   * Generates a network from {@code seed}. With {@code smoothOnly}, activations are Tanh and
   * Sigmoid only (no ReLU kinks, for gradient checks).
   */
  static Dag generate(long seed, boolean smoothOnly) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> names = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    List<Operator> ops = new ArrayList<>();
    List<List<String>> preds = new ArrayList<>();
    Map<String, Integer> inputWidths = new LinkedHashMap<>();
    int inputs = 1 + rng.nextInt(2);
    for (int i = 0; i < inputs; i++) {
      String name = "in" + i;
      int w = 1 + rng.nextInt(4);
      names.add(name);
      widths.add(w);
      ops.add(new Input(w));
      preds.add(List.of());
      inputWidths.put(name, w);
    }
    int nodes = 2 + rng.nextInt(9);
    List<Integer> linears = new ArrayList<>();
    for (int k = 0; k < nodes; k++) {
      String name = "n" + k;
      // Unused inputs first, so every input feeds something.
      int pred = k < inputs ? k : rng.nextInt(names.size());
      int w = widths.get(pred);
      Operator op;
      List<String> from = new ArrayList<>(List.of(names.get(pred)));
      int width = w;
      int kind = rng.nextInt(6);
      if (kind == 0 || kind == 1) {
        Linear shareable = null;
        for (int l : linears) {
          Linear candidate = (Linear) ops.get(l);
          if (candidate.in() == w && candidate.sharedParametersOf() == null) {
            shareable = candidate;
          }
        }
        if (shareable != null && rng.nextInt(3) == 0) {
          op = Linear.sharing(shareable);
          width = shareable.out();
        } else {
          width = 1 + rng.nextInt(5);
          op = new Linear(w, width);
          linears.add(ops.size());
        }
      } else if (kind == 2) {
        op = smoothOnly ? new Sigmoid() : new ReLU();
      } else if (kind == 3) {
        op = new Tanh();
      } else if (kind == 4) {
        op = new Sum();
        for (int j = 0; j < names.size(); j++) {
          if (j != pred && widths.get(j) == w && rng.nextBoolean()) {
            from.add(names.get(j));
          }
        }
      } else {
        op = new Concat();
        width = w;
        for (int j = 0; j < names.size(); j++) {
          if (j != pred && rng.nextInt(3) == 0) {
            from.add(names.get(j));
            width += widths.get(j);
          }
        }
      }
      names.add(name);
      widths.add(width);
      ops.add(op);
      preds.add(from);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new java.util.Random(seed));
    Map<String, Operator> opMap = new LinkedHashMap<>();
    for (int i : order) {
      opMap.put(names.get(i), ops.get(i));
    }
    Map<String, List<String>> next = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      for (String p : preds.get(i)) {
        next.computeIfAbsent(p, x -> new ArrayList<>()).add(names.get(i));
      }
    }
    // Concat orders its inputs by the operators map, so recompute its width is unnecessary: the
    // total does not depend on the order.
    return new Dag(opMap, next, inputWidths, seed);
  }
}
