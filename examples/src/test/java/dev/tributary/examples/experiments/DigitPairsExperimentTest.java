package dev.tributary.examples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.examples.plot.PairGrid;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.train.DigitPairs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digit-pairs experiment at a small size, and its graph files. */
class DigitPairsExperimentTest {
  private static final Path DATA = Path.of("data", "mnist-10k");
  private static final Path GRAPHS = Path.of("graphs");
  private static final long SEED = 101;

  /**
   * 300 training pairs, 10 epochs: the siamese network with auxiliary losses (probability head).
   */
  private static final int SMALL_PAIRS = 300;

  private static final int SMALL_EPOCHS = 10;

  /** Chance is about 55% (≤ holds for 55 of the 100 digit pairs); the short run clears this. */
  private static final double SMALL_ACCURACY = 0.65;

  /** The parameter counts documented in docs/training.md, architecture by architecture. */
  private static final Map<String, Long> PARAMETERS =
      Map.of(
          "digit-pairs-mlp.json", 50_433L,
          "digit-pairs-cnn.json", 35_937L,
          "digit-pairs-siamese.json", 15_339L,
          "digit-pairs-aux.json", 9_759L,
          "digit-pairs.json", 14_031L);

  @Test
  void graphFiles_build_haveDocumentedParameterCounts() throws IOException {
    for (PairArchitecture a : PairArchitecture.ALL) {
      GraphSpec spec = a.spec(GRAPHS);
      Network net = spec.build(SEED);
      assertEquals(PARAMETERS.get(a.file()), net.parameterCount(), a.file());
      assertEquals(List.of(2, 14, 14), boxed(net.shape(net.inputs().get(0)).dims()), a.file());
      assertTrue(net.outputs().contains(PairArchitecture.COMPARE), a.file());
      assertEquals(
          PairArchitecture.auxWeight(spec) > 0,
          net.outputs().contains(DigitPairs.FIRST_DIGIT),
          a.file());
    }
  }

  @Test
  void siameseGraph_sharesTheTrunk_countsItsParametersOnce() throws IOException {
    Network net = GraphSpec.read(GRAPHS.resolve("digit-pairs-siamese.json")).build(SEED);
    assertTrue(net.parameters().containsKey("conv1.weight"));
    assertTrue(net.parameters().keySet().stream().noneMatch(k -> k.contains("_2.")));
  }

  @Test
  void run_smallAuxRound_reachesSaneAccuracyAndWritesPngs(@TempDir Path out) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<DigitPairsExperiment.Row> rows =
        DigitPairsExperiment.run(
            DigitPairsExperiment.select(List.of("aux"), List.of()),
            1,
            SMALL_EPOCHS,
            SMALL_PAIRS,
            SEED,
            DATA,
            GRAPHS,
            out,
            log);
    assertEquals(1, rows.size());
    DigitPairsExperiment.Row row = rows.get(0);
    assertTrue(row.accuracy.mean() >= SMALL_ACCURACY, "accuracy " + row.accuracy.mean());
    assertEquals(SMALL_EPOCHS, row.curve.length);
    assertEquals(row.accuracy.mean(), row.curve[SMALL_EPOCHS - 1], 1e-9);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("siamese + aux") && text.contains("9759"), text);
    assertTrue(ImageIO.read(out.resolve("digit-pairs-accuracy.png").toFile()).getWidth() > 0);
    BufferedImage grid = ImageIO.read(out.resolve("digit-pairs-misclassified.png").toFile());
    assertEquals(PairGrid.COLUMNS * (2 * 14 * PairGrid.SCALE + 12), grid.getWidth());
  }

  @Test
  void select_unknownName_namesTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DigitPairsExperiment.select(List.of("lenet"), List.of()));
    assertTrue(e.getMessage().contains("--only `lenet`"), e.getMessage());
  }

  @Test
  void run_zeroRounds_namesTheOptions() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DigitPairsExperiment.run(
                    PairArchitecture.ALL, 0, 1, 10, SEED, DATA, GRAPHS, null, System.out));
    assertTrue(e.getMessage().contains("--rounds"), e.getMessage());
  }

  private static List<Integer> boxed(int[] dims) {
    return java.util.Arrays.stream(dims).boxed().toList();
  }
}
