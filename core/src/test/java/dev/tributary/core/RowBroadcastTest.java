package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bias broadcast and the column sums give, bitwise, the plain loop's result on whichever path
 * is active (this test also runs in the build's execution without the Vector API module).
 */
class RowBroadcastTest {
  private static final int[] ROWS = {1, 2, 5, 7, 100};
  private static final int[] COLS = {1, 7, 8, 9, 25, 33, 1024};

  private static Tensor random(SplittableRandom rng, int rows, int cols) {
    float[] d = new float[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return Tensor.of(d, rows, cols);
  }

  @Test
  void addRowVector_awkwardShapes_equalsPlainLoopBitwise() {
    SplittableRandom rng = new SplittableRandom(41);
    for (int rows : ROWS) {
      for (int cols : COLS) {
        Tensor a = random(rng, rows, cols);
        Tensor row = Tensor.of(random(rng, 1, cols).data(), cols);
        float[] expected = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            expected[i * cols + j] = a.data()[i * cols + j] + row.data()[j];
          }
        }
        Tensor out = Tensor.zeros(rows, cols);
        Reductions.addRowVector(a, row, out);
        assertArrayEquals(expected, out.data(), 0f, rows + "x" + cols);
        Reductions.addRowVector(a, row, a); // in place
        assertArrayEquals(expected, a.data(), 0f, rows + "x" + cols + " in place");
      }
    }
  }

  @Test
  void columnSumsAdd_awkwardShapes_equalsPlainLoopBitwise() {
    SplittableRandom rng = new SplittableRandom(43);
    for (int rows : ROWS) {
      for (int cols : COLS) {
        Tensor a = random(rng, rows, cols);
        Tensor out = Tensor.of(random(rng, 1, cols).data(), cols);
        float[] expected = out.data().clone();
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            expected[j] += a.data()[i * cols + j];
          }
        }
        Reductions.columnSumsAdd(a, out);
        assertArrayEquals(expected, out.data(), 0f, rows + "x" + cols);
      }
    }
  }
}
