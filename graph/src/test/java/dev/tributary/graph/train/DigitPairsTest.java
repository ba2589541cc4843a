package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The digit-pair generator: pooling, drawing without reuse, pools, targets, normalisation. */
class DigitPairsTest {
  private static final long SEED = 13;
  private static final float TOLERANCE = 1e-5f;

  /** Tolerance for recovering an integer pixel code after normalising and de-normalising. */
  private static final float CODE_TOLERANCE = 1e-2f;

  private static final Path MNIST = Path.of("..", "examples", "data", "mnist-10k");
  private static DigitPairs mnist;

  @BeforeAll
  static void readMnist() throws IOException {
    mnist =
        DigitPairs.readHalves(
            MNIST.resolve("images-idx3-ubyte.gz"), MNIST.resolve("labels-idx1-ubyte.gz"));
  }

  /** {@code count} 4×4 images; every pixel of image k is {@code k · scale} (its code). */
  private static Tensor codedImages(int count, float scale) {
    float[] x = new float[count * 16];
    for (int k = 0; k < count; k++) {
      java.util.Arrays.fill(x, k * 16, k * 16 + 16, k * scale);
    }
    return Tensor.of(x, count, 1, 4, 4);
  }

  /** The labels of the coded images: {@code k % 10}. */
  private static int[] codedLabels(int count) {
    int[] y = new int[count];
    for (int k = 0; k < count; k++) {
      y[k] = k % 10;
    }
    return y;
  }

  @Test
  void averagePool_known28x28Image_meansOfTwoByTwoBlocks() {
    float[] image = new float[28 * 28];
    for (int i = 0; i < image.length; i++) {
      image[i] = i; // x[r, c] = 28 r + c
    }
    float[] pooled = DigitPairs.averagePool(image, 0, 1, 28, 28);
    assertEquals(14 * 14, pooled.length);
    // mean of 28(2r) + 2c, +1, +28, +29 = 56 r + 2 c + 14.5
    for (int r = 0; r < 14; r++) {
      for (int c = 0; c < 14; c++) {
        assertEquals(56 * r + 2 * c + 14.5f, pooled[14 * r + c], TOLERANCE, r + "," + c);
      }
    }
  }

  @Test
  void generate_mnist_shapesAndNoImageReusedWithinASet() {
    DigitPairs.Sets sets = mnist.generate(1000, 1000, SEED);
    assertEquals(5000, mnist.trainPoolSize());
    assertEquals(5000, mnist.testPoolSize());
    assertArrayEquals(new int[] {1000, 2, 14, 14}, sets.train().features("x").shape());
    assertArrayEquals(new int[] {1000, 1}, sets.test().targets(DigitPairs.FIRST_DIGIT).shape());
    for (int[] used : new int[][] {sets.trainImages(), sets.testImages()}) {
      Set<Integer> distinct = new HashSet<>();
      for (int i : used) {
        assertTrue(i >= 0 && i < 5000, "index " + i);
        assertTrue(distinct.add(i), "image " + i + " used twice");
      }
      assertEquals(2000, distinct.size());
    }
  }

  @Test
  void generate_codedImages_trainFromFirstPoolTestFromSecondTargetsFromLabels() {
    DigitPairs pairs = DigitPairs.split(codedImages(40, 1), codedLabels(40), 20);
    DigitPairs.Sets sets = pairs.generate(10, 10, SEED);
    Set<Integer> seen = new HashSet<>();
    for (Dataset d : new Dataset[] {sets.train(), sets.test()}) {
      boolean training = d == sets.train();
      float[] x = d.features("x").data();
      for (int i = 0; i < 10; i++) {
        int[] codes = new int[2];
        for (int j = 0; j < 2; j++) {
          float code = x[(2 * i + j) * 4] * sets.std() + sets.mean();
          codes[j] = Math.round(code);
          assertEquals(codes[j], code, CODE_TOLERANCE);
          assertTrue(training ? codes[j] < 20 : codes[j] >= 20, "image " + codes[j]);
          assertTrue(seen.add(codes[j]), "image " + codes[j] + " reused");
        }
        assertEquals(codes[0] % 10, d.targets(DigitPairs.FIRST_DIGIT).data()[i]);
        assertEquals(codes[1] % 10, d.targets(DigitPairs.SECOND_DIGIT).data()[i]);
        float le = codes[0] % 10 <= codes[1] % 10 ? 1 : 0;
        assertEquals(le, d.targets(DigitPairs.COMPARISON).data()[i]);
      }
    }
  }

