package dev.tributary.examples.experiments;

import dev.tributary.core.Init;
import dev.tributary.graph.Network;
import dev.tributary.graph.NetworkBuilder;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.op.Concat;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Tanh;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

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

  /**
   * A multilayer perceptron {@code in → hidden… → out}: every hidden Linear is followed by {@code
   * hidden}, the last by {@code head} (or nothing when null). Nodes are {@code x}, {@code fc1},
   * {@code a1}, …, {@code out}, {@code p}.
   */
  public static Network mlp(
      long seed, Init init, int in, int[] widths, Activation hidden, int out, Activation head) {
    NetworkBuilder m = Network.builder().add("x", new Input(in));
    String previous = "x";
    int width = in;
    for (int i = 0; i < widths.length; i++) {
      m.add("fc" + (i + 1), new Linear(width, widths[i], init)).connect(previous, "fc" + (i + 1));
      m.add("a" + (i + 1), hidden.create()).connect("fc" + (i + 1), "a" + (i + 1));
      previous = "a" + (i + 1);
      width = widths[i];
    }
    m.add("out", new Linear(width, out, init)).connect(previous, "out");
    if (head != null) {
      m.add("p", head.create()).connect("out", "p");
    }
    return m.build(seed);
  }

  /** The seed network 2-25-25-25-{@code out}, Xavier-initialised. */
  public static Network seedNet(long seed, Activation hidden, int out, Activation head) {
    return mlp(seed, Init.XAVIER_UNIFORM, 2, new int[] {25, 25, 25}, hidden, out, head);
  }

  /** The classpath name of the converging graph file, {@code examples/graphs/converging.json}. */
  static final String CONVERGING_RESOURCE = "/dev/tributary/examples/graphs/converging.json";

  /**
   * Report 001's converging graph: {@code x → {fc1 → ReLU, fc2 → Tanh} → Sum → Linear 25→1 →
   * Sigmoid}, read through {@link GraphSpec} from the shipped graph file {@code
   * examples/graphs/converging.json} (the one definition the tests use too).
   *
   * @throws IllegalStateException if the file is missing from the classpath (a broken build)
   */
  public static Network converging(long seed) {
    try (InputStream in = Nets.class.getResourceAsStream(CONVERGING_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CONVERGING_RESOURCE
                + " is not on the classpath; rebuild tributary-examples (mvn -pl examples package)");
      }
      return GraphSpec.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).build(seed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CONVERGING_RESOURCE, e);
    }
  }

  /** Report 004's network: Linear(2,25)→ReLU→Linear(25,25)→Tanh→Linear(25,25)→ReLU→Linear(25,1). */
  public static Network report004(long seed) {
    return Network.builder()
        .add("x", new Input(2))
        .add("fc1", new Linear(2, 25))
        .add("a1", new ReLU())
        .add("fc2", new Linear(25, 25))
        .add("a2", new Tanh())
        .add("fc3", new Linear(25, 25))
        .add("a3", new ReLU())
        .add("out", new Linear(25, 1))
        .connect("x", "fc1")
        .connect("fc1", "a1")
        .connect("a1", "fc2")
        .connect("fc2", "a2")
        .connect("a2", "fc3")
        .connect("fc3", "a3")
        .connect("a3", "out")
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
    return Network.builder()
        .add("p1", new Input(2))
        .add("p2", new Input(2))
        .add("t1a", t1)
        .add("r1a", new ReLU())
        .add("t2a", t2)
        .add("r2a", new ReLU())
        .add("t1b", Linear.sharing(t1))
        .add("r1b", new ReLU())
        .add("t2b", Linear.sharing(t2))
        .add("r2b", new ReLU())
        .add("d1", head)
        .add("d2", Linear.sharing(head))
        .add("cat", new Concat())
        .add("c1", new Linear(2 * h, h))
        .add("rc", new ReLU())
        .add("closer", new Linear(h, 1))
        .connect("p1", "t1a")
        .connect("t1a", "r1a")
        .connect("r1a", "t2a")
        .connect("t2a", "r2a")
        .connect("r2a", "d1", "cat")
        .connect("p2", "t1b")
        .connect("t1b", "r1b")
        .connect("r1b", "t2b")
        .connect("t2b", "r2b")
        .connect("r2b", "d2", "cat")
        .connect("cat", "c1")
        .connect("c1", "rc")
        .connect("rc", "closer")
        .build(seed);
  }
}
