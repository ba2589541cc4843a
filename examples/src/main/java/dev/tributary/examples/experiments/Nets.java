package dev.tributary.examples.experiments;

import dev.tributary.core.Init;
import dev.tributary.graph.Network;
import dev.tributary.graph.op.Concat;
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
import java.util.Locale;
import java.util.Map;

/** The reports' networks, written as the two maps (operators and connectivity). */
public final class Nets {
  private Nets() {}

  /** A hidden-layer activation, by name. */
  public enum Activation {
    /** {@code max(x, 0)}. */
    RELU,
    /** {@code tanh(x)}. */
    TANH,
    /** {@code 1 / (1 + e^−x)}. */
    SIGMOID;

    /** Returns a new operator of this activation. */
    public Operator create() {
      return switch (this) {
        case RELU -> new ReLU();
        case TANH -> new Tanh();
        case SIGMOID -> new Sigmoid();
      };
    }

    /** Returns the display name, e.g. {@code ReLU}. */
    public String label() {
      return this == RELU
          ? "ReLU"
          : name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
  }

  /** The two maps, in insertion order, with a small builder. */
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

  /**
   * A multilayer perceptron {@code in → hidden… → out}: every hidden Linear is followed by {@code
   * hidden}, the last by {@code head} (or nothing when null). Nodes are {@code x}, {@code fc1},
   * {@code a1}, …, {@code out}, {@code p}.
   */
  public static Network mlp(
      long seed, Init init, int in, int[] widths, Activation hidden, int out, Activation head) {
    Maps m = new Maps().op("x", new Input(in));
    String previous = "x";
    int width = in;
    for (int i = 0; i < widths.length; i++) {
      m.op("fc" + (i + 1), new Linear(width, widths[i], init)).edge(previous, "fc" + (i + 1));
      m.op("a" + (i + 1), hidden.create()).edge("fc" + (i + 1), "a" + (i + 1));
      previous = "a" + (i + 1);
      width = widths[i];
    }
    m.op("out", new Linear(width, out, init)).edge(previous, "out");
    if (head != null) {
      m.op("p", head.create()).edge("out", "p");
    }
    return m.build(seed);
  }

  /** The seed network 2-25-25-25-{@code out}, Xavier-initialised. */
  public static Network seedNet(long seed, Activation hidden, int out, Activation head) {
    return mlp(seed, Init.XAVIER_UNIFORM, 2, new int[] {25, 25, 25}, hidden, out, head);
  }

  /**
   * Report 001's converging graph: {@code x → {fc1 → ReLU, fc2 → Tanh} → Sum → Linear 25→1 →
   * Sigmoid}.
   */
  public static Network converging(long seed) {
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
        .edge("out", "p")
        .build(seed);
  }

  /** Report 004's network: Linear(2,25)→ReLU→Linear(25,25)→Tanh→Linear(25,25)→ReLU→Linear(25,1). */
  public static Network report004(long seed) {
    return new Maps()
        .op("x", new Input(2))
        .op("fc1", new Linear(2, 25))
        .op("a1", new ReLU())
        .op("fc2", new Linear(25, 25))
        .op("a2", new Tanh())
        .op("fc3", new Linear(25, 25))
        .op("a3", new ReLU())
        .op("out", new Linear(25, 1))
        .edge("x", "fc1")
        .edge("fc1", "a1")
        .edge("a1", "fc2")
        .edge("fc2", "a2")
        .edge("a2", "fc3")
        .edge("fc3", "a3")
        .edge("a3", "out")
        .build(seed);
  }

  /**
   * The siamese network: inputs {@code p1}, {@code p2}; one trunk {@code Linear 2→h → ReLU → Linear
   * h→h → ReLU} applied to both with shared weights ({@link Linear#sharing}); auxiliary heads
   * {@code d1}, {@code d2} (Linear h→1, shared) regressing each point's distance to the centre; a
   * {@code Concat} of both trunk outputs feeding {@code Linear 2h→h → ReLU → Linear h→1}, the logit
   * {@code closer} of "p1 is closer to the centre than p2".
   */
  public static Network siamese(long seed, int h) {
    Linear t1 = new Linear(2, h);
    Linear t2 = new Linear(h, h);
    Linear head = new Linear(h, 1);
    return new Maps()
        .op("p1", new Input(2))
        .op("p2", new Input(2))
        .op("t1a", t1)
        .op("r1a", new ReLU())
        .op("t2a", t2)
        .op("r2a", new ReLU())
        .op("t1b", Linear.sharing(t1))
        .op("r1b", new ReLU())
        .op("t2b", Linear.sharing(t2))
        .op("r2b", new ReLU())
        .op("d1", head)
        .op("d2", Linear.sharing(head))
        .op("cat", new Concat())
        .op("c1", new Linear(2 * h, h))
        .op("rc", new ReLU())
        .op("closer", new Linear(h, 1))
        .edge("p1", "t1a")
        .edge("t1a", "r1a")
        .edge("r1a", "t2a")
        .edge("t2a", "r2a")
        .edge("r2a", "d1", "cat")
        .edge("p2", "t1b")
        .edge("t1b", "r1b")
        .edge("r1b", "t2b")
        .edge("t2b", "r2b")
        .edge("r2b", "d2", "cat")
        .edge("cat", "c1")
        .edge("c1", "rc")
        .edge("rc", "closer")
        .build(seed);
  }
}
