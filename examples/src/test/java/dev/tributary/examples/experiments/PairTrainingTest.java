package dev.tributary.examples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.TrainingSpec;
import dev.tributary.graph.loss.BCEWithLogitsLoss;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.AdamW;
import dev.tributary.graph.train.DigitPairs;
import dev.tributary.graph.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a digit-pair graph file's training section becomes a trainer, and its bad inputs. */
class PairTrainingTest {
  private static final Path GRAPHS = Path.of("graphs");
  private static final long SEED = 101;
  private static final int EPOCHS = 25;
  private static final int BATCH = 100;
  private static final float TOLERANCE = 1e-9f;

  @Test
  void trainer_auxFile_hasWeightedDigitTermsAndAdamAtItsRate() throws IOException {
    PairArchitecture aux = DigitPairsExperiment.select(List.of("aux"), List.of()).get(0);
    GraphSpec spec = aux.spec(GRAPHS);
    Network net = spec.build(SEED);
    Trainer t = aux.trainer(spec, GRAPHS, net, EPOCHS, BATCH, SEED);
    List<LossTerm> terms = t.loss().terms();
    assertEquals(3, terms.size());
    assertEquals(PairArchitecture.COMPARE, terms.get(0).output());
    assertEquals(DigitPairs.COMPARISON, terms.get(0).target());
    assertInstanceOf(BCEWithLogitsLoss.class, terms.get(0).loss());
    assertEquals(DigitPairs.SECOND_DIGIT, terms.get(2).target());
    assertInstanceOf(CrossEntropyLoss.class, terms.get(2).loss());
    assertEquals(1f, terms.get(2).weight(), TOLERANCE);
    assertEquals(2f, PairArchitecture.auxWeight(spec), TOLERANCE);
    assertInstanceOf(Adam.class, t.optimizer());
    assertEquals(0.005f, t.optimizer().learningRate(), TOLERANCE);
  }

  @Test
  void trainer_adamwSection_buildsAdamWWithItsDecay() throws IOException {
    Path file = GRAPHS.resolve("digit-pairs-variants/aux-16-32-adamw.json");
    PairArchitecture v = PairArchitecture.variant(file);
    GraphSpec spec = v.spec(GRAPHS);
    Trainer t = v.trainer(spec, GRAPHS, spec.build(SEED), EPOCHS, BATCH, SEED);
    AdamW adamw = assertInstanceOf(AdamW.class, t.optimizer());
    assertEquals(0.01f, adamw.weightDecay(), TOLERANCE);
    assertEquals("aux-16-32-adamw", v.name());
  }

  @Test
  void spec_noTrainingSection_namesTheFileAndTheFix(@TempDir Path dir) throws IOException {
    GraphSpec mlp = GraphSpec.read(GRAPHS.resolve("digit-pairs-mlp.json"));
    Path file = dir.resolve("bare.json");
    Files.writeString(file, mlp.withTraining(null).toJson());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PairArchitecture.variant(file).spec(GRAPHS));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no \"training\" section"), e.getMessage());
  }

  @Test
  void loss_firstOutputNotCompare_namesTheFileAndTheRule() {
    TrainingSpec t =
        TrainingSpec.builder()
            .output(DigitPairs.FIRST_DIGIT, "cross-entropy", null, 1)
            .output(PairArchitecture.COMPARE, "bce-logits", null, 1)
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PairTraining.loss(t, "cand.json"));
    assertTrue(
        e.getMessage().startsWith("cand.json: training.outputs must start with \"compare\""),
        e.getMessage());
  }

  @Test
  void variant_notJson_namesTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PairArchitecture.variant(Path.of("cand.txt")));
    assertTrue(e.getMessage().contains("--variant `cand.txt`"), e.getMessage());
  }
}