  @Test
  void generate_mnist_targetsMatchTheLabelsOfTheDrawnImages() throws IOException {
    int[] labels = dev.tributary.graph.io.IdxFile.readLabels(MNIST.resolve("labels-idx1-ubyte.gz"));
    DigitPairs.Sets sets = mnist.generate(500, 500, SEED);
    int[] test = sets.testImages();
    Dataset d = sets.test();
    int lessOrEqual = 0;
    for (int i = 0; i < 500; i++) {
      int a = labels[5000 + test[2 * i]];
      int b = labels[5000 + test[2 * i + 1]];
      assertEquals(a, d.targets(DigitPairs.FIRST_DIGIT).data()[i]);
      assertEquals(b, d.targets(DigitPairs.SECOND_DIGIT).data()[i]);
      assertEquals(a <= b ? 1f : 0f, d.targets(DigitPairs.COMPARISON).data()[i]);
      lessOrEqual += a <= b ? 1 : 0;
    }
    // P(a <= b) for uniform digits is 0.55.
    assertTrue(lessOrEqual > 230 && lessOrEqual < 320, "first <= second in " + lessOrEqual);
  }

  @Test
  void generate_sameSeed_samePairsAndDifferentSeedDifferent() {
    DigitPairs.Sets a = mnist.generate(200, 100, SEED);
    DigitPairs.Sets b = mnist.generate(200, 100, SEED);
    DigitPairs.Sets c = mnist.generate(200, 100, SEED + 1);
    assertEquals(a.train().features("x"), b.train().features("x"));
    assertEquals(a.test().targets("y"), b.test().targets("y"));
    assertArrayEquals(a.trainImages(), b.trainImages());
    assertNotEquals(a.train().features("x"), c.train().features("x"));
  }

  @Test
  void generate_normalisation_fromTrainingSetOnly() {
    DigitPairs.Sets sets = mnist.generate(1000, 1000, SEED);
    float[] trainStats = DigitPairs.meanStd(sets.train().features("x").data());
    assertEquals(0f, trainStats[0], TOLERANCE);
    assertEquals(1f, trainStats[1], TOLERANCE);
    // Pooled MNIST pixels: mean about 0.13, std about 0.28.
    assertTrue(sets.mean() > 0.1f && sets.mean() < 0.16f, "mean " + sets.mean());
    assertTrue(sets.std() > 0.2f && sets.std() < 0.35f, "std " + sets.std());

    // A test pool of other values changes nothing in the training set or its statistics.
    DigitPairs bright =
        new DigitPairs(codedImages(20, 1), codedLabels(20), codedImages(20, 3), codedLabels(20));
    DigitPairs dim =
        new DigitPairs(codedImages(20, 1), codedLabels(20), codedImages(20, 1), codedLabels(20));
    DigitPairs.Sets s1 = bright.generate(5, 5, SEED);
    DigitPairs.Sets s2 = dim.generate(5, 5, SEED);
    assertEquals(s1.mean(), s2.mean());
    assertEquals(s1.std(), s2.std());
    assertEquals(s1.train().features("x"), s2.train().features("x"));
    float[] t1 = s1.test().features("x").data();
    float[] t2 = s2.test().features("x").data();
    assertEquals(3 * (t2[0] * s2.std() + s2.mean()), t1[0] * s1.std() + s1.mean(), TOLERANCE);
  }

  @Test
  void generate_tooManyPairs_namesPoolAndLimit() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> mnist.generate(2501, 10, SEED));
    assertTrue(
        e.getMessage().contains("2501 training pairs need 5002 distinct images")
            && e.getMessage().contains("pass 1 to 2500 pairs"),
        e.getMessage());
  }

  @Test
  void split_labelOutOfRange_namesPoolAndIndex() {
    int[] labels = codedLabels(20);
    labels[13] = 11;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DigitPairs.split(codedImages(20, 1), labels, 10));
    assertTrue(e.getMessage().contains("test label 13 is 11"), e.getMessage());
  }

  @Test
  void constructor_oddImageSize_saysWhatShapeIsExpected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new DigitPairs(
                    Tensor.zeros(4, 1, 27, 27), new int[4], codedImages(4, 1), new int[4]));
    assertTrue(
        e.getMessage().contains("training images have shape [4, 1, 27, 27]"), e.getMessage());
  }
}
