package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The held-out rows: ordered, shuffled, stratified. */
class SplitsTest {
  private static final long SEED = 4;

  @Test
  void split_sortedByClassStratified_eachClassKeepsItsShare() {
    int[] classes = new int[100];
    for (int i = 60; i < 100; i++) {
      classes[i] = 1;
    }
    int[][] s = Splits.split(100, 0.2, Splits.Order.SHUFFLED, classes, SEED);
    assertEquals(80, s[0].length);
    assertEquals(20, s[1].length);
    int ones = 0;
    for (int r : s[1]) {
      ones += classes[r];
    }
    assertEquals(8, ones, "40% of the held-out rows are class 1, as in the file");
    for (int i = 1; i < s[1].length; i++) {
      assertTrue(s[1][i] > s[1][i - 1], "test rows stay in file order");
    }
  }

  @Test
  void split_ordered_lastRowsHeldOut() {
    int[][] s = Splits.split(10, 0.3, Splits.Order.ORDERED, null, SEED);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, s[0]);
    assertArrayEquals(new int[] {7, 8, 9}, s[1]);
  }

  @Test
  void split_sameSeed_sameRows() {
    assertArrayEquals(
        Splits.split(50, 0.2, Splits.Order.SHUFFLED, null, SEED)[1],
        Splits.split(50, 0.2, Splits.Order.SHUFFLED, null, SEED)[1]);
  }
}
