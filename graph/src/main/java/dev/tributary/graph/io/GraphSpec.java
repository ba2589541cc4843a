package dev.tributary.graph.io;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Network;
import dev.tributary.graph.op.Fields;
import dev.tributary.graph.op.Layer;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.OperatorType;
import dev.tributary.graph.op.Operators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * <p>An optional third section, {@code training} ({@link TrainingSpec}), declares how the graph is
 * meant to be trained; it does not change the network {@link #build} makes.
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
  private final TrainingSpec training;

  GraphSpec(
      Map<String, OperatorSpec> operators,
      Map<String, ? extends List<String>> connectivity,
      String source) {
    this(operators, connectivity, source, null);
  }

  GraphSpec(
      Map<String, OperatorSpec> operators,
      Map<String, ? extends List<String>> connectivity,
      String source,
      TrainingSpec training) {
    this.training = training;
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
   * Describes a network's two maps as a graph spec. An operator that shares another's parameters
   * ({@link Linear#sharing}, {@code Conv2d.sharing}, ...) is written with {@code "shares"} naming
   * the node that owns them.
   *
   * @throws GraphException if the network holds an operator whose type is not registered with
   *     {@link Operators#register}, so graph files cannot express it
   */
  public static GraphSpec of(Network network) {
    IdentityHashMap<Operator, String> names = new IdentityHashMap<>();
    network.operators().forEach((name, op) -> names.putIfAbsent(op, name));
    Map<String, OperatorSpec> specs = new LinkedHashMap<>();
    for (Map.Entry<String, Operator> e : network.operators().entrySet()) {
      Operator op = e.getValue();
      if (Operators.type(op.type()).isEmpty()) {
        throw new GraphException(
            String.format(
                "node `%s` holds a %s (%s), which graph files cannot express; register its type"
                    + " with Operators.register (the registered types are %s)",
                e.getKey(),
                op.type(),
                op.getClass().getName(),
                String.join(", ", Operators.names())),
            List.of(e.getKey()));
      }
      Operator owner = op.sharedParametersOf();
      specs.put(e.getKey(), OperatorSpec.of(op, owner == null ? null : names.get(owner)));
    }
    return new GraphSpec(specs, network.connectivity(), null);
  }

  /**
   * Builds the network, its parameters initialised from {@code seed}.
   *
   * @throws GraphException if the maps do not describe a valid network (see {@link Network#of});
   *     for a spec read from a file, the message starts with the file name
   */
  public Network build(long seed) {
    try {
      return Network.of(operators(new HashMap<>()), connectivity, seed);
    } catch (GraphException e) {
      if (source == null) {
        throw e;
      }
      throw new GraphException(source + ": " + e.getMessage(), e.nodes(), e);
    }
  }

  /** Creates every operator through its registration, sharing ones after their owners. */
  private Map<String, Operator> operators(Map<String, Operator> made) {
    Map<String, Operator> ops = new LinkedHashMap<>();
    for (String name : operators.keySet()) {
      ops.put(name, create(name, made));
    }
    return ops;
  }

  private Operator create(String name, Map<String, Operator> made) {
    Operator op = made.get(name);
    if (op == null) {
      OperatorSpec spec = operators.get(name);
      // Sharing chains were checked for cycles, types and dangling names when the spec was made.
      if (spec.shares().isPresent()) {
        op = ((Layer<?>) create(spec.shares().get(), made)).share();
      } else {
        OperatorType type =
            Operators.type(spec.type())
                .orElseThrow(
                    () ->
                        new GraphException(
                            "node `" + name + "` has the unregistered type " + spec.type(),
                            List.of(name)));
        try {
          op =
              type.create(
                  new Fields(type.name(), OperatorReader.withDefaults(type, spec.fields())));
        } catch (IllegalArgumentException e) {
          throw new GraphException(
              "node `" + name + "` (" + spec.type() + "): " + e.getMessage(), List.of(name), e);
        }
      }
      made.put(name, op);
    }
    return op;
  }

  /** Returns the graph as JSON: pretty-printed, one line per node, in the maps' order. */
  public String toJson() {
    return SpecWriter.json(this);
  }

  /**
   * Returns the file's optional {@code training} section: loss per output, optimizer, schedule,
   * epochs and batch ({@code docs/graph-format.md}); empty when the file has none.
   */
  public Optional<TrainingSpec> training() {
    return Optional.ofNullable(training);
  }

  /**
   * Returns this graph with {@code training} as its training section (null removes it).
   *
   * @throws GraphException if a training output is not a node of this graph
   */
  public GraphSpec withTraining(TrainingSpec training) {
    if (training != null) {
      for (TrainingSpec.OutputLoss o : training.outputs()) {
        if (!operators.containsKey(o.output())) {
          throw new GraphException(
              "training.outputs."
                  + o.output()
                  + ": no operator of that name; the operators are "
                  + String.join(", ", operators.keySet()),
              List.of(o.output()));
        }
      }
    }
    return new GraphSpec(operators, connectivity, source, training);
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
   * Returns the shape of every tensor a model file of the built network holds, parameters then
   * buffers of each node in operators order, keyed {@code "<node>.<suffix>"}; a sharing operator
   * adds none. Computed from the operators alone, without allocating any tensor.
   *
   * @throws GraphException if an operator cannot be made from its fields
   */
  Map<String, int[]> tensorShapes() {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    operators(new HashMap<>())
        .forEach(
            (name, op) -> {
              for (Operator.ParameterSpec p : op.parameterSpecs()) {
                shapes.put(name + "." + p.suffix(), p.shape());
              }
              for (Operator.BufferSpec b : op.bufferSpecs()) {
                shapes.put(name + "." + b.suffix(), b.shape());
              }
            });
    return shapes;
  }

  @Override
  public boolean equals(Object o) {
    // Order matters: it breaks schedule ties and orders Concat inputs.
    return o instanceof GraphSpec that
        && operators.entrySet().asList().equals(that.operators.entrySet().asList())
        && connectivity.entrySet().asList().equals(that.connectivity.entrySet().asList())
        && Objects.equals(training, that.training);
  }

  @Override
  public int hashCode() {
    return Objects.hash(operators.entrySet().asList(), connectivity.entrySet().asList(), training);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
