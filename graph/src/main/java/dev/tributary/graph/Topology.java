package dev.tributary.graph;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.tributary.graph.op.Operator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The validated structure of a network: the operators and connectivity maps checked, turned into a
 * JGraphT DAG, ordered into a forward schedule (ties broken by the operators map's order) and with
 * every node's per-sample shape inferred. Nodes are numbered by their position in the schedule.
 *
 * <p>Validation happens in the order a user would fix things: names, then dangling references, then
 * cycles, then each node's place in the graph, then shapes. The first problem found is thrown as a
 * {@link GraphException} naming the node(s).
 */
final class Topology {
  final ImmutableMap<String, Operator> operators;
  final ImmutableMap<String, ImmutableList<String>> connectivity;
  final Graph<String, DefaultEdge> graph;
  final ImmutableList<String> schedule;
  final Operator[] ops;
  final int[][] preds;
  final int[][] succs;

  /** Each node's per-sample output shape. */
  final Shape[] shapes;

  /** Each node's plan, as its operator computed it from the shapes. */
  final Object[] plans;

  /** For each node, the node whose parameters it uses: itself, or the owner for shared weights. */
  final int[] paramOwner;

  final ImmutableList<String> inputs;
  final ImmutableList<String> outputs;

  /** The inputs and outputs as arrays of names and node indices, for allocation-free loops. */
  final String[] inputNames;

  final String[] outputNames;
  final int[] inputNodes;
  final int[] outputNodes;
  private final Map<String, Integer> index;

  Topology(
      Map<String, ? extends Operator> operatorsMap,
      Map<String, ? extends Collection<String>> connectivityMap) {
    this.operators = checkOperators(operatorsMap);
    this.connectivity = checkConnectivity(operators, connectivityMap);
    this.graph = buildGraph(operators, connectivity);
    rejectCycles(graph, operators.keySet());
    checkPlacement(graph, operators);

    Map<String, Integer> order = new HashMap<>();
    for (String name : operators.keySet()) {
      order.put(name, order.size());
    }
    List<String> sorted = new ArrayList<>();
    new TopologicalOrderIterator<>(graph, Comparator.comparingInt(order::get))
        .forEachRemaining(sorted::add);
    this.schedule = ImmutableList.copyOf(sorted);

    int n = schedule.size();
    this.index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(schedule.get(i), i);
    }
    this.ops = new Operator[n];
    this.preds = new int[n][];
    this.succs = new int[n][];
    Comparator<String> byMapOrder = Comparator.comparingInt(order::get);
    for (int i = 0; i < n; i++) {
      String name = schedule.get(i);
      ops[i] = operators.get(name);
      preds[i] = inputIndices(name, ops[i], graph, byMapOrder);
      succs[i] = indices(org.jgrapht.Graphs.successorListOf(graph, name), byMapOrder);
    }
    this.paramOwner = resolveSharing();
    this.shapes = inferShapes();
    this.plans = new Object[n];
    for (int i = 0; i < n; i++) {
      plans[i] = ops[i].plan(shapesOf(preds[i]), shapes[i]);
    }
    ImmutableList.Builder<String> in = ImmutableList.builder();
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (int i = 0; i < n; i++) {
      if (preds[i].length == 0) {
        in.add(schedule.get(i));
      }
      if (succs[i].length == 0) {
        out.add(schedule.get(i));
      }
    }
    this.inputs = in.build();
    this.outputs = out.build();
    this.inputNames = inputs.toArray(new String[0]);
    this.outputNames = outputs.toArray(new String[0]);
    this.inputNodes = inputs.stream().mapToInt(this::indexOf).toArray();
    this.outputNodes = outputs.stream().mapToInt(this::indexOf).toArray();
  }

  int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  List<String> names(int[] nodes) {
    List<String> names = new ArrayList<>(nodes.length);
    for (int node : nodes) {
      names.add(schedule.get(node));
    }
    return names;
  }

  private int[] indices(List<String> names, Comparator<String> byMapOrder) {
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(byMapOrder);
    int[] result = new int[sorted.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = index.get(sorted.get(i));
    }
    return result;
  }

  private static ImmutableMap<String, Operator> checkOperators(
      Map<String, ? extends Operator> operators) {
    if (operators == null || operators.isEmpty()) {
      throw new GraphException(
          "the operators map is empty; declare at least an Input and the operators it feeds");
    }
    IdentityHashMap<Operator, String> seen = new IdentityHashMap<>();
    ImmutableMap.Builder<String, Operator> result = ImmutableMap.builder();
    for (Map.Entry<String, ? extends Operator> e : operators.entrySet()) {
      String name = e.getKey();
      checkName(name, "the operators map");
      Operator op = e.getValue();
      if (op == null) {
        throw new GraphException(
            "node `" + name + "` has a null operator; give it one, e.g. new ReLU()", List.of(name));
      }
      String other = seen.put(op, name);
      if (other != null && !op.parameterSpecs().isEmpty()) {
        throw new GraphException(
            String.format(
                "nodes `%s` and `%s` hold the same %s instance; use Linear.sharing(...) for one of"
                    + " them to share weights, or a new %s for separate weights",
                other, name, op.type(), op.type()),
            List.of(other, name));
      }
      result.put(name, op);
    }
    return result.buildOrThrow();
  }

  private static void checkName(String name, String where) {
    if (name == null || name.isBlank()) {
      throw new GraphException(
          where
              + " has a "
              + (name == null ? "null" : "blank")
              + " node name; give every node a non-blank name");
    }
  }

  private static ImmutableMap<String, ImmutableList<String>> checkConnectivity(
      Map<String, Operator> operators, Map<String, ? extends Collection<String>> connectivity) {
    if (connectivity == null) {
      throw new GraphException(
          "the connectivity map is null; pass a map from each node to the nodes that consume its"
              + " output");
    }
    Map<String, ImmutableList<String>> result = new LinkedHashMap<>();
    for (Map.Entry<String, ? extends Collection<String>> e : connectivity.entrySet()) {
      String from = e.getKey();
      checkName(from, "the connectivity map");
      if (!operators.containsKey(from)) {
        throw new GraphException(
            "the connectivity map names `"
                + from
                + "`, which has no operator; add `"
                + from
                + "` to the operators map or remove it from the connectivity map",
            List.of(from));
      }
      Collection<String> targets = e.getValue();
      if (targets == null) {
        throw new GraphException(
            "the successors of `" + from + "` are null; use an empty list for none", List.of(from));
      }
      Set<String> unique = new LinkedHashSet<>();
      for (String to : targets) {
        checkName(to, "the successors of `" + from + "`");
        if (!operators.containsKey(to)) {
          throw new GraphException(
              "`"
                  + from
                  + "` feeds `"
                  + to
                  + "`, which has no operator; add `"
                  + to
                  + "` to the operators map or fix the name in the connectivity map",
              List.of(to, from));
        }
        if (!unique.add(to)) {
          throw new GraphException(
              "`" + from + "` lists `" + to + "` twice as a successor; list each successor once",
              List.of(from, to));
        }
      }
      result.put(from, ImmutableList.copyOf(unique));
    }
    return ImmutableMap.copyOf(result);
  }

  private static Graph<String, DefaultEdge> buildGraph(
      Map<String, Operator> operators, Map<String, ImmutableList<String>> connectivity) {
    Graph<String, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
    operators.keySet().forEach(graph::addVertex);
    connectivity.forEach((from, targets) -> targets.forEach(to -> graph.addEdge(from, to)));
    return graph;
  }

  /** Rejects a cycle, printing one shortest cycle through the first node (in map order) on one. */
  private static void rejectCycles(Graph<String, DefaultEdge> graph, Set<String> mapOrder) {
    Set<String> onCycles = new CycleDetector<>(graph).findCycles();
    if (onCycles.isEmpty()) {
      return;
    }
    String start = mapOrder.stream().filter(onCycles::contains).findFirst().orElseThrow();
    Graph<String, DefaultEdge> component =
        new KosarajuStrongConnectivityInspector<>(graph)
            .getStronglyConnectedComponents().stream()
                .filter(c -> c.containsVertex(start))
                .findFirst()
                .orElseThrow();
    List<String> best = null;
    BFSShortestPath<String, DefaultEdge> bfs = new BFSShortestPath<>(component);
    for (String last : org.jgrapht.Graphs.predecessorListOf(component, start)) {
      GraphPath<String, DefaultEdge> path = bfs.getPath(start, last);
      if (path != null && (best == null || path.getLength() + 1 < best.size() - 1)) {
        best = new ArrayList<>(path.getVertexList());
        best.add(start);
      }
    }
    List<String> cycle = best == null ? List.of(start, start) : best;
    throw new GraphException(
        "the graph has a cycle: "
            + String.join(" -> ", cycle)
            + "; a network must be acyclic, so remove one of these edges from the connectivity map",
        cycle.subList(0, cycle.size() - 1));
  }

  private static void checkPlacement(
      Graph<String, DefaultEdge> graph, Map<String, Operator> operators) {
    for (Map.Entry<String, Operator> e : operators.entrySet()) {
      String name = e.getKey();
      Operator op = e.getValue();
      int in = graph.inDegreeOf(name);
      int out = graph.outDegreeOf(name);
      if (in == 0 && out == 0) {
        throw new GraphException(
            String.format(
                "node `%s` (%s) is not connected to anything; connect it in the connectivity map"
                    + " or remove it from the operators map",
                name, op.describe()),
            List.of(name));
      }
      boolean isInput = op.arity() == Operator.Arity.NONE;
      if (isInput && in > 0) {
        List<String> from = org.jgrapht.Graphs.predecessorListOf(graph, name);
        throw new GraphException(
            String.format(
                "node `%s` is an Input but `%s` feeds it; inputs are fed by forward(...), so"
                    + " remove `%s` from the connectivity of %s",
                name, String.join("`, `", from), name, String.join(", ", from)),
            concat(name, from));
      }
      if (!isInput && in == 0) {
        throw new GraphException(
            String.format(
                "node `%s` (%s) has no predecessors; only an Input may start the graph, so list"
                    + " `%s` among the successors of another node, or make it an Input",
                name, op.describe(), name),
            List.of(name));
      }
      if (op.arity() == Operator.Arity.ONE && in > 1) {
        List<String> from = org.jgrapht.Graphs.predecessorListOf(graph, name);
        throw new GraphException(
            String.format(
                "node `%s` (%s) takes one input but is fed by %d nodes (`%s`); join them first"
                    + " with a Sum or a Concat node",
                name, op.describe(), in, String.join("`, `", from)),
            concat(name, from));
      }
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private int[] resolveSharing() {
    IdentityHashMap<Operator, Integer> nodeOf = new IdentityHashMap<>();
    for (int i = 0; i < ops.length; i++) {
      nodeOf.putIfAbsent(ops[i], i);
    }
    int[] owner = new int[ops.length];
    for (int i = 0; i < ops.length; i++) {
      Operator shared = ops[i].sharedParametersOf();
      if (shared == null) {
        owner[i] = i;
        continue;
      }
      Integer o = nodeOf.get(shared);
      if (o == null) {
        String name = schedule.get(i);
        throw new GraphException(
            String.format(
                "node `%s` shares the parameters of a %s that is not in the operators map; add"
                    + " that operator to the map under its own name",
                name, shared.describe()),
            List.of(name));
      }
      owner[i] = o;
    }
    return owner;
  }

  private Shape[] inferShapes() {
    Shape[] result = new Shape[ops.length];
    for (int i = 0; i < ops.length; i++) {
      List<Shape> in = new ArrayList<>(preds[i].length);
      for (int p : preds[i]) {
        in.add(result[p]);
      }
      result[i] = ops[i].outputShape(schedule.get(i), names(preds[i]), in);
    }
    return result;
  }

  /** Returns the shapes of the given nodes, in order. */
  List<Shape> shapesOf(int[] nodes) {
    List<Shape> result = new ArrayList<>(nodes.length);
    for (int node : nodes) {
      result.add(shapes[node]);
    }
    return result;
  }

  /**
   * Returns a node's predecessors in input order: the operators map's order, or the order its
   * operator declares ({@link Operator#inputOrder()}), which must name each predecessor once.
   */
  private int[] inputIndices(
      String name, Operator op, Graph<String, DefaultEdge> graph, Comparator<String> byMapOrder) {
    List<String> actual = org.jgrapht.Graphs.predecessorListOf(graph, name);
    List<String> order = op.inputOrder();
    if (order.isEmpty()) {
      return indices(actual, byMapOrder);
    }
    if (!new java.util.HashSet<>(order).equals(new java.util.HashSet<>(actual))
        || order.size() != actual.size()) {
      List<String> sorted = new ArrayList<>(actual);
      sorted.sort(byMapOrder);
      throw new GraphException(
          String.format(
              "node `%s` (%s) declares the input order %s but its predecessors are %s; list each"
                  + " predecessor exactly once",
              name, op.describe(), order, sorted),
          List.of(name));
    }
    int[] result = new int[order.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = index.get(order.get(i));
    }
    return result;
  }
}
