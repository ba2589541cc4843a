package dev.tributary.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API register tiles of {@link DirectConv} (loaded only when {@code jdk.incubator.vector} is
 * present).
 *
 * <p>Forward: four output channels × two vectors of grid positions in eight accumulators; per tap,
 * two loads of the shifted input and four weight broadcasts feed eight fused multiply-adds. Each
 * lane computes {@code fma(w, x, acc)} over the taps in order, as the scalar loop does, so both
 * paths give the same bits. Weight gradient: two output channels × four taps in eight accumulators;
 * per vector of grid positions, two loads of {@code dyw} and four of the input feed eight
 * multiply-adds; lanes are summed once at the end of the batch.
 */
final class DirectConvVector {
  private static final VectorSpecies<Float> S = Vectors.SPECIES;
  private static final int L = S.length();

  private DirectConvVector() {}

  /** {@code yw[o, q] = bias[o] + Σ_t w[o, t]·xp[base + off[t] + q]} for every o and q. */
  static void forward(
      float[] xp,
      int base,
      int[] off,
      int taps,
      float[] w,
      float[] bias,
      int outChannels,
      float[] yw,
      int q) {
    int o = 0;
    for (; o + 4 <= outChannels; o += 4) {
      rows4(xp, base, off, taps, w, bias, o, yw, q);
    }
    for (; o < outChannels; o++) {
      tail(xp, base, off, taps, w, bias, o, yw, q, 0);
    }
  }

  private static void rows4(
      float[] xp,
      int base,
      int[] off,
      int taps,
      float[] w,
      float[] bias,
      int o,
      float[] yw,
      int q) {
    float b0 = bias == null ? 0f : bias[o];
    float b1 = bias == null ? 0f : bias[o + 1];
    float b2 = bias == null ? 0f : bias[o + 2];
    float b3 = bias == null ? 0f : bias[o + 3];
    int w0 = o * taps;
    int w1 = w0 + taps;
    int w2 = w1 + taps;
    int w3 = w2 + taps;
    int y0 = o * q;
    int i = 0;
    for (; i + 2 * L <= q; i += 2 * L) {
      FloatVector a00 = FloatVector.broadcast(S, b0);
      FloatVector a01 = a00;
      FloatVector a10 = FloatVector.broadcast(S, b1);
      FloatVector a11 = a10;
      FloatVector a20 = FloatVector.broadcast(S, b2);
      FloatVector a21 = a20;
      FloatVector a30 = FloatVector.broadcast(S, b3);
      FloatVector a31 = a30;
      for (int t = 0; t < taps; t++) {
        int s = base + off[t] + i;
        FloatVector x0 = FloatVector.fromArray(S, xp, s);
        FloatVector x1 = FloatVector.fromArray(S, xp, s + L);
        FloatVector v = FloatVector.broadcast(S, w[w0 + t]);
        a00 = x0.fma(v, a00);
        a01 = x1.fma(v, a01);
        v = FloatVector.broadcast(S, w[w1 + t]);
        a10 = x0.fma(v, a10);
        a11 = x1.fma(v, a11);
        v = FloatVector.broadcast(S, w[w2 + t]);
        a20 = x0.fma(v, a20);
        a21 = x1.fma(v, a21);
        v = FloatVector.broadcast(S, w[w3 + t]);
        a30 = x0.fma(v, a30);
        a31 = x1.fma(v, a31);
      }
      a00.intoArray(yw, y0 + i);
      a01.intoArray(yw, y0 + i + L);
      a10.intoArray(yw, y0 + q + i);
      a11.intoArray(yw, y0 + q + i + L);
      a20.intoArray(yw, y0 + 2 * q + i);
      a21.intoArray(yw, y0 + 2 * q + i + L);
      a30.intoArray(yw, y0 + 3 * q + i);
      a31.intoArray(yw, y0 + 3 * q + i + L);
    }
    if (i < q) {
      for (int r = 0; r < 4; r++) {
        tail(xp, base, off, taps, w, bias, o + r, yw, q, i);
      }
    }
  }

  /**
   * One output channel's grid positions from {@code i} on, a vector at a time ({@code q} is a whole
   * number of vectors: {@link DirectConv#gridSize} rounds to {@link DirectConv#BLOCK}).
   */
  private static void tail(
      float[] xp,
      int base,
      int[] off,
      int taps,
      float[] w,
      float[] bias,
      int o,
      float[] yw,
      int q,
      int i) {
    float b = bias == null ? 0f : bias[o];
    int w0 = o * taps;
    int y0 = o * q;
    for (; i + L <= q; i += L) {
      FloatVector a = FloatVector.broadcast(S, b);
      for (int t = 0; t < taps; t++) {
        a =
            FloatVector.fromArray(S, xp, base + off[t] + i)
                .fma(FloatVector.broadcast(S, w[w0 + t]), a);
      }
      a.intoArray(yw, y0 + i);
    }
  }

