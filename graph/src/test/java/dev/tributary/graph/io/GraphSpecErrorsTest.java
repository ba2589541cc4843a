package dev.tributary.graph.io;

import static dev.tributary.graph.io.IoFixtures.assertMentions;
import static dev.tributary.graph.io.IoFixtures.assertNodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.GraphException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per malformed graph file: always a {@link GraphException} (never a raw Jackson exception
 * or NullPointerException) whose message gives the line and column, the JSON path, and the node.
 */
class GraphSpecErrorsTest {
  /** A valid body to splice broken parts into: x → fc1 → a1. */
  private static final String OPS =
      "\"x\": {\"type\": \"Input\", \"size\": 2}, \"a1\": {\"type\": \"ReLU\"}";

  private static final String EDGES = "\"connectivity\": {\"x\": [\"fc1\"], \"fc1\": [\"a1\"]}";

  private static GraphException rejected(String json) {
    return assertThrows(GraphException.class, () -> GraphSpec.parse(json));
  }

  /** A graph whose fc1 node is {@code fc1}, a JSON object text. */
  private static GraphException rejectedFc1(String fc1) {
    return rejected("{\"operators\": {" + OPS + ", \"fc1\": " + fc1 + "}, " + EDGES + "}");
  }

  // ---- syntax -----------------------------------------------------------------------------------

  @Test
  void parse_missingComma_namesLineAndColumn() {
    GraphException e =
        rejected(
            "{\n  \"operators\": {\n    \"x\": {\"type\": \"Input\" \"size\": 2}\n  },\n"
                + "  \"connectivity\": {}\n}");

    assertMentions(e, "line 3, column 27: malformed JSON near operators.x.type", "expecting comma");
    assertTrue(e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException);
  }

  @Test
  void parse_truncatedText_saysMalformedAtTheEnd() {
    GraphException e = rejected("{\"operators\": {\"x\": {\"type\": \"Input\"");

    assertMentions(
        e,
        "line 1, column 37",
        "malformed JSON",
        "end-of-input",
        "start marker at line 1, column 21");
  }

  @Test
  void parse_emptyText_saysEmpty() {
    assertMentions(rejected("  \n"), "the graph is empty", "\"operators\"");
  }

  @Test
  void parse_null_throwsGraphException() {
    assertMentions(rejected(null), "null");
  }

  @Test
  void parse_rootNotAnObject_saysWhatItGot() {
    assertMentions(rejected("[1, 2]"), "line 1, column 1", "expected an object, got an array");
  }

  @Test
  void parse_contentAfterTheGraph_isRejected() {
    GraphException e =
        rejected("{\"operators\": {" + OPS + ", \"fc1\": {\"type\": \"Tanh\"}}, " + EDGES + "} {}");

    assertMentions(e, "line 1, column 148", "after the graph's closing }");
  }

  @Test
  void parse_deeplyNestedValue_isMalformedNotStackOverflow() {
    String deep = "[".repeat(5000) + "]".repeat(5000);

    GraphException e = rejectedFc1("{\"type\": \"ReLU\", \"junk\": " + deep + "}");

    assertMentions(e, "malformed JSON", "nesting depth");
  }

  @Test
  void read_invalidUtf8_namesFileAndPosition(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.json");
    byte[] bytes = "{\"operators\": {\"x\u00ff\": 1}}".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, bytes);

    GraphException e = assertThrows(GraphException.class, () -> GraphSpec.read(file));

