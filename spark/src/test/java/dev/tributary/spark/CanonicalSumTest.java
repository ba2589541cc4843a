package dev.tributary.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The partition sum adds in a fixed tree, whatever order and grouping the parts arrive in. */
class CanonicalSumTest {
  /** Exact sums of small integers: the total must equal the plain sum. */
  private static final double EXACT = 0;

  private static double[][] parts(int partitions, int length, long seed) {
    Random rng = new Random(seed);
    double[][] parts = new double[partitions][length];
    for (double[] p : parts) {
      for (int i = 0; i < length; i++) {
        p[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(12) - 6);
      }
    }
    return parts;
  }

  private static double[] inOrder(double[][] parts, List<Integer> order, int groups) {
    List<CanonicalSum> sums = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      sums.add(new CanonicalSum(parts[0].length));
    }
    for (int k = 0; k < order.size(); k++) {
      int p = order.get(k);
      sums.get(k % groups).addLeaf(p, parts[p].clone());
    }
    CanonicalSum total = new CanonicalSum(parts[0].length);
    for (int g = groups - 1; g >= 0; g--) {
      total.merge(sums.get(g));
    }
    return total.total();
  }

  @Test
  void total_anyArrivalOrderAndGrouping_isBitwiseEqual() {
    for (int partitions : new int[] {1, 2, 3, 7, 16}) {
      double[][] parts = parts(partitions, 50, partitions);
      List<Integer> order = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        order.add(p);
      }
      double[] reference = inOrder(parts, order, 1);
      Random rng = new Random(99);
      for (int trial = 0; trial < 20; trial++) {
        Collections.shuffle(order, rng);
        assertArrayEquals(
            reference, inOrder(parts, order, 1 + trial % 4), partitions + " partitions");
      }
    }
  }

  @Test
  void total_integers_equalsPlainSum() {
    CanonicalSum s = new CanonicalSum(2);
    for (int p = 4; p >= 0; p--) {
      s.addLeaf(p, new double[] {p, 10 * p});
    }
    double[] t = s.total();
    assertEquals(10, t[0], EXACT);
    assertEquals(100, t[1], EXACT);
  }

  @Test
  void addLeaf_samePartitionTwice_throws() {
    CanonicalSum s = new CanonicalSum(1);
    s.addLeaf(2, new double[] {1});
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> s.addLeaf(2, new double[] {1}));
    assertEquals("partition sum (0, 2) added twice", e.getMessage());
  }
}
