package dev.tributary.graph;

import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Operator;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A network built from an <b>operators map</b> (node name → {@link Operator}) and a <b>connectivity
 * map</b> (node name → names of the nodes that consume its output).
 *
 * <p>{@link #of} validates the maps (see {@link GraphException}), orders the DAG into a forward
 * schedule with JGraphT, infers every node's per-sample {@link Shape} and initialises the
 * parameters from a seed, so an invalid network cannot exist and the same maps and seed give
 * bitwise the same network.
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
 * Activation, gradient and scratch buffers are allocated once per batch size and reused, so a
 * training step at a fixed batch size allocates nothing. The tensors returned by {@code forward}
 * are those live buffers: they are overwritten by the next {@code forward} at the same batch size
 * ({@link Tensor#copy()} one to keep it).
 *
 * <p>Modes: a new network is in training mode (dropout active, batch norm on batch statistics), as
 * a new {@code torch.nn.Module}; {@link #setTraining setTraining(false)} switches to evaluation.
 *
 * <p>Thread safety: a {@code Network} is single-threaded. Using one from two threads at once throws
 * an {@link IllegalStateException} (never a wrong answer), as does a {@code backward} on another
 * thread than the {@code forward} it follows. For serving from several threads use a {@link
 * Predictor}, or give each thread its own {@link #copy()}; {@code copy()} itself may be called from
 * any number of threads at once, as long as no thread is changing the parameters meanwhile.
 */
public final class Network {
  private final Topology topology;
  private final ParameterStore store;
  private final RunState state = new RunState();
  private final Execution execution;
  private long seed;

  private Network(Topology topology, long seed) {
    this.topology = topology;
    this.store = new ParameterStore(topology);
    this.execution = new Execution(topology, store, state);
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
   * @param seed the seed of the parameter initialisation (and of the dropout masks)
   * @throws GraphException if the maps do not describe a valid network: a cycle, a name without an
   *     operator, an unconnected node, a non-Input without predecessors, an Input with
   *     predecessors, a single-input operator fed by several nodes, mismatched shapes, or a null or
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

  /**
   * Returns an independent network with the same maps, seed, mode and current parameter and buffer
   * values. Safe to call from several threads at once while no thread changes the parameters.
   */
  public Network copy() {
    Network copy = new Network(topology, seed);
    copy.store.copyFrom(store);
    copy.state.training = state.training;
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

  /** Returns the connectivity map as given, without empty lists' meaning changed. */
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
   * Returns the per-sample shape of a node's output, e.g. {@code [16, 12, 12]}.
   *
   * @throws IllegalArgumentException if there is no such node
   */
  public Shape shape(String node) {
    return topology.shapes[nodeIndex(node)];
  }

  /**
   * Returns the number of values a node outputs per sample: its width for vectors (the product of
   * the shape for images).
   *
   * @throws IllegalArgumentException if there is no such node
   */
  public int width(String node) {
    return shape(node).size();
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
    return store.parameters;
  }

  /**
   * Returns the buffers, the non-trainable state such as batch norm's running statistics, keyed
   * {@code "<node>.running_mean"} etc. as in a PyTorch {@code state_dict}; live tensors.
   */
  public Map<String, Tensor> buffers() {
    return store.bufferMap;
  }

  /** Returns the total number of trainable scalars. */
  public long parameterCount() {
    long count = 0;
    for (Parameter p : store.parameters.values()) {
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

  // ---- parameters and mode ----------------------------------------------------------------------

  /** Sets every parameter gradient to zero. */
  public void zeroGrad() {
    store.zeroGrad();
  }

  /**
   * Re-initialises every parameter from {@code seed} (each with its operator's initialiser, in
   * {@link #parameters()} order), resets the buffers and the dropout generator, and zeroes the
   * gradients.
   */
  public void reset(long seed) {
    this.seed = seed;
    store.reset(seed);
    state.seed(seed);
  }

  /** Switches between training mode ({@code true}) and evaluation mode. */
  public void setTraining(boolean training) {
    state.training = training;
  }

  /** Returns whether the network is in training mode. */
  public boolean isTraining() {
    return state.training;
  }

  // ---- execution ------------------------------------------------------------------------------

  /**
   * Computes and keeps the gradients of the inputs too, readable with {@link #inputGradient} after
   * {@link #backward}; off by default, since training does not need them.
   */
  public void setInputGradients(boolean enabled) {
    execution.setInputGradients(enabled);
  }

  /**
   * Returns the gradient with respect to an input from the last {@link #backward}.
   *
   * @throws IllegalStateException if input gradients are off or backward has not run
   * @throws IllegalArgumentException if {@code input} is not an input node
   */
  public Tensor inputGradient(String input) {
    return execution.inputGradient(input);
  }

  /**
   * Returns any node's output from the last {@link #forward} (a live buffer), e.g. the embedding a
   * siamese trunk computed.
   *
   * @throws IllegalArgumentException if there is no such node
   * @throws IllegalStateException if forward has not run
   */
  public Tensor value(String node) {
    return execution.value(nodeIndex(node));
  }

  /**
   * Returns the gradient of the loss with respect to a node's output from the last {@link
   * #backward}, or {@code null} where no one needed it (nodes upstream of no parameter).
   *
   * @throws IllegalArgumentException if there is no such node
   * @throws IllegalStateException if forward has not run
   */
  public Tensor gradient(String node) {
    return execution.gradient(nodeIndex(node));
  }

  /**
   * Runs the forward schedule on batch-first inputs and returns the outputs by name.
   *
   * @param inputs one {@code [batch, shape...]} tensor per input node, by name, of one batch size
   * @return the output nodes' tensors (live buffers, overwritten by the next forward)
   * @throws IllegalArgumentException if an input is missing or unknown, or a tensor's shape does
   *     not fit its input node
   * @throws IllegalStateException if another thread is using this network
   */
  public Map<String, Tensor> forward(Map<String, Tensor> inputs) {
    return execution.forward(inputs);
  }

  /**
   * Runs the forward schedule of a network with one input and one output.
   *
   * @throws IllegalStateException if the network has several inputs or outputs, or another thread
   *     is using it
   * @throws IllegalArgumentException if {@code x}'s shape does not fit the input
   */
  public Tensor forward(Tensor x) {
    return execution.forward(x);
  }

  /**
   * Runs the backward schedule from the gradients of the loss with respect to the outputs of the
   * last {@link #forward}, adding to the parameter gradients. An output left out of the map gets a
   * zero gradient.
   *
   * @throws IllegalStateException if forward has not run on this thread, or another thread is using
   *     this network
   * @throws IllegalArgumentException if a name is not an output or a gradient's shape differs from
   *     its output's
   */
  public void backward(Map<String, Tensor> gradOutputs) {
    execution.backward(gradOutputs);
  }

  /**
   * Runs the backward schedule of a network with one output.
   *
   * @throws IllegalStateException if forward has not run on this thread, the network has several
   *     outputs, or another thread is using it
   * @throws IllegalArgumentException if the gradient's shape differs from the output's
   */
  public void backward(Tensor gradOutput) {
    execution.backward(gradOutput);
  }

  private int nodeIndex(String node) {
    int i = topology.indexOf(node);
    if (i < 0) {
      throw new IllegalArgumentException(
          "no node named `" + node + "`; the nodes are " + topology.schedule);
    }
    return i;
  }
}