    assertMentions(e, file.toString() + ": line 1, column", "malformed JSON", "UTF-8");
  }

  // ---- sections ---------------------------------------------------------------------------------

  @Test
  void parse_unknownSection_isNamed() {
    GraphException e = rejected("{\"operators\": {" + OPS + "}, \"layers\": {}, " + EDGES + "}");

    assertMentions(e, "layers: unknown section \"layers\"", "\"operators\" and \"connectivity\"");
  }

  @Test
  void parse_missingOperators_isNamed() {
    assertMentions(rejected("{" + EDGES + "}"), "missing section \"operators\"");
  }

  @Test
  void parse_missingConnectivity_isNamed() {
    assertMentions(
        rejected("{\"operators\": {" + OPS + "}}"),
        "line 1, column 1",
        "missing section \"connectivity\"");
  }

  @Test
  void parse_emptyOperators_isNamed() {
    assertMentions(
        rejected("{\"operators\": {}, " + EDGES + "}"), "operators: the section is empty");
  }

  @Test
  void parse_emptyConnectivity_isNamed() {
    assertMentions(
        rejected("{\"operators\": {" + OPS + "}, \"connectivity\": {}}"),
        "connectivity: the section is empty");
  }

  @Test
  void parse_operatorsNotAnObject_saysWhatItGot() {
    assertMentions(
        rejected("{\"operators\": [], " + EDGES + "}"),
        "operators: expected an object mapping node names to operators, got an array");
  }

  // ---- operators --------------------------------------------------------------------------------

  @Test
  void parse_operatorNotAnObject_namesNode() {
    GraphException e = rejectedFc1("\"Linear\"");

    assertMentions(e, "operators.fc1: expected an object like {\"type\": \"ReLU\"}, got a string");
    assertNodes(e, "fc1");
  }

  @Test
  void parse_missingType_listsTheTypes() {
    GraphException e = rejectedFc1("{\"in\": 2, \"out\": 3}");

    assertMentions(e, "operators.fc1: missing field \"type\"", "Input, Linear, ReLU, Tanh");
    assertNodes(e, "fc1");
  }

  @Test
  void parse_typeNotAString_saysWhatItGot() {
    assertMentions(
        rejectedFc1("{\"type\": 7}"), "operators.fc1.type: expected an operator type", "got 7");
  }

  @Test
  void parse_unknownType_listsTheKnownTypes() {
    GraphException e = rejectedFc1("{\"type\": \"Transformer\"}");

    assertMentions(
        e,
        "operators.fc1.type: unknown operator type \"Transformer\"",
        "Input, Linear, ReLU, Tanh, Sigmoid, Sum, Concat");
    assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
    assertNodes(e, "fc1");
  }

  @Test
  void parse_typeInWrongCase_suggestsTheType() {
    assertMentions(rejectedFc1("{\"type\": \"relu\"}"), "did you mean \"ReLU\"?");
  }

  @Test
  void parse_unknownField_namesFieldAndListsTheFields() {
    GraphException e =
        rejectedFc1("{\"type\": \"Linear\", \"in\": 2, \"out\": 3, \"bias\": false}");

    assertMentions(
        e, "operators.fc1.bias: unknown field \"bias\" for Linear", "type, in, out, init, shares");
    assertNodes(e, "fc1");
  }

  @Test
  void parse_fieldOnFieldlessType_isUnknown() {
    assertMentions(
        rejectedFc1("{\"type\": \"ReLU\", \"size\": 2}"),
        "operators.fc1.size: unknown field \"size\" for ReLU; its fields are type");
  }

  @Test
  void parse_sizeAsString_quotesTheValue() {
    GraphException e = rejectedFc1("{\"type\": \"Linear\", \"in\": \"two\", \"out\": 3}");

    assertMentions(
        e, "line 1, column 107", "operators.fc1.in: expected a positive integer, got \"two\"");
    assertNodes(e, "fc1");
  }

  @Test
  void parse_nonPositiveOrFractionalOrHugeSizes_areRejected() {
    for (String bad : new String[] {"0", "-3", "2.5", "99999999999", "null", "[2]", "true"}) {
      GraphException e = rejectedFc1("{\"type\": \"Linear\", \"in\": 2, \"out\": " + bad + "}");
      String shown = bad.equals("[2]") ? "an array" : bad;
      assertMentions(e, "operators.fc1.out: expected a positive integer, got " + shown);
    }
  }

  @Test
  void parse_missingSize_namesField() {
    GraphException e = rejectedFc1("{\"type\": \"Linear\", \"in\": 2}");

    assertMentions(e, "operators.fc1: missing field \"out\" (a positive integer)");
  }

  @Test
  void parse_inputWithoutSize_namesField() {
    GraphException e =
        rejected(
            "{\"operators\": {\"x\": {\"type\": \"Input\"}, \"a1\": {\"type\": \"ReLU\"}},"
                + " \"connectivity\": {\"x\": [\"a1\"]}}");

    assertMentions(e, "operators.x: missing field \"size\"");
    assertNodes(e, "x");
  }

  @Test
  void parse_linearTooLargeForAnArray_isRejectedBeforeAllocating() {
    GraphException e = rejectedFc1("{\"type\": \"Linear\", \"in\": 100000, \"out\": 100000}");

    assertMentions(e, "operators.fc1: a Linear(100000, 100000) has 10000000000 weights");
  }

  @Test
  void parse_unknownInit_listsTheInitialisers() {
    GraphException e =
        rejectedFc1("{\"type\": \"Linear\", \"in\": 2, \"out\": 3, \"init\": \"xavier\"}");

    assertMentions(
        e,
        "operators.fc1.init: unknown initialiser \"xavier\"",
        "XAVIER_UNIFORM, XAVIER_NORMAL, HE_UNIFORM, UNIFORM");
  }

  @Test
  void parse_blankNodeName_isRejected() {
    GraphException e =
        rejected("{\"operators\": {\" \": {\"type\": \"ReLU\"}, " + OPS + "}, " + EDGES + "}");

    assertMentions(e, "operators. : a node name is blank");
  }

  // ---- sharing ----------------------------------------------------------------------------------

  private static GraphException rejectedSharing(String fc2) {
    return rejected(
        "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 2},"
            + " \"fc1\": {\"type\": \"Linear\", \"in\": 2, \"out\": 2}, \"a1\": {\"type\": \"ReLU\"},"
            + " \"fc2\": "
            + fc2
            + "}, \"connectivity\": {\"x\": [\"fc1\"], \"fc1\": [\"fc2\"], \"fc2\": [\"a1\"]}}");
  }

  @Test
  void parse_sharesUnknownNode_namesIt() {
    GraphException e = rejectedSharing("{\"type\": \"Linear\", \"shares\": \"fc9\"}");

    assertMentions(e, "operators.fc2.shares: no node named \"fc9\" to share");
    assertNodes(e, "fc2");
  }

  @Test
  void parse_sharesNonLinear_saysOnlyLinear() {
    assertMentions(
        rejectedSharing("{\"type\": \"Linear\", \"shares\": \"a1\"}"),
        "\"a1\" is a ReLU, not a Linear");
  }

  @Test
  void parse_sharesItself_isACycle() {
    assertMentions(
        rejectedSharing("{\"type\": \"Linear\", \"shares\": \"fc2\"}"),
        "share in a cycle (fc2 -> fc2)");
  }

  @Test
  void parse_sharingCycle_printsTheCycle() {
    GraphException e =
        rejected(
            "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 2},"
                + " \"f1\": {\"type\": \"Linear\", \"shares\": \"f2\"},"
                + " \"f2\": {\"type\": \"Linear\", \"shares\": \"f1\"}},"
                + " \"connectivity\": {\"x\": [\"f1\"], \"f1\": [\"f2\"]}}");

    assertMentions(e, "share in a cycle (f1 -> f2 -> f1)", "remove its \"shares\"");
  }

  @Test
  void parse_sharingWithOtherSizes_namesFieldAndOwner() {
    GraphException e =
        rejectedSharing("{\"type\": \"Linear\", \"in\": 2, \"out\": 3, \"shares\": \"fc1\"}");

    assertMentions(
        e,
        "operators.fc2.out: is 3, but the shared layer \"fc1\" has out 2; omit out or make it 2");
    assertNodes(e, "fc2");
  }

  @Test
  void parse_sharingWithOtherInit_isRejected() {
    assertMentions(
        rejectedSharing("{\"type\": \"Linear\", \"shares\": \"fc1\", \"init\": \"UNIFORM\"}"),
        "operators.fc2.init: is UNIFORM, but the shared layer \"fc1\" is initialised with"
            + " XAVIER_UNIFORM");
  }

  @Test
  void parse_sharesNotAString_saysWhatItGot() {
    assertMentions(
        rejectedSharing("{\"type\": \"Linear\", \"shares\": 1}"),
        "operators.fc2.shares: expected the name of the Linear to share, got 1");
  }

  // ---- connectivity -----------------------------------------------------------------------------

  @Test
  void parse_unknownNameAsConnectivityKey_namesItAndListsTheNodes() {
    GraphException e =
        rejected(
            "{\"operators\": {" + OPS + "},\n\"connectivity\": {\"x\": [\"a1\"], \"fc9\": []}}");

    assertMentions(
        e,
        "line 2, column 31",
        "connectivity.fc9: no operator named \"fc9\"",
        "(the operators are x, a1)");
    assertNodes(e, "fc9");
  }

  @Test
  void parse_unknownSuccessor_namesItWithIndex() {
    GraphException e =
        rejected("{\"operators\": {" + OPS + "}, \"connectivity\": {\"x\": [\"a1\", \"fc3\"]}}");

    assertMentions(e, "connectivity.x[1]: no operator named \"fc3\"");
    assertNodes(e, "fc3", "x");
  }

  @Test
  void parse_successorsNotAnArray_saysWhatItGot() {
    GraphException e =
        rejected("{\"operators\": {" + OPS + "}, \"connectivity\": {\"x\": \"a1\"}}");

    assertMentions(e, "connectivity.x: expected an array of successor names", "got a string");
    assertNodes(e, "x");
  }

  @Test
  void parse_successorNotAString_saysWhatItGot() {
    assertMentions(
        rejected("{\"operators\": {" + OPS + "}, \"connectivity\": {\"x\": [\"a1\", 2]}}"),
        "connectivity.x[1]: expected a node name (a string), got 2");
  }

  @Test
  void parse_successorListedTwice_isRejected() {
    GraphException e =
        rejected("{\"operators\": {" + OPS + "}, \"connectivity\": {\"x\": [\"a1\", \"a1\"]}}");

    assertMentions(e, "connectivity.x[1]: \"a1\" is listed twice");
    assertNodes(e, "x", "a1");
  }

  // ---- duplicate keys ---------------------------------------------------------------------------

  @Test
  void parse_duplicateNode_givesBothPositions() {
    GraphException e =
        rejected(
            "{\"operators\": {\n\"x\": {\"type\": \"Input\", \"size\": 2},\n"
                + "\"x\": {\"type\": \"Input\", \"size\": 3}}, \"connectivity\": {\"x\": []}}");

    assertMentions(
        e, "line 3, column 1: operators.x: duplicate key \"x\" (first at line 2, column 1)");
    assertNodes(e, "x");
  }

  @Test
  void parse_duplicateField_isRejected() {
    assertMentions(
        rejectedFc1("{\"type\": \"Linear\", \"in\": 2, \"in\": 3, \"out\": 3}"),
        "operators.fc1.in: duplicate key \"in\"");
  }

  @Test
  void parse_duplicateConnectivityKey_isRejected() {
    assertMentions(
        rejected(
            "{\"operators\": {" + OPS + "}, \"connectivity\": {\"x\": [\"a1\"], \"x\": [\"a1\"]}}"),
        "connectivity.x: duplicate key \"x\"");
  }

  @Test
  void parse_duplicateSection_isRejected() {
    assertMentions(
        rejected("{\"operators\": {" + OPS + "}, \"operators\": {" + OPS + "}, " + EDGES + "}"),
        "operators: duplicate key \"operators\"");
  }

  // ---- graph checks at build --------------------------------------------------------------------

  @Test
  void build_cycleInFile_prefixesFileAndNamesCycle(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cycle.json");
    Files.writeString(
        file,
        "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 2},"
            + " \"a\": {\"type\": \"Linear\", \"in\": 2, \"out\": 2}, \"b\": {\"type\": \"Sum\"}},"
            + " \"connectivity\": {\"x\": [\"a\"], \"a\": [\"b\"], \"b\": [\"a\"]}}");
    GraphSpec spec = GraphSpec.read(file);

    GraphException e = assertThrows(GraphException.class, () -> spec.build(0));

    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertMentions(e, "cycle", "a -> b -> a");
    assertEquals(java.util.List.of("a", "b"), e.nodes());
  }

  @Test
  void build_widthMismatch_namesNodesWithoutFilePrefixForStrings() {
    GraphSpec spec =
        GraphSpec.parse(
            "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 3},"
                + " \"fc\": {\"type\": \"Linear\", \"in\": 2, \"out\": 1}},"
                + " \"connectivity\": {\"x\": [\"fc\"]}}");

    GraphException e = assertThrows(GraphException.class, () -> spec.build(0));

    assertTrue(e.getMessage().startsWith("node `fc`"), e.getMessage());
    assertNodes(e, "fc", "x");
  }

  @Test
  void build_unconnectedNode_namesIt() {
    GraphSpec spec =
        GraphSpec.parse(
            "{\"operators\": {"
                + OPS
                + ", \"lonely\": {\"type\": \"Tanh\"}},"
                + " \"connectivity\": {\"x\": [\"a1\"]}}");

    GraphException e = assertThrows(GraphException.class, () -> spec.build(0));

    assertMentions(e, "`lonely`", "not connected");
  }

  @Test
  void read_malformedFile_messageStartsWithFileName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("graph.json");
    Files.writeString(
        file,
        "{\"operators\": {\"fc1\": {\"type\": \"Linear\", \"in\": \"two\"}},"
            + " \"connectivity\": {\"fc1\": []}}");

    GraphException e = assertThrows(GraphException.class, () -> GraphSpec.read(file));

    assertEquals(
        file + ": line 1, column 48: operators.fc1.in: expected a positive integer, got \"two\"",
        e.getMessage());
  }
}
