package dev.tributary.graph.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.GraphException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph file's optional {@code training} section: read, written back, and every malformed value
 * a {@link GraphException} naming the file, the line, the JSON path and the fix.
 */
class TrainingSpecTest {
  private static final float TOLERANCE = 0f;

  /** x → out, then {@code training}. */
  private static String graph(String training) {
    return "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 2},"
        + " \"out\": {\"type\": \"Linear\", \"in\": 2, \"out\": 1}},"
        + " \"connectivity\": {\"x\": [\"out\"]},\n \"training\": "
        + training
        + "}";
  }

  private static GraphException rejected(String training) {
    return assertThrows(GraphException.class, () -> GraphSpec.parse(graph(training)));
  }

  @TempDir Path dir;

  @Test
  void read_digitPairsGraph_declaresThreeWeightedOutputsAndAdam() throws IOException {
    TrainingSpec t =
        GraphSpec.read(IoFixtures.EXAMPLES.resolve("digit-pairs.json")).training().orElseThrow();
    assertEquals(
        List.of(
            new TrainingSpec.OutputLoss("compare", "bce-logits", "compare", 1f),
            new TrainingSpec.OutputLoss("digit1", "cross-entropy", "digit1", 1f),
            new TrainingSpec.OutputLoss("digit2", "cross-entropy", "digit2", 1f)),
        t.outputs());
    assertEquals("adam", t.optimizer().orElseThrow());
    assertEquals(0.005f, t.learningRate().orElseThrow(), TOLERANCE);
    assertEquals("none", t.schedule().orElseThrow());
    assertEquals(25, t.epochs().orElseThrow());
    assertEquals(100, t.batch().orElseThrow());
  }

  @Test
  void toJsonThenParse_everyField_equalSpec() {
    GraphSpec spec =
        GraphSpec.parse(
            graph(
                "{\"outputs\": {\"out\": {\"loss\": \"mse\", \"target\": \"price\", \"weight\":"
                    + " 0.5}}, \"optimizer\": {\"name\": \"adamw\", \"lr\": 0.003, \"betas\":"
                    + " [0.8, 0.99], \"weight_decay\": 0.01}, \"schedule\": \"plateau:5:0.1\","
                    + " \"epochs\": 7, \"batch\": 32}"));
    TrainingSpec t = spec.training().orElseThrow();
    assertEquals(0.8f, t.beta1().orElseThrow(), TOLERANCE);
    assertEquals(0.99f, t.beta2().orElseThrow(), TOLERANCE);
    assertEquals("price", t.outputs().get(0).target());
    GraphSpec back = GraphSpec.parse(spec.toJson());
    assertEquals(spec, back);
    assertEquals(t, back.training().orElseThrow());
  }

  @Test
  void parse_noTrainingSection_emptyAndJsonWithoutIt() {
    GraphSpec spec = GraphSpec.parse(graph("{}").replace(",\n \"training\": {}", ""));
    assertTrue(spec.training().isEmpty());
    assertFalse(spec.toJson().contains("training"));
  }

  @Test
  void parse_unknownKey_namesPathAndKnownKeys() {
    GraphException e = rejected("{\"epoch\": 3}");
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertTrue(e.getMessage().contains("training.epoch: unknown key \"epoch\""), e.getMessage());
    assertTrue(e.getMessage().contains("outputs, optimizer, schedule, epochs, batch"));
  }

  @Test
  void parse_epochsAsString_expectedWholeNumber() {
    GraphException e = rejected("{\"epochs\": \"25\"}");
    assertTrue(
        e.getMessage().contains("training.epochs: expected a whole number, got \"25\""),
        e.getMessage());
  }

  @Test
  void parse_zeroBatch_mustBeAtLeastOne() {
    GraphException e = rejected("{\"batch\": 0}");
    assertTrue(e.getMessage().contains("training.batch: must be at least 1, got 0"));
  }

  @Test
  void parse_unknownLoss_listsTheLosses() {
    GraphException e = rejected("{\"outputs\": {\"out\": {\"loss\": \"hinge\"}}}");
    assertTrue(
        e.getMessage()
            .contains(
                "training.outputs.out.loss: unknown loss \"hinge\"; use one of mse, mae, bce,"
                    + " bce-logits, cross-entropy"),
        e.getMessage());
    assertEquals(List.of("out"), e.nodes());
  }

  @Test
  void parse_outputThatIsNoNode_namesTheOperators() {
    GraphException e = rejected("{\"outputs\": {\"cmp\": {\"loss\": \"mse\"}}}");
    assertTrue(e.getMessage().contains("training.outputs.cmp: no operator named \"cmp\""));
    assertTrue(e.getMessage().contains("the operators are x, out"), e.getMessage());
  }

  @Test
  void parse_outputWithoutLoss_saysToGiveOne() {
    GraphException e = rejected("{\"outputs\": {\"out\": {\"weight\": 2}}}");
    assertTrue(e.getMessage().contains("training.outputs.out: no \"loss\""), e.getMessage());
  }

  @Test
  void parse_negativeWeight_mustBeFiniteAndNonNegative() {
    GraphException e = rejected("{\"outputs\": {\"out\": {\"loss\": \"mse\", \"weight\": -1}}}");
    assertTrue(e.getMessage().contains("training.outputs.out.weight: must be a finite number ≥ 0"));
  }

  @Test
  void parse_momentumWithAdam_refused() {
    GraphException e = rejected("{\"optimizer\": {\"name\": \"adam\", \"momentum\": 0.9}}");
    assertTrue(
        e.getMessage().contains("training.optimizer.momentum: applies to sgd only"),
        e.getMessage());
  }

  @Test
  void parse_betasOfThreeNumbers_expectedTwo() {
    GraphException e = rejected("{\"optimizer\": {\"name\": \"adam\", \"betas\": [0.9, 0.9, 1]}}");
    assertTrue(e.getMessage().contains("training.optimizer.betas: expected two numbers"));
  }

  @Test
  void parse_optimizerWithoutName_saysWhichNames() {
    GraphException e = rejected("{\"optimizer\": {\"lr\": 0.1}}");
    assertTrue(e.getMessage().contains("training.optimizer: no \"name\""), e.getMessage());
  }

  @Test
  void parse_badSchedule_showsTheSyntax() {
    GraphException e = rejected("{\"schedule\": \"step:0:0.5\"}");
    assertTrue(
        e.getMessage().contains("training.schedule: \"step:0:0.5\": need a count ≥ 1"),
        e.getMessage());
  }

  @Test
  void parse_duplicateKey_givesFirstPosition() {
    GraphException e = rejected("{\"epochs\": 1, \"epochs\": 2}");
    assertTrue(e.getMessage().contains("duplicate key \"epochs\" (first at line 2"));
  }

  @Test
  void read_fileWithBadTraining_messageStartsWithTheFile() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, graph("[1]"));
    GraphException e = assertThrows(GraphException.class, () -> GraphSpec.read(file));
    assertTrue(e.getMessage().startsWith(file + ": line 2"), e.getMessage());
    assertTrue(e.getMessage().contains("training: expected an object"), e.getMessage());
  }

  @Test
  void builder_epochsZero_namesTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrainingSpec.builder().epochs(0));
    assertEquals("training.epochs: must be at least 1, got 0", e.getMessage());
  }
}
