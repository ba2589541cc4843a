package dev.tributary.graph.train;

import dev.tributary.graph.Network;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Networks for the training tests. */
final class TestNets {
  private TestNets() {}

  /** A chain x → ops[0] → ops[1] → … named n1, n2, …. */
  static Network chain(long seed, Operator... ops) {
    Map<String, Operator> map = new LinkedHashMap<>();
    Map<String, List<String>> next = new LinkedHashMap<>();
    map.put("x", new Input(2));
    String previous = "x";
    for (int i = 0; i < ops.length; i++) {
      String name = "n" + (i + 1);
      map.put(name, ops[i]);
      next.put(previous, List.of(name));
      previous = name;
    }
    return Network.of(map, next, seed);
  }

  /** The seed network 2-25-25-25-1: ReLU hidden, sigmoid output. */
  static Network seed(long seed) {
    return chain(
        seed,
        new Linear(2, 25),
        new ReLU(),
        new Linear(25, 25),
        new ReLU(),
        new Linear(25, 25),
        new ReLU(),
        new Linear(25, 1),
        new Sigmoid());
  }
}