  /**
   * {@code dw[o, t] += Σ_b Σ_q dyw[b, o, q]·xp[b·sampleIn + off[t] + q]} for {@code o0 ≤ o < o1}
   * and {@code c0 ≤ t < c1} (at most {@link DirectConv#ROWS} by {@link DirectConv#TAPS}).
   */
  static void weightGradient(
      float[] xp,
      int sampleIn,
      int[] off,
      int taps,
      float[] dyw,
      int outChannels,
      int batch,
      int q,
      float[] dw,
      int o0,
      int o1,
      int c0,
      int c1) {
    int o = o0;
    if (c1 - c0 == 4) {
      for (; o + 2 <= o1; o += 2) {
        rows2taps4(xp, sampleIn, off, taps, dyw, outChannels, batch, q, dw, o, c0);
      }
    }
    for (; o < o1; o++) {
      for (int t = c0; t < c1; t++) {
        dw[o * taps + t] += dot(xp, sampleIn, off[t], dyw, outChannels, batch, q, o);
      }
    }
  }

  private static void rows2taps4(
      float[] xp,
      int sampleIn,
      int[] off,
      int taps,
      float[] dyw,
      int outChannels,
      int batch,
      int q,
      float[] dw,
      int o,
      int t) {
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a12 = a00;
    FloatVector a13 = a00;
    int x0 = off[t];
    int x1 = off[t + 1];
    int x2 = off[t + 2];
    int x3 = off[t + 3];
    int sampleOut = outChannels * q;
    // One flat loop over (sample, position): C2 keeps vectors that live across two loop levels in
    // boxes, so the sample index advances inside the loop instead of around it.
    int xb = 0;
    int d0 = o * q;
    int i = 0;
    for (int step = 0, steps = batch * (q / L); step < steps; step++) {
      FloatVector g0 = FloatVector.fromArray(S, dyw, d0 + i);
      FloatVector g1 = FloatVector.fromArray(S, dyw, d0 + q + i);
      FloatVector v = FloatVector.fromArray(S, xp, xb + x0 + i);
      a00 = v.fma(g0, a00);
      a10 = v.fma(g1, a10);
      v = FloatVector.fromArray(S, xp, xb + x1 + i);
      a01 = v.fma(g0, a01);
      a11 = v.fma(g1, a11);
      v = FloatVector.fromArray(S, xp, xb + x2 + i);
      a02 = v.fma(g0, a02);
      a12 = v.fma(g1, a12);
      v = FloatVector.fromArray(S, xp, xb + x3 + i);
      a03 = v.fma(g0, a03);
      a13 = v.fma(g1, a13);
      i += L;
      if (i == q) { // q is a whole number of vectors (DirectConv.gridSize)
        i = 0;
        xb += sampleIn;
        d0 += sampleOut;
      }
    }
    int r0 = o * taps + t;
    int r1 = r0 + taps;
    dw[r0] += a00.reduceLanes(VectorOperators.ADD);
    dw[r0 + 1] += a01.reduceLanes(VectorOperators.ADD);
    dw[r0 + 2] += a02.reduceLanes(VectorOperators.ADD);
    dw[r0 + 3] += a03.reduceLanes(VectorOperators.ADD);
    dw[r1] += a10.reduceLanes(VectorOperators.ADD);
    dw[r1 + 1] += a11.reduceLanes(VectorOperators.ADD);
    dw[r1 + 2] += a12.reduceLanes(VectorOperators.ADD);
    dw[r1 + 3] += a13.reduceLanes(VectorOperators.ADD);
  }

  /** {@code Σ_b Σ_q dyw[b, o, q]·xp[b·sampleIn + offset + q]}: one weight's gradient. */
  private static float dot(
      float[] xp, int sampleIn, int offset, float[] dyw, int outChannels, int batch, int q, int o) {
    FloatVector acc = FloatVector.zero(S);
    int sampleOut = outChannels * q;
    int xb = offset;
    int d0 = o * q;
    int i = 0;
    for (int step = 0, steps = batch * (q / L); step < steps; step++) {
      acc = FloatVector.fromArray(S, xp, xb + i).fma(FloatVector.fromArray(S, dyw, d0 + i), acc);
      i += L;
      if (i == q) { // q is a whole number of vectors (DirectConv.gridSize)
        i = 0;
        xb += sampleIn;
        d0 += sampleOut;
      }
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }
}
