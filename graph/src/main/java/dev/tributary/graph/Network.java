package dev.tributary.graph;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Operator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A network built from an <b>operators map</b> (node name → {@link Operator}) and a <b>connectivity
 * map</b> (node name → names of the nodes that consume its output).
 *
 * <p>{@link #of} validates the maps (see {@link GraphException}), orders the DAG into a forward
 * schedule with JGraphT, infers every node's width and initialises the parameters from a seed, so
 * an invalid network cannot exist and the same maps and seed give bitwise the same network.
 *
 * <pre>{@code
 * Map<String, Operator> ops = new LinkedHashMap<>();
 * ops.put("x", new Input(2));
 * ops.put("fc1", new Linear(2, 25));  ops.put("a1", new ReLU());
 * ops.put("fc2", new Linear(2, 25));  ops.put("a2", new Tanh());
 * ops.put("sum", new Sum());          ops.put("out", new Linear(25, 1));
 * Map<String, List<String>> next = Map.of(
 *     "x", List.of("fc1", "fc2"), "fc1", List.of("a1"), "fc2", List.of("a2"),
 *     "a1", List.of("sum"), "a2", List.of("sum"), "sum", List.of("out"));
 * Network net = Network.of(ops, next, 42);
 * Tensor y = net.forward(x);           // [batch, 1]
 * net.backward(dLossDy);               // parameter gradients accumulate
 * }</pre>
 *
 * <p>Execution: {@link #forward} runs the forward schedule, {@link #backward} the reverse one.
 * Activation and gradient buffers are allocated once per batch size and reused, so a training step
 * at a fixed batch size allocates nothing. The tensors returned by {@code forward} are those live
 * buffers: they are overwritten by the next {@code forward} at the same batch size ({@link
 * Tensor#copy()} one to keep it).
 *
 * <p>Thread safety: a {@code Network} is not thread-safe. For inference from several threads, give
 * each thread its own {@link #copy()}.
 */
public final class Network {
  private static final int CACHED_BATCH_SIZES = 4;

  private final Topology topology;
  private final long seed;
  private final ImmutableMap<String, Parameter> parameters;
  private final Tensor[][] paramValues;
  private final Tensor[][] paramGrads;
  private boolean[] needsGrad;
  private boolean inputGradients;

  private final Buffers[] cache = new Buffers[CACHED_BATCH_SIZES];
  private int nextEvict;
  private Buffers last;

  private Network(Topology topology, long seed) {
    this.topology = topology;
    this.seed = seed;
    int n = topology.ops.length;
    paramValues = new Tensor[n][];
    paramGrads = new Tensor[n][];
    ImmutableMap.Builder<String, Parameter> params = ImmutableMap.builder();
    for (int i = 0; i < n; i++) {
      if (topology.paramOwner[i] != i) {
        continue;
      }
      List<Operator.ParameterSpec> specs = topology.ops[i].parameterSpecs();
      paramValues[i] = new Tensor[specs.size()];
      paramGrads[i] = new Tensor[specs.size()];
      for (int p = 0; p < specs.size(); p++) {
        Operator.ParameterSpec spec = specs.get(p);
        paramValues[i][p] = Tensor.zeros(spec.shape());
        paramGrads[i][p] = Tensor.zeros(spec.shape());
        String name = topology.schedule.get(i) + "." + spec.suffix();
        params.put(name, new Parameter(name, paramValues[i][p], paramGrads[i][p]));
      }
    }
    for (int i = 0; i < n; i++) {
      paramValues[i] = paramValues[topology.paramOwner[i]];
      paramGrads[i] = paramGrads[topology.paramOwner[i]];
    }
    this.parameters = params.buildOrThrow();
    this.needsGrad = computeNeedsGrad();
    reset(seed);
  }

  /**
   * Builds a network with parameters initialised from seed 0.
   *
   * @throws GraphException if the maps do not describe a valid network
   */
  public static Network of(
      Map<String, ? extends Operator> operators,
      Map<String, ? extends Collection<String>> connectivity) {
    return of(operators, connectivity, 0L);
  }

  /**
   * Builds a network with parameters initialised from {@code seed}.
   *
   * @param operators node name → operator; its iteration order breaks ties in the schedule and
   *     orders the inputs of {@code Concat}
   * @param connectivity node name → the nodes that consume its output (nodes without successors may
   *     be left out)
   * @param seed the seed of the parameter initialisation
   * @throws GraphException if the maps do not describe a valid network: a cycle, a name without an
   *     operator, an unconnected node, a non-Input without predecessors, an Input with
   *     predecessors, a single-input operator fed by several nodes, mismatched widths, or a null or
   *     blank name
   */
  public static Network of(
      Map<String, ? extends Operator> operators,
      Map<String, ? extends Collection<String>> connectivity,
      long seed) {
    return new Network(new Topology(operators, connectivity), seed);
  }

  /** Returns a builder that fills the two maps fluently; see {@link NetworkBuilder}. */
  public static NetworkBuilder builder() {
    return new NetworkBuilder();
  }

  /** Returns an independent network with the same maps, seed and current parameter values. */
  public Network copy() {
    Network copy = new Network(topology, seed);
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      copy.parameters.get(e.getKey()).value().copyFrom(e.getValue().value());
    }
    return copy;
  }

  // ---- structure ----------------------------------------------------------------------------

  /** Returns the node names in forward order. */
  public List<String> forwardSchedule() {
    return topology.schedule;
  }

  /** Returns the node names in backward order: the forward schedule reversed. */
  public List<String> backwardSchedule() {
    return topology.schedule.reverse();
  }

  /** Returns the input nodes (no predecessors), in schedule order. */
  public List<String> inputs() {
    return topology.inputs;
  }

  /** Returns the output nodes (no successors), in schedule order. */
  public List<String> outputs() {
    return topology.outputs;
  }

  /** Returns the operators map, in the order it was given. */
  public Map<String, Operator> operators() {
    return topology.operators;
  }

  /** Returns the connectivity map as given (duplicates and empty entries as given). */
  public Map<String, List<String>> connectivity() {
    return ImmutableMap.copyOf(topology.connectivity);
  }

  /**
   * Returns the predecessors of a node, in input order.
   *
   * @throws IllegalArgumentException if there is no such node
   */
  public List<String> predecessors(String node) {
    return topology.names(topology.preds[nodeIndex(node)]);
  }

  /**
   * Returns the successors of a node, in operators-map order.
   *
   * @throws IllegalArgumentException if there is no such node
   */
  public List<String> successors(String node) {
    return topology.names(topology.succs[nodeIndex(node)]);
  }

  /**
   * Returns the number of features a node outputs per sample.
   *
   * @throws IllegalArgumentException if there is no such node
   */
  public int width(String node) {
    return topology.widths[nodeIndex(node)];
  }

  /** Returns the seed the parameters were last initialised from. */
  public long seed() {
    return seed;
  }

  /**
   * Returns the parameters, in forward-schedule order, keyed {@code "<node>.weight"} and {@code
   * "<node>.bias"}. A shared parameter appears once, under its owner's node name.
   */
  public Map<String, Parameter> parameters() {
    return parameters;
  }

  /** Returns the total number of trainable scalars. */
  public long parameterCount() {
    long count = 0;
    for (Parameter p : parameters.values()) {
      count += p.size();
    }
    return count;
  }

  /** Returns a table of the nodes in schedule order: operator, shape, parameters, edges. */
  public String describe() {
    return Description.table(this, topology);
  }

  /** Returns the graph in Graphviz DOT, each node labelled with its operator and output shape. */
  public String toDot() {
    return Description.dot(topology);
  }

  // ---- parameters -----------------------------------------------------------------------------

  /** Sets every parameter gradient to zero. */
  public void zeroGrad() {
    for (Tensor[] grads : paramGrads) {
      if (grads != null) {
        for (Tensor g : grads) {
          Arrays.fill(g.data(), 0f);
        }
      }
    }
  }

  /**
   * Re-initialises every parameter from {@code seed} (each with its operator's initialiser, in
   * {@link #parameters()} order) and zeroes the gradients.
   */
  public void reset(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < topology.ops.length; i++) {
      if (topology.paramOwner[i] != i) {
        continue;
      }
      List<Operator.ParameterSpec> specs = topology.ops[i].parameterSpecs();
      for (int p = 0; p < specs.size(); p++) {
        Tensor value = paramValues[i][p];
        int[] shape = value.shape();
        int fanOut = shape[0];
        int fanIn = shape.length > 1 ? value.size() / fanOut : 1;
        specs.get(p).init().fill(value, fanIn, fanOut, rng);
      }
    }
    zeroGrad();
  }

  // ---- execution ------------------------------------------------------------------------------

  /**
   * Computes and keeps the gradients of the inputs too, readable with {@link #inputGradient} after
   * {@link #backward}; off by default, since training does not need them.
   */
  public void setInputGradients(boolean enabled) {
    if (enabled != inputGradients) {
      inputGradients = enabled;
      needsGrad = computeNeedsGrad();
      Arrays.fill(cache, null);
      last = null;
    }
  }

  /**
   * Returns the gradient with respect to an input from the last {@link #backward}.
   *
   * @throws IllegalStateException if input gradients are off or backward has not run
   * @throws IllegalArgumentException if {@code input} is not an input node
   */
  public Tensor inputGradient(String input) {
    if (!inputGradients) {
      throw new IllegalStateException(
          "input gradients are off; call setInputGradients(true) before forward/backward");
    }
    if (!topology.inputs.contains(input)) {
      throw new IllegalArgumentException(
          "`" + input + "` is not an input; the inputs are " + topology.inputs);
    }
    if (last == null) {
      throw new IllegalStateException("call forward and backward before inputGradient");
    }
    return last.grads[topology.indexOf(input)];
  }

  /**
   * Runs the forward schedule on batch-first inputs and returns the outputs by name.
   *
   * @param inputs one {@code [batch, width]} tensor per input node, by name, all of one batch size
   * @return the output nodes' tensors (live buffers, overwritten by the next forward)
   * @throws IllegalArgumentException if an input is missing or unknown, or a tensor's shape does
   *     not fit its input node
   */
  public Map<String, Tensor> forward(Map<String, Tensor> inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException("forward: inputs are null; pass one tensor per input");
    }
    String[] names = topology.inputNames;
    boolean namesMatch = inputs.size() == names.length;
    for (String name : names) {
      namesMatch &= inputs.containsKey(name);
    }
    if (!namesMatch) {
      checkNames("forward", "input", inputs, topology.inputs);
    }
    int batch = -1;
    for (String name : names) {
      Tensor t = inputs.get(name);
      checkInput(name, t, batch);
      batch = t.dim(0);
    }
    Buffers b = buffersFor(batch);
    for (int k = 0; k < names.length; k++) {
      b.outputs[topology.inputNodes[k]].copyFrom(inputs.get(names[k]));
    }
    run(b);
    return b.outputMap;
  }

  /**
   * Runs the forward schedule of a network with one input and one output.
   *
   * @throws IllegalStateException if the network has several inputs or outputs
   * @throws IllegalArgumentException if {@code x}'s shape does not fit the input
   */
  public Tensor forward(Tensor x) {
    String in = single(topology.inputs, "input", "forward(Map)");
    String out = single(topology.outputs, "output", "forward(Map)");
    checkInput(in, x, -1);
    Buffers b = buffersFor(x.dim(0));
    b.outputs[topology.indexOf(in)].copyFrom(x);
    run(b);
    return b.outputs[topology.indexOf(out)];
  }

  private void run(Buffers b) {
    Operator[] ops = topology.ops;
    for (int i = 0; i < ops.length; i++) {
      if (topology.preds[i].length > 0) {
        ops[i].forward(b.inputs[i], paramValues[i], b.outputs[i]);
      }
    }
    last = b;
  }

  /**
   * Runs the backward schedule from the gradients of the loss with respect to the outputs of the
   * last {@link #forward}, adding to the parameter gradients. An output left out of the map gets a
   * zero gradient.
   *
   * @throws IllegalStateException if forward has not run
   * @throws IllegalArgumentException if a name is not an output or a gradient's shape differs from
   *     its output's
   */
  public void backward(Map<String, Tensor> gradOutputs) {
    Buffers b = requireForward();
    if (gradOutputs == null) {
      throw new IllegalArgumentException("backward: gradients are null; pass one per output");
    }
    int matched = 0;
    for (int k = 0; k < topology.outputNames.length; k++) {
      String name = topology.outputNames[k];
      Tensor g = gradOutputs.get(name);
      int node = topology.outputNodes[k];
      if (g == null) {
        Arrays.fill(b.grads[node].data(), 0f);
      } else {
        checkGradient(name, g, b.outputs[node]);
        b.grads[node].copyFrom(g);
        matched++;
      }
    }
    if (matched != gradOutputs.size()) {
      checkNames("backward", "output", gradOutputs, topology.outputs);
    }
    runBackward(b);
  }

  /**
   * Runs the backward schedule of a network with one output.
   *
   * @throws IllegalStateException if forward has not run or the network has several outputs
   * @throws IllegalArgumentException if the gradient's shape differs from the output's
   */
  public void backward(Tensor gradOutput) {
    Buffers b = requireForward();
    String out = single(topology.outputs, "output", "backward(Map)");
    int node = topology.indexOf(out);
    checkGradient(out, gradOutput, b.outputs[node]);
    b.grads[node].copyFrom(gradOutput);
    runBackward(b);
  }

  private void runBackward(Buffers b) {
    Operator[] ops = topology.ops;
    int n = ops.length;
    for (int i = 0; i < n; i++) {
      if (topology.succs[i].length > 0 && b.grads[i] != null) {
        Arrays.fill(b.grads[i].data(), 0f);
      }
    }
    for (int i = n - 1; i >= 0; i--) {
      if (needsGrad[i] && topology.preds[i].length > 0) {
        ops[i].backward(
            b.inputs[i], b.outputs[i], b.grads[i], paramValues[i], paramGrads[i], b.gradInputs[i]);
      }
    }
  }

  /**
   * Returns the first node, in forward order, whose output from the last {@link #forward} holds a
   * NaN or an infinity; empty if all are finite or forward has not run.
   */
  public Optional<String> firstNonFiniteOutput() {
    if (last != null) {
      for (int i = 0; i < topology.ops.length; i++) {
        if (!Elementwise.allFinite(last.outputs[i])) {
          return Optional.of(topology.schedule.get(i));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the first node, in backward order, whose output gradient from the last {@link
   * #backward} holds a NaN or an infinity, or whose parameter gradient does; empty if all are
   * finite or backward has not run.
   */
  public Optional<String> firstNonFiniteGradient() {
    if (last != null) {
      for (int i = topology.ops.length - 1; i >= 0; i--) {
        if (last.grads[i] != null && !Elementwise.allFinite(last.grads[i])) {
          return Optional.of(topology.schedule.get(i));
        }
        if (paramGrads[i] != null) {
          for (Tensor g : paramGrads[i]) {
            if (!Elementwise.allFinite(g)) {
              return Optional.of(topology.schedule.get(i));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A node's output gradient is needed when the node has parameters, when a predecessor's is, or
   * when it is an input and input gradients are on.
   */
  private boolean[] computeNeedsGrad() {
    int n = topology.ops.length;
    boolean[] needs = new boolean[n];
    for (int i = 0; i < n; i++) {
      needs[i] = paramValues[i] != null && paramValues[i].length > 0;
      if (topology.preds[i].length == 0) {
        needs[i] = inputGradients;
      }
      for (int p : topology.preds[i]) {
        needs[i] |= needs[p];
      }
    }
    return needs;
  }

  private Buffers buffersFor(int batch) {
    if (last != null && last.batch == batch) {
      return last;
    }
    for (Buffers b : cache) {
      if (b != null && b.batch == batch) {
        return b;
      }
    }
    Buffers b = new Buffers(topology, needsGrad, batch);
    cache[nextEvict] = b;
    nextEvict = (nextEvict + 1) % cache.length;
    return b;
  }

  private Buffers requireForward() {
    if (last == null) {
      throw new IllegalStateException("call forward before backward");
    }
    return last;
  }

  private int nodeIndex(String node) {
    int i = topology.indexOf(node);
    if (i < 0) {
      throw new IllegalArgumentException(
          "no node named `" + node + "`; the nodes are " + topology.schedule);
    }
    return i;
  }

  private void checkInput(String name, Tensor t, int batch) {
    int width = topology.widths[topology.indexOf(name)];
    if (t == null) {
      throw new IllegalArgumentException(
          "input `" + name + "` is null; pass a [batch, " + width + "] tensor");
    }
    if (t.rank() != 2 || t.dim(1) != width || t.dim(0) == 0) {
      throw new IllegalArgumentException(
          String.format(
              "input `%s` expects a [batch, %d] tensor with batch ≥ 1, got %s",
              name, width, Arrays.toString(t.shape())));
    }
    if (batch >= 0 && t.dim(0) != batch) {
      throw new IllegalArgumentException(
          String.format(
              "input `%s` has batch size %d but the other inputs have %d; feed all inputs the"
                  + " same number of rows",
              name, t.dim(0), batch));
    }
  }

  private static void checkGradient(String name, Tensor g, Tensor output) {
    if (g == null || !g.sameShape(output)) {
      throw new IllegalArgumentException(
          String.format(
              "gradient for output `%s` has shape %s but the output has shape %s",
              name,
              g == null ? "null" : Arrays.toString(g.shape()),
              Arrays.toString(output.shape())));
    }
  }

  private static void checkNames(
      String call, String kind, Map<String, Tensor> given, ImmutableList<String> expected) {
    List<String> missing = new ArrayList<>();
    if (kind.equals("input")) {
      for (String name : expected) {
        if (!given.containsKey(name)) {
          missing.add(name);
        }
      }
    }
    List<String> unknown = new ArrayList<>();
    for (String name : given.keySet()) {
      if (!expected.contains(name)) {
        unknown.add(name);
      }
    }
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: %s%s; the network's %ss are %s",
              call,
              missing.isEmpty() ? "" : "missing " + kind + " " + missing,
              unknown.isEmpty()
                  ? ""
                  : (missing.isEmpty() ? "" : " and ") + "unknown " + kind + " " + unknown,
              kind,
              expected));
    }
  }

  private static String single(List<String> names, String kind, String alternative) {
    if (names.size() != 1) {
      throw new IllegalStateException(
          String.format(
              "this network has %d %ss (%s); use %s", names.size(), kind, names, alternative));
    }
    return names.get(0);
  }
}
