package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Datasets and their mini-batches. */
class DatasetTest {
  private static final long SEED = 5;

  /** Ten rows whose feature is (i, 10 i) and target i. */
  private static Dataset tenRows() {
    float[] x = new float[20];
    float[] y = new float[10];
    for (int i = 0; i < 10; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = 10 * i;
      y[i] = i;
    }
    return Dataset.of(Tensor.of(x, 10, 2), Tensor.of(y, 10, 1));
  }

  @Test
  void batches_sizeNotMultiple_lastPartialBatchIncluded() {
    Batches batches = tenRows().batches(4);
    assertEquals(3, batches.count());
    assertEquals(4, batches.get(0).size());
    assertEquals(2, batches.get(2).size());
    assertArrayEquals(new float[] {8, 80, 9, 90}, batches.get(2).features().get("x").data());
    assertArrayEquals(new float[] {8, 9}, batches.get(2).targets().get("y").data());
  }

  @Test
  void shuffle_seeded_eachRowOnceWithFeaturesAndTargetsAligned() {
    Batches batches = tenRows().batches(3);
    batches.shuffle(new SplittableRandom(SEED));
    float[] seen = new float[10];
    int k = 0;
    for (int b = 0; b < batches.count(); b++) {
      Batch batch = batches.get(b);
      for (int i = 0; i < batch.size(); i++) {
        float target = batch.targets().get("y").data()[i];
        assertEquals(10 * target, batch.features().get("x").data()[2 * i + 1]);
        assertEquals(batch.datasetRow(i), (int) target);
        seen[k++] = target;
      }
    }
    float[] sorted = seen.clone();
    Arrays.sort(sorted);
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
    assertNotEquals(Arrays.toString(sorted), Arrays.toString(seen));
  }

  @Test
  void shuffle_sameSeed_sameOrder() {
    Batches a = tenRows().batches(10);
    Batches b = tenRows().batches(10);
    a.shuffle(new SplittableRandom(SEED));
    b.shuffle(new SplittableRandom(SEED));
    assertArrayEquals(a.get(0).targets().get("y").data(), b.get(0).targets().get("y").data());
  }

  @Test
  void get_sameBatchSize_reusesBuffers() {
    Batches batches = tenRows().batches(4);
    Tensor first = batches.get(0).features().get("x");
    assertSame(first, batches.get(1).features().get("x"));
  }

  @Test
  void batches_largerThanDataset_oneFullBatch() {
    Batches batches = tenRows().batches(64);
    assertEquals(1, batches.count());
    assertEquals(10, batches.get(0).size());
  }

  @Test
  void slice_range_copiesRows() {
    Dataset s = tenRows().slice(7, 10);
    assertEquals(3, s.size());
    assertArrayEquals(new float[] {7, 8, 9}, s.targets("y").data());
  }

  @Test
  void of_rowCountsDiffer_messageNamesBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dataset.of(Tensor.zeros(10, 2), Tensor.zeros(9, 1)));
    assertTrue(e.getMessage().contains("10") && e.getMessage().contains("9"), e.getMessage());
  }

  @Test
  void features_unknownName_messageListsNames() {
    Dataset d = Dataset.of(Map.of("p1", Tensor.zeros(2, 2)), Map.of());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.features("p2"));
    assertTrue(e.getMessage().contains("p1"), e.getMessage());
  }

  @Test
  void batches_zeroSize_throws() {
    assertThrows(IllegalArgumentException.class, () -> tenRows().batches(0));
  }

  /** Five 2×2×2 "images" whose values are 100 i + k (row i, element k), targets i. */
  private static Dataset fiveImages() {
    float[] x = new float[5 * 8];
    float[] y = new float[5];
    for (int i = 0; i < 5; i++) {
      for (int k = 0; k < 8; k++) {
        x[8 * i + k] = 100 * i + k;
      }
      y[i] = i;
    }
    return Dataset.of(Tensor.of(x, 5, 2, 2, 2), Tensor.of(y, 5, 1));
  }

  @Test
  void batches_imageRows_keepShapeAndGatherWholeImages() {
    Batches batches = fiveImages().batches(2);
    batches.shuffle(new SplittableRandom(SEED));
    Batch last = batches.get(2);
    Tensor x = last.features().get("x");
    assertArrayEquals(new int[] {1, 2, 2, 2}, x.shape());
    assertArrayEquals(new int[] {2, 2, 2, 2}, batches.get(0).features().get("x").shape());
    int row = last.datasetRow(0);
    for (int k = 0; k < 8; k++) {
      assertEquals(100 * row + k, x.data()[k]);
    }
    assertEquals(row, (int) last.targets().get("y").data()[0]);
  }

  @Test
  void slice_imageRows_keepsRowShape() {
    Tensor x = fiveImages().slice(3, 5).features("x");
    assertArrayEquals(new int[] {2, 2, 2, 2}, x.shape());
    assertEquals(300, x.data()[0]);
    assertEquals(407, x.data()[15]);
  }

  @Test
  void of_rankOneTensor_messageSaysHowToReshape() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Dataset.of(Tensor.zeros(4, 2), Tensor.zeros(4)));
    assertTrue(e.getMessage().contains("`y`") && e.getMessage().contains("[n, 1]"), e.getMessage());
  }
}
