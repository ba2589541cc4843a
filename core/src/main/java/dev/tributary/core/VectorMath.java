package dev.tributary.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the element-wise functions that {@code Math} computes one call at a time
 * (loaded only when {@code jdk.incubator.vector} is present). Each performs exactly the float
 * operations of its scalar twin in {@link Elementwise}, lane by lane, so both paths give the same
 * bits.
 */
final class VectorMath {
  private static final VectorSpecies<Float> S = Vectors.SPECIES;

  /**
   * Integer lanes of the same shape, for tanh's bit operations. Reinterpreting through this
   * constant ({@code reinterpretShape}) rather than {@code reinterpretAsInts/AsFloats}: those look
   * the target species up at run time, and where that lookup's profile was shared with other code
   * (the bench's kernel section), C2 could not fold it, the conversion and the store after it were
   * not intrinsified, and every vector of the loop was boxed (W2: 20 KB per step).
   */
  private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());

  private static final int L = S.length();
  private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
  private static final FloatVector TWO = FloatVector.broadcast(S, 2f);

  private VectorMath() {}

  /** The length of the longest prefix of {@code n} elements that is a whole number of vectors. */
  static int wholeVectors(int n) {
    return S.loopBound(n);
  }

  private static final FloatVector P2 = FloatVector.broadcast(S, Elementwise.TANH_P2);
  private static final FloatVector P1 = FloatVector.broadcast(S, Elementwise.TANH_P1);
  private static final FloatVector P0 = FloatVector.broadcast(S, Elementwise.TANH_P0);
  private static final FloatVector MAGIC = FloatVector.broadcast(S, Elementwise.ROUNDING_MAGIC);
  private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -Elementwise.LN2_HI);
  private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(S, -Elementwise.LN2_LO);
  private static final FloatVector Q3 = FloatVector.broadcast(S, Elementwise.EXP_Q3);
  private static final FloatVector Q2 = FloatVector.broadcast(S, Elementwise.EXP_Q2);
  private static final FloatVector Q1 = FloatVector.broadcast(S, Elementwise.EXP_Q1);
  private static final FloatVector Q0 = FloatVector.broadcast(S, Elementwise.EXP_Q0);

  /**
   * {@code out[i] = Elementwise.tanh(x[i])} for {@code i < n}: on every lane both branches, then a
   * blend. The whole computation sits in the loop's body on purpose: as a method of its own taking
   * and returning a vector, C2 sometimes compiled it apart from the loop (depending on which ran
   * hot first), and then every vector crossed the call boxed on the heap and the lanes were
   * computed by the Vector API's Java fallback — W2 trained 40 % slower in one JVM out of six.
   */
  static void tanh(float[] xs, float[] out, int n) {
    int upper = S.loopBound(n);
    int i = 0;
    for (; i < upper; i += L) {
      FloatVector x = FloatVector.fromArray(S, xs, i);
      FloatVector ax = x.abs();
      // |x| < 0.625: the odd polynomial.
      FloatVector z = x.mul(x);
      FloatVector p = z.fma(Elementwise.TANH_P4, Elementwise.TANH_P3);
      p = p.fma(z, P2);
      p = p.fma(z, P1);
      p = p.fma(z, P0);
      FloatVector small = p.mul(z).fma(x, x);
      // Otherwise 1 − 2 / (e^(2|x|) + 1) with the sign of x.
      FloatVector y = ax.min(Elementwise.TANH_SATURATION).mul(2f);
      FloatVector t = y.fma(Elementwise.LOG2_E, Elementwise.ROUNDING_MAGIC);
      FloatVector k = t.sub(MAGIC);
      FloatVector r = k.fma(MINUS_LN2_HI, y);
      r = k.fma(MINUS_LN2_LO, r);
      FloatVector q = r.fma(Elementwise.EXP_Q5, Elementwise.EXP_Q4);
      q = q.fma(r, Q3);
      q = q.fma(r, Q2);
      q = q.fma(r, Q1);
      q = q.fma(r, Q0);
      FloatVector e = q.mul(r).fma(r, r).add(1f);
      IntVector twoToK =
          ((IntVector) t.reinterpretShape(IS, 0))
              .sub(Elementwise.ROUNDING_MAGIC_BITS - 127)
              .lanewise(VectorOperators.LSHL, 23);
      e = e.mul((FloatVector) twoToK.reinterpretShape(S, 0));
      FloatVector big = ONE.sub(TWO.div(e.add(1f)));
      // Math.copySign(branch, x): the magnitude with x's sign bit (so tanh(−0) = −0).
      IntVector magnitude =
          (IntVector)
              big.blend(small, ax.lt(Elementwise.TANH_POLYNOMIAL_BOUND))
                  .abs()
                  .reinterpretShape(IS, 0);
      IntVector sign = ((IntVector) x.reinterpretShape(IS, 0)).and(Integer.MIN_VALUE);
      ((FloatVector) magnitude.or(sign).reinterpretShape(S, 0)).intoArray(out, i);
    }
    for (; i < n; i++) {
      out[i] = Elementwise.tanh(xs[i]);
    }
  }

  /**
   * The Adam update of {@link OptimizerKernels#adam} on elements {@code [from, end)}, {@code end −
   * from} a {@link #wholeVectors} bound, in the same operations and order (no fused multiply-adds,
   * {@code sqrt} in float: the correctly rounded square root, as {@code (float) Math.sqrt(double)}
   * is); returns whether every updated weight is finite. The caller does the rest.
   */
  static boolean adam(
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      int from,
      int end,
      float shrink,
      float l2,
      float beta1,
      float beta2,
      float stepSize,
      float sqrtBias2,
      float eps) {
    float oneMinusBeta1 = 1 - beta1;
    float oneMinusBeta2 = 1 - beta2;
    FloatVector nonFinite = FloatVector.zero(S); // 0·x: 0 for finite x, NaN otherwise
    for (int i = from; i < end; i += L) {
      FloatVector old = FloatVector.fromArray(S, w, i);
      FloatVector wi = old.mul(shrink);
      FloatVector gi = FloatVector.fromArray(S, g, i).add(wi.mul(l2));
      FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(oneMinusBeta1));
      FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(oneMinusBeta2).mul(gi));
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      FloatVector denominator = vi.lanewise(VectorOperators.SQRT).div(sqrtBias2).add(eps);
      FloatVector next = wi.sub(mi.div(denominator).mul(stepSize));
      next.intoArray(w, i);
      nonFinite = nonFinite.add(next.mul(0f));
    }
    return !Float.isNaN(nonFinite.reduceLanes(VectorOperators.ADD));
  }

  /**
   * Plain SGD ({@link OptimizerKernels#sgd}) on elements {@code [from, end)}, {@code end − from} a
   * {@link #wholeVectors} bound, in the same operations and order; returns whether every updated
   * weight is finite. (The scalar loop's running {@code isFinite} test keeps C2 from vectorising
   * it.)
   */
  static boolean sgd(float[] w, float[] g, int from, int end, float lr, float weightDecay) {
    FloatVector nonFinite = FloatVector.zero(S); // 0·x: 0 for finite x, NaN otherwise
    for (int i = from; i < end; i += L) {
      FloatVector wi = FloatVector.fromArray(S, w, i);
      FloatVector d = FloatVector.fromArray(S, g, i).add(wi.mul(weightDecay));
      FloatVector next = wi.sub(d.mul(lr));
      next.intoArray(w, i);
      nonFinite = nonFinite.add(next.mul(0f));
    }
    return !Float.isNaN(nonFinite.reduceLanes(VectorOperators.ADD));
  }
}
