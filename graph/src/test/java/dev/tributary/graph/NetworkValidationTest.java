package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.op.Concat;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per invalid map: the exception type, and the node(s) its message names. */
class NetworkValidationTest {

  private static GraphException rejected(NetworkBuilder maps) {
    return assertThrows(GraphException.class, () -> maps.build(0));
  }

  private static void assertMentions(GraphException e, String... fragments) {
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e.getMessage());
    }
  }

  @Test
  void of_cycle_messagePrintsCyclePath() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("a", new Linear(2, 2))
                .add("b", new Sum())
                .add("c", new ReLU())
                .connect("x", "a")
                .connect("a", "b")
                .connect("b", "c")
                .connect("c", "b"));
    assertMentions(e, "cycle", "b -> c -> b");
    assertEquals(List.of("b", "c"), e.nodes());
  }

  @Test
  void of_longCycle_messagePrintsWholePath() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("s", new Sum())
                .add("a", new ReLU())
                .add("b", new Tanh())
                .add("c", new ReLU())
                .connect("x", "s")
                .connect("s", "a")
                .connect("a", "b")
                .connect("b", "c")
                .connect("c", "s"));
    assertMentions(e, "s -> a -> b -> c -> s");
    assertEquals(List.of("s", "a", "b", "c"), e.nodes());
  }

  @Test
  void of_selfLoop_messageNamesNode() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("s", new Sum())
                .connect("x", "s")
                .connect("s", "s"));
    assertMentions(e, "s -> s");
  }

  @Test
  void of_connectivityKeyWithoutOperator_namesIt() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("a", new ReLU())
                .connect("x", "a")
                .connect("ghost", "a"));
    assertMentions(e, "`ghost`", "no operator");
    assertEquals(List.of("ghost"), e.nodes());
  }

  @Test
  void of_successorWithoutOperator_namesItAndItsFeeder() {
    GraphException e =
        rejected(
            Network.builder().add("x", new Input(2)).add("a", new ReLU()).connect("x", "a", "fc9"));
    assertMentions(e, "`x` feeds `fc9`", "no operator");
    assertEquals(List.of("fc9", "x"), e.nodes());
  }

  @Test
  void of_operatorNothingConnects_namesIt() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("a", new ReLU())
                .add("lonely", new Tanh())
                .connect("x", "a"));
    assertMentions(e, "`lonely`", "not connected");
  }

  @Test
  void of_inputFeedingNothing_namesIt() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("unused", new Input(3))
                .add("a", new ReLU())
                .connect("x", "a"));
    assertMentions(e, "`unused`", "not connected");
  }

  @Test
  void of_nonInputWithoutPredecessors_namesIt() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("fc", new Linear(2, 3))
                .add("a", new ReLU())
                .add("s", new Sum())
                .connect("x", "s")
                .connect("fc", "s")
                .connect("s", "a"));
    assertMentions(e, "`fc` (Linear 2→3) has no predecessors", "only an Input");
    assertEquals(List.of("fc"), e.nodes());
  }

  @Test
  void of_inputWithPredecessor_namesBoth() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("a", new ReLU())
                .add("y", new Input(2))
                .add("s", new Sum())
                .connect("x", "a")
                .connect("a", "y", "s")
                .connect("y", "s"));
    assertMentions(e, "`y` is an Input", "`a` feeds it");
    assertEquals(List.of("y", "a"), e.nodes());
  }

  @Test
  void of_singleInputOperatorWithTwoPredecessors_suggestsSumOrConcat() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("a", new ReLU())
                .add("b", new Tanh())
                .add("fc", new Linear(2, 1))
                .connect("x", "a", "b")
                .connect("a", "fc")
                .connect("b", "fc"));
    assertMentions(e, "`fc` (Linear 2→1) takes one input", "`a`, `b`", "Sum or a Concat");
    assertEquals(List.of("fc", "a", "b"), e.nodes());
  }

  @Test
  void of_linearFedWrongWidth_namesLayerFeederAndWidths() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("fc0", new Linear(2, 15))
                .add("fc1", new Linear(2, 15))
                .add("concat", new Concat())
                .add("fc2", new Linear(25, 1))
                .connect("x", "fc0", "fc1")
                .connect("fc0", "concat")
                .connect("fc1", "concat")
                .connect("concat", "fc2"));
    assertMentions(e, "node `fc2` (Linear 25→1) is fed 30 features by `concat`; expected 25");
    assertEquals(List.of("fc2", "concat"), e.nodes());
  }

  @Test
  void of_sumOfUnequalWidths_namesBothBranches() {
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("fc1", new Linear(2, 25))
                .add("fc2", new Linear(2, 24))
                .add("sum", new Sum())
                .connect("x", "fc1", "fc2")
                .connect("fc1", "sum")
                .connect("fc2", "sum"));
    assertMentions(e, "`sum` (Sum)", "`fc1` gives 25", "`fc2` gives 24");
    assertEquals(List.of("sum", "fc1", "fc2"), e.nodes());
  }

  @Test
  void of_nullNodeName_isRejected() {
    Map<String, Operator> ops = new HashMap<>();
    ops.put(null, new Input(2));
    ops.put("a", new ReLU());
    GraphException e =
        assertThrows(GraphException.class, () -> Network.of(ops, Map.of("a", List.of())));
    assertMentions(e, "null node name");
  }

  @Test
  void of_blankNodeName_isRejected() {
    GraphException e =
        rejected(Network.builder().add("x", new Input(2)).add(" ", new ReLU()).connect("x", " "));
    assertMentions(e, "blank node name");
  }

  @Test
  void of_blankSuccessorName_isRejected() {
    GraphException e =
        rejected(
            Network.builder().add("x", new Input(2)).add("a", new ReLU()).connect("x", "a", ""));
    assertMentions(e, "successors of `x`", "blank node name");
  }

  @Test
  void of_nullOperator_namesNode() {
    Map<String, Operator> ops = new LinkedHashMap<>();
    ops.put("x", new Input(2));
    ops.put("a", null);
    GraphException e =
        assertThrows(GraphException.class, () -> Network.of(ops, Map.of("x", List.of("a"))));
    assertMentions(e, "`a` has a null operator");
  }

  @Test
  void of_nullSuccessorList_namesNode() {
    Map<String, Operator> ops = new LinkedHashMap<>();
    ops.put("x", new Input(2));
    ops.put("a", new ReLU());
    Map<String, List<String>> next = new HashMap<>();
    next.put("x", List.of("a"));
    next.put("a", null);
    GraphException e = assertThrows(GraphException.class, () -> Network.of(ops, next));
    assertMentions(e, "successors of `a` are null");
  }

  @Test
  void of_duplicateSuccessor_namesEdge() {
    GraphException e =
        rejected(
            Network.builder().add("x", new Input(2)).add("s", new Sum()).connect("x", "s", "s"));
    assertMentions(e, "`x` lists `s` twice");
  }

  @Test
  void of_sameLinearInstanceTwice_suggestsSharing() {
    Linear shared = new Linear(2, 2);
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("a", shared)
                .add("b", shared)
                .connect("x", "a")
                .connect("a", "b"));
    assertMentions(e, "`a` and `b` hold the same Linear instance", "Linear.sharing");
  }

  @Test
  void of_sharingALinearOutsideTheMap_namesNode() {
    Linear outside = new Linear(2, 2);
    GraphException e =
        rejected(
            Network.builder()
                .add("x", new Input(2))
                .add("b", Linear.sharing(outside))
                .connect("x", "b"));
    assertMentions(e, "`b` shares the parameters", "not in the operators map");
  }

  @Test
  void of_emptyOperators_isRejected() {
    GraphException e = assertThrows(GraphException.class, () -> Network.of(Map.of(), Map.of()));
    assertMentions(e, "operators map is empty");
  }

  @Test
  void of_nullConnectivity_isRejected() {
    GraphException e =
        assertThrows(GraphException.class, () -> Network.of(Map.of("x", new Input(2)), null));
    assertMentions(e, "connectivity map is null");
  }

  @Test
  void build_cycleCaughtAsIllegalArgumentException_isTheGraphException() {
    NetworkBuilder maps = Network.builder().add("x", new Input(2)).connect("x", "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> maps.build(0));
    assertEquals(GraphException.class, e.getClass());
    assertTrue(Arrays.asList(e.getMessage().split(" ")).contains("cycle:"));
  }
}
