package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.Lists;
import dev.tributary.core.Tensor;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties over random valid networks (see {@link RandomDags}) and random invalid ones. The jqwik
 * seed is fixed so that CI runs are reproducible; each property reports its tries.
 */
class NetworkPropertiesTest {
  private static final String SEED = "20261123";

  @Property(tries = 300, seed = SEED)
  void build_randomDag_schedulesRespectEveryEdge(
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
    RandomDags.Dag dag = RandomDags.generate(seed, false);
    Network net = dag.build();
    List<String> schedule = net.forwardSchedule();
    assertEquals(dag.ops.size(), schedule.size());
    dag.next.forEach(
        (from, tos) -> {
          for (String to : tos) {
            assertTrue(schedule.indexOf(from) < schedule.indexOf(to), from + " -> " + to);
          }
        });
    assertEquals(Lists.reverse(schedule), net.backwardSchedule());
    // Deterministic: the same maps give the same schedule.
    assertEquals(schedule, dag.build().forwardSchedule());
  }

  @Property(tries = 60, seed = SEED)
  void gradientCheck_randomSmoothDag_passes(@ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
    RandomDags.Dag dag = RandomDags.generate(seed, true);
    Network net = dag.build();
    GradientCheck.Report report = new GradientCheck(net).run(dag.inputs(3), seed);
    assertTrue(report.passed(), () -> dag + "\n" + report);
  }

  @Property(tries = 100, seed = SEED)
  void sharedParameters_randomDag_listedOnceUnderTheirOwner(
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
    RandomDags.Dag dag = RandomDags.generate(seed, false);
    Network net = dag.build();
    long owners =
        dag.ops.values().stream()
            .filter(op -> op instanceof Linear && op.sharedParametersOf() == null)
            .count();
    assertEquals(2 * owners, net.parameters().size());
  }

  @Property(tries = 200, seed = SEED)
  void build_edgeClosingACycle_namesNodesOnTheCycle(
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
    RandomDags.Dag dag = RandomDags.generate(seed, false);
    Network valid = dag.build();
    List<String> order = valid.forwardSchedule();
    SplittableRandom rng = new SplittableRandom(seed);
    // An edge from a later non-input node back to an earlier non-input ancestor-or-self.
    List<String> candidates = new ArrayList<>();
    for (String n : order) {
      if (!valid.inputs().contains(n)) {
        candidates.add(n);
      }
    }
    String to = candidates.get(rng.nextInt(candidates.size()));
    List<String> downstream = descendantsOf(valid, to);
    String from = downstream.get(rng.nextInt(downstream.size()));
    Map<String, List<String>> next = copy(dag.next);
    next.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
    GraphException e = assertThrows(GraphException.class, () -> Network.of(dag.ops, next, seed));
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    assertTrue(!e.nodes().isEmpty());
    for (String n : e.nodes()) {
      // every named node lies on a cycle: it is reachable from `to` and reaches `from`... so it
      // is a descendant of `to` (or `to` itself) and an ancestor of `from` (or `from` itself).
      assertTrue(downstream.contains(n), n + " is not on the cycle: " + e.getMessage());
      assertTrue(descendantsOf(valid, n).contains(from), n + " does not reach " + from);
    }
  }

  @Property(tries = 200, seed = SEED)
  void build_danglingName_namesIt(@ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
    RandomDags.Dag dag = RandomDags.generate(seed, false);
    List<String> names = new ArrayList<>(dag.ops.keySet());
    String from = names.get(new SplittableRandom(seed).nextInt(names.size()));
    Map<String, List<String>> next = copy(dag.next);
    next.computeIfAbsent(from, k -> new ArrayList<>()).add("ghost");
    GraphException e = assertThrows(GraphException.class, () -> Network.of(dag.ops, next, seed));
    assertTrue(e.nodes().contains("ghost"), e.getMessage());
  }

  @Property(tries = 200, seed = SEED)
  void build_linearOfWrongWidth_namesTheLayer(
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
    RandomDags.Dag dag = RandomDags.generate(seed, false);
    Map<String, Operator> ops = new LinkedHashMap<>(dag.ops);
    String victim = null;
    for (Map.Entry<String, Operator> e : ops.entrySet()) {
      if (e.getValue() instanceof Linear && e.getValue().sharedParametersOf() == null) {
        victim = e.getKey();
      }
    }
    // A try without an unshared Linear to break is discarded, not passed: jqwik counts discarded
    // tries and fails the property when they outnumber the checked ones too far.
    net.jqwik.api.Assume.that(victim != null);
    Linear old = (Linear) ops.get(victim);
    boolean shared = ops.values().stream().anyMatch(op -> op.sharedParametersOf() == old);
    // Replacing a shared owner would change the error to a sharing one: discarded as well.
    net.jqwik.api.Assume.that(!shared);
    ops.put(victim, new Linear(old.in() + 1, old.out()));
    String name = victim;
    GraphException e = assertThrows(GraphException.class, () -> Network.of(ops, dag.next, seed));
    assertEquals(name, e.nodes().get(0), e.getMessage());
    assertTrue(e.getMessage().contains("expected " + (old.in() + 1)), e.getMessage());
  }

  @Property(tries = 50, seed = SEED)
  void copy_randomDag_givesBitwiseIdenticalOutputs(
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
    RandomDags.Dag dag = RandomDags.generate(seed, false);
    Network net = dag.build();
    Map<String, Tensor> in = dag.inputs(5);
    Map<String, Tensor> expected = new LinkedHashMap<>();
    net.forward(in).forEach((k, v) -> expected.put(k, v.copy()));
    assertEquals(expected, net.copy().forward(in));
  }

  @Property(tries = 100, seed = SEED)
  void saveLoad_randomDag_bitwiseIdenticalParametersAndOutputs(
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed) throws java.io.IOException {
    RandomDags.Dag dag = RandomDags.generate(seed, false);
    Network net = dag.build();
    java.nio.file.Path file = java.nio.file.Files.createTempFile("tributary", ".safetensors");
    try {
      ModelFile.save(net, file);
      Network loaded = ModelFile.load(file);
      assertEquals(net.forwardSchedule(), loaded.forwardSchedule());
      assertEquals(net.parameters().keySet(), loaded.parameters().keySet());
      net.parameters()
          .forEach((k, p) -> assertEquals(p.value(), loaded.parameters().get(k).value(), k));
      Map<String, Tensor> in = dag.inputs(4);
      Map<String, Tensor> expected = new LinkedHashMap<>();
      net.forward(in).forEach((k, v) -> expected.put(k, v.copy()));
      assertEquals(expected, loaded.forward(in));
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> next) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    next.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
    return copy;
  }

  /** The node itself and everything reachable from it. */
  private static List<String> descendantsOf(Network net, String node) {
    List<String> result = new ArrayList<>(List.of(node));
    for (int i = 0; i < result.size(); i++) {
      for (String s : net.successors(result.get(i))) {
        if (!result.contains(s)) {
          result.add(s);
        }
      }
    }
    return result;
  }
}
