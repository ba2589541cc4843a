package dev.tributary.graph;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.tributary.graph.op.Operator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills the two maps of a {@link Network} fluently, in declaration order:
 *
 * <pre>{@code
 * Network net = Network.builder()
 *     .add("x", new Input(2)).add("fc", new Linear(2, 1)).add("p", new Sigmoid())
 *     .connect("x", "fc").connect("fc", "p")
 *     .build(42);
 * }</pre>
 *
 * It only collects: all validation happens in {@link #build}, exactly as in {@link Network#of}.
 */
public final class NetworkBuilder {
  private final Map<String, Operator> operators = new LinkedHashMap<>();
  private final Map<String, List<String>> connectivity = new LinkedHashMap<>();

  NetworkBuilder() {}

  /**
   * Adds a node.
   *
   * @throws GraphException if a node of that name was already added
   */
  public NetworkBuilder add(String name, Operator operator) {
    if (operators.containsKey(name)) {
      throw new GraphException(
          "node `" + name + "` is added twice; give each node its own name", List.of(name));
    }
    operators.put(name, operator);
    return this;
  }

  /** Declares that {@code to} consume the output of {@code from}. */
  public NetworkBuilder connect(String from, String... to) {
    connectivity.computeIfAbsent(from, k -> new ArrayList<>()).addAll(List.of(to));
    return this;
  }

  /** Returns a snapshot of the operators map so far. */
  public Map<String, Operator> operators() {
    return ImmutableMap.copyOf(operators);
  }

  /** Returns a snapshot of the connectivity map so far. */
  public Map<String, List<String>> connectivity() {
    ImmutableMap.Builder<String, List<String>> copy = ImmutableMap.builder();
    connectivity.forEach((k, v) -> copy.put(k, ImmutableList.copyOf(v)));
    return copy.buildOrThrow();
  }

  /**
   * Builds the network with parameters initialised from {@code seed}.
   *
   * @throws GraphException if the maps do not describe a valid network (see {@link Network#of})
   */
  public Network build(long seed) {
    return Network.of(operators, connectivity, seed);
  }
}
