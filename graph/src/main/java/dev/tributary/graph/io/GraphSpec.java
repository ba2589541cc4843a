package dev.tributary.graph.io;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Network;
import dev.tributary.graph.op.Concat;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A graph file: the operators map and the connectivity map of a {@link Network}, as data.
 *
 * <pre>{@code
 * {
 *   "operators": {
 *     "x":   {"type": "Input", "size": 2},
 *     "fc1": {"type": "Linear", "in": 2, "out": 25},
 *     "a1":  {"type": "ReLU"},
 *     "out": {"type": "Linear", "in": 25, "out": 1}
 *   },
 *   "connectivity": {"x": ["fc1"], "fc1": ["a1"], "a1": ["out"]}
 * }
 * }</pre>
 *
 * <p>{@link #read}/{@link #parse} check the file and {@link #build} checks the graph; every problem
 * is a {@link GraphException} whose message names the file, the line and column, the JSON path and
 * the node. {@link #of} and {@link #toJson} write a network back, so {@code
 * GraphSpec.parse(GraphSpec.of(net).toJson()).build(seed)} has the same schedule and, for the same
 * seed, bitwise the same initial parameters. The format is described in {@code
 * docs/graph-format.md}.
 *
 * <p>The operators map keeps the file's order: it breaks ties in the schedule and orders the inputs
 * of a {@code Concat}. Instances are immutable and compare by their two maps.
 */
public final class GraphSpec {
  /** The largest graph file {@link #read} accepts, in bytes. */
  public static final long MAX_FILE_BYTES = 64L << 20;

  private final ImmutableMap<String, OperatorSpec> operators;
  private final ImmutableMap<String, List<String>> connectivity;
  private final String source;

  GraphSpec(
      Map<String, OperatorSpec> operators,
      Map<String, ? extends List<String>> connectivity,
      String source) {
    this.operators = ImmutableMap.copyOf(operators);
    ImmutableMap.Builder<String, List<String>> c = ImmutableMap.builder();
    connectivity.forEach((k, v) -> c.put(k, ImmutableList.copyOf(v)));
    this.connectivity = c.buildOrThrow();
    this.source = source;
  }

  /**
   * Reads a graph file (UTF-8 JSON).
   *
   * @throws GraphException if the file is not a valid graph file; the message starts with the file
   *     name, then the line and column, the JSON path and what is wrong
   * @throws IOException if the file cannot be read
   */
  public static GraphSpec read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new GraphException(
          String.format(
              "%s: the file has %d bytes, more than a graph file may have (%d); is it a graph"
                  + " file?",
              file, size, MAX_FILE_BYTES));
    }
    byte[] bytes = Files.readAllBytes(file);
    return SpecReader.read(SpecReader.JSON.createParser(bytes), file.toString());
  }

  /**
   * Parses a graph from JSON text.
   *
   * @throws GraphException if the text is not a valid graph file; the message gives the line and
   *     column, the JSON path and what is wrong
   */
  public static GraphSpec parse(String json) {
    if (json == null) {
      throw new GraphException("the graph JSON is null; pass the text of a graph file");
    }
    try {
      return SpecReader.read(SpecReader.JSON.createParser(json), null);
    } catch (IOException e) {
      throw new GraphException("cannot parse the graph: " + e.getMessage(), List.of(), e);
    }
  }

  /**
   * Describes a network's two maps as a graph spec. A layer made with {@link Linear#sharing} is
   * written with {@code "shares"} naming the node that owns the parameters.
   *
   * @throws GraphException if the network holds an operator that graph files cannot express (a type
   *     other than Input, Linear, ReLU, Tanh, Sigmoid, Sum and Concat)
   */
  public static GraphSpec of(Network network) {
    IdentityHashMap<Operator, String> names = new IdentityHashMap<>();
    network.operators().forEach((name, op) -> names.putIfAbsent(op, name));
    Map<String, OperatorSpec> specs = new LinkedHashMap<>();
    for (Map.Entry<String, Operator> e : network.operators().entrySet()) {
      specs.put(e.getKey(), specOf(e.getKey(), e.getValue(), names));
    }
    return new GraphSpec(specs, network.connectivity(), null);
  }

  private static OperatorSpec specOf(
      String name, Operator op, IdentityHashMap<Operator, String> names) {
    if (op instanceof Input input) {
      return OperatorSpec.input(input.size());
    }
    if (op instanceof Linear l) {
      Operator owner = l.sharedParametersOf();
      return OperatorSpec.linear(
          l.in(), l.out(), l.init(), owner == null ? null : names.get(owner));
    }
    if (op instanceof ReLU
        || op instanceof Tanh
        || op instanceof Sigmoid
        || op instanceof Sum
        || op instanceof Concat) {
      return OperatorSpec.plain(op.type());
    }
    throw new GraphException(
        String.format(
            "node `%s` holds a %s (%s), which graph files cannot express; graph files hold %s",
            name, op.type(), op.getClass().getName(), String.join(", ", OperatorSpec.TYPES)),
        List.of(name));
  }

  /**
   * Builds the network, its parameters initialised from {@code seed}.
   *
   * @throws GraphException if the maps do not describe a valid network (see {@link Network#of});
   *     for a spec read from a file, the message starts with the file name
   */
  public Network build(long seed) {
    Map<String, Linear> linears = new HashMap<>();
    Map<String, Operator> ops = new LinkedHashMap<>();
    for (Map.Entry<String, OperatorSpec> e : operators.entrySet()) {
      ops.put(e.getKey(), create(e.getKey(), linears));
    }
    try {
      return Network.of(ops, connectivity, seed);
    } catch (GraphException e) {
      if (source == null) {
        throw e;
      }
      throw new GraphException(source + ": " + e.getMessage(), e.nodes(), e);
    }
  }

  private Operator create(String name, Map<String, Linear> linears) {
    OperatorSpec spec = operators.get(name);
    return switch (spec.type()) {
      case "Input" -> new Input(spec.size());
      case "Linear" -> linear(name, spec, linears);
      case "ReLU" -> new ReLU();
      case "Tanh" -> new Tanh();
      case "Sigmoid" -> new Sigmoid();
      case "Sum" -> new Sum();
      case "Concat" -> new Concat();
      default -> throw new AssertionError("unchecked operator type " + spec.type());
    };
  }

  private Linear linear(String name, OperatorSpec spec, Map<String, Linear> linears) {
    Linear made = linears.get(name);
    if (made == null) {
      // Sharing chains were checked for cycles and dangling names when the spec was made.
      made =
          spec.shares().isPresent()
              ? Linear.sharing((Linear) create(spec.shares().get(), linears))
              : new Linear(spec.in(), spec.out(), spec.init().orElseThrow());
      linears.put(name, made);
    }
    return made;
  }

  /** Returns the graph as JSON: pretty-printed, one line per node, in the maps' order. */
  public String toJson() {
    return SpecWriter.json(this);
  }

  /** Returns the operators map (node name → operator spec), in the file's order. */
  public Map<String, OperatorSpec> operators() {
    return operators;
  }

  /** Returns the connectivity map (node name → successors), in the file's order. */
  public Map<String, List<String>> connectivity() {
    return connectivity;
  }

  /**
   * Returns the shape of every parameter the built network will have, keyed by parameter name
   * ({@code "<node>.weight"} {@code [out, in]}, {@code "<node>.bias"} {@code [out]}), in operators
   * order; a sharing layer adds none. Computed without allocating the parameters.
   */
  Map<String, int[]> parameterShapes() {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    operators.forEach(
        (name, spec) -> {
          if (spec.type().equals("Linear") && spec.shares().isEmpty()) {
            shapes.put(name + ".weight", new int[] {spec.out(), spec.in()});
            shapes.put(name + ".bias", new int[] {spec.out()});
          }
        });
    return shapes;
  }

  @Override
  public boolean equals(Object o) {
    // Order matters: it breaks schedule ties and orders Concat inputs.
    return o instanceof GraphSpec that
        && operators.entrySet().asList().equals(that.operators.entrySet().asList())
        && connectivity.entrySet().asList().equals(that.connectivity.entrySet().asList());
  }

  @Override
  public int hashCode() {
    return Objects.hash(operators.entrySet().asList(), connectivity.entrySet().asList());
  }

  @Override
  public String toString() {
    return toJson();
  }
}
