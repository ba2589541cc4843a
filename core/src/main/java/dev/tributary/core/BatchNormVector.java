package dev.tributary.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twins of {@link BatchNormJob}'s element-wise loops (loaded only when {@code
 * jdk.incubator.vector} is present). Each lane performs exactly the scalar loop's float operations,
 * so both paths give the same bits.
 */
final class BatchNormVector {
  private static final VectorSpecies<Float> S = Vectors.SPECIES;
  private static final int L = S.length();

  private BatchNormVector() {}

  /** The shortest run worth a vector loop: one whole vector. */
  static int minLength() {
    return L;
  }

  /** {@code y[i] = fma(x[i] − mu, a, shift)} for {@code off ≤ i < off + n}. */
  static void affine(float[] x, float[] y, int off, int n, float mu, float a, float shift) {
    int i = off;
    int upper = off + S.loopBound(n);
    for (; i < upper; i += L) {
      FloatVector.fromArray(S, x, i).sub(mu).fma(a, shift).intoArray(y, i);
    }
    for (int end = off + n; i < end; i++) {
      y[i] = Math.fma(x[i] - mu, a, shift);
    }
  }

  /** {@code dx[i] += fma(k1, dy[i], −fma(k3, x[i] − mu, k2))} for {@code off ≤ i < off + n}. */
  static void backward(
      float[] x, float[] dy, float[] dx, int off, int n, float mu, float k1, float k2, float k3) {
    int i = off;
    int upper = off + S.loopBound(n);
    FloatVector vk1 = FloatVector.broadcast(S, k1);
    for (; i < upper; i += L) {
      FloatVector inner = FloatVector.fromArray(S, x, i).sub(mu).fma(k3, k2);
      FloatVector d = FloatVector.fromArray(S, dy, i).fma(vk1, inner.neg());
      FloatVector.fromArray(S, dx, i).add(d).intoArray(dx, i);
    }
    for (int end = off + n; i < end; i++) {
      dx[i] += Math.fma(k1, dy[i], -Math.fma(k3, x[i] - mu, k2));
    }
  }
}
