package dev.tributary.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twins of {@link DropoutKernels}' multiplications (loaded only when {@code
 * jdk.incubator.vector} is present): the scalar loops' operations lane by lane, same bits.
 */
final class DropoutVector {
  private static final VectorSpecies<Float> S = Vectors.SPECIES;
  private static final int L = S.length();

  private DropoutVector() {}

  /** {@code y[i] = x[i]·mask[i]} for {@code i < n}. */
  static void multiply(float[] x, float[] mask, float[] y, int n) {
    int upper = S.loopBound(n);
    int i = 0;
    for (; i < upper; i += L) {
      FloatVector.fromArray(S, x, i).mul(FloatVector.fromArray(S, mask, i)).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = x[i] * mask[i];
    }
  }

  /** {@code dx[i] += dy[i]·mask[i]} for {@code i < n} (a product, then a sum: not fused). */
  static void multiplyAdd(float[] dy, float[] mask, float[] dx, int n) {
    int upper = S.loopBound(n);
    int i = 0;
    for (; i < upper; i += L) {
      FloatVector prod = FloatVector.fromArray(S, dy, i).mul(FloatVector.fromArray(S, mask, i));
      FloatVector.fromArray(S, dx, i).add(prod).intoArray(dx, i);
    }
    for (; i < n; i++) {
      dx[i] += dy[i] * mask[i];
    }
  }
}
