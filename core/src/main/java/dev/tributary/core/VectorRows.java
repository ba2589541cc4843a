package dev.tributary.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the row-broadcast kernels of {@link Reductions}: the bias broadcast and
 * the bias gradient's column sums. C2 does not vectorise the scalar loops (the store and the loads
 * may alias at different offsets), and on the seed networks' {@code [100, 25]} tensors they took a
 * quarter of a training step.
 *
 * <p>Loaded only when {@code jdk.incubator.vector} is present ({@link Kernels#vectorized()}). Each
 * computes exactly the scalar loop's operations in the same order, so both paths give the same
 * bits.
 */
final class VectorRows {
  private static final VectorSpecies<Float> SPECIES = Vectors.SPECIES;

  private VectorRows() {}

  /** {@code out[i, j] = a[i, j] + row[j]} for a {@code [rows, cols]} matrix. */
  static void addRowVector(float[] a, float[] row, float[] out, int rows, int cols) {
    int upper = SPECIES.loopBound(cols);
    for (int i = 0; i < rows; i++) {
      int base = i * cols;
      int j = 0;
      for (; j < upper; j += SPECIES.length()) {
        FloatVector.fromArray(SPECIES, a, base + j)
            .add(FloatVector.fromArray(SPECIES, row, j))
            .intoArray(out, base + j);
      }
      for (; j < cols; j++) {
        out[base + j] = a[base + j] + row[j];
      }
    }
  }

  /**
   * {@code out[j] += Σ_i a[i, j]}, rows added in order, for a {@code [rows, cols]} matrix. Four
   * rows at a time across every column: four sequential read streams, the running sums kept in
   * {@code out}. (Summing one column at a time down all rows strides a whole row per load, and for
   * the wide networks' 1024 columns every such load falls in the same L1 set: 20 times slower.)
   */
  static void columnSumsAdd(float[] a, float[] out, int rows, int cols) {
    int upper = SPECIES.loopBound(cols);
    int i = 0;
    for (; i + 4 <= rows; i += 4) {
      int r0 = i * cols;
      int r1 = r0 + cols;
      int r2 = r1 + cols;
      int r3 = r2 + cols;
      int j = 0;
      for (; j < upper; j += SPECIES.length()) {
        FloatVector.fromArray(SPECIES, out, j)
            .add(FloatVector.fromArray(SPECIES, a, r0 + j))
            .add(FloatVector.fromArray(SPECIES, a, r1 + j))
            .add(FloatVector.fromArray(SPECIES, a, r2 + j))
            .add(FloatVector.fromArray(SPECIES, a, r3 + j))
            .intoArray(out, j);
      }
      for (; j < cols; j++) {
        out[j] = out[j] + a[r0 + j] + a[r1 + j] + a[r2 + j] + a[r3 + j];
      }
    }
    for (; i < rows; i++) {
      int r0 = i * cols;
      int j = 0;
      for (; j < upper; j += SPECIES.length()) {
        FloatVector.fromArray(SPECIES, out, j)
            .add(FloatVector.fromArray(SPECIES, a, r0 + j))
            .intoArray(out, j);
      }
      for (; j < cols; j++) {
        out[j] += a[r0 + j];
      }
    }
  }
}
