package dev.tributary.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API register tiles of {@link ImplicitConv} (loaded only when {@code jdk.incubator.vector}
 * is present).
 *
 * <p>Forward: five product rows × two vectors of output channels in ten accumulators; per tap, two
 * loads of {@code Wᵀ} and five broadcasts of input elements feed ten fused multiply-adds. Weight
 * gradient: five taps × two vectors of output channels; per product row, two loads of {@code dZ}
 * and five broadcasts of input elements feed ten (a last tile of four taps has its own eight-
 * accumulator loop: a 3×3 kernel on one channel is 5 + 4 taps). Columns past the last whole panel,
 * and other taps past the last whole tile, go through narrower loops computing the same chains.
 */
final class ImplicitConvVector {
  private static final VectorSpecies<Float> S = Vectors.SPECIES;
  private static final int L = S.length();

  /** Output channels per panel: two vectors. */
  static final int PANEL = 2 * L;

  private ImplicitConvVector() {}

  /** Panels of output channels, the last possibly partial. */
  static int panels(int outChannels) {
    return (outChannels + PANEL - 1) / PANEL;
  }

  /** {@code z[r, o] = Σ_t xp[base[r] + off[t]]·wt[t, o]} for rows {@code [r0, r1)}. */
  static void forward(
      float[] xp, int[] base, int[] off, int taps, float[] wt, int out, float[] z, int r0, int r1) {
    int j = 0;
    for (; j + PANEL <= out; j += PANEL) {
      int r = r0;
      for (; r + ImplicitConv.ROWS <= r1; r += ImplicitConv.ROWS) {
        rows5(xp, base, off, taps, wt, out, j, z, r);
      }
      for (; r < r1; r++) {
        row1(xp, base[r], off, taps, wt, out, j, z, r);
      }
    }
    for (; j < out; j++) {
      for (int r = r0; r < r1; r++) {
        int rb = base[r];
        float acc = 0f;
        for (int t = 0; t < taps; t++) {
          acc = Math.fma(xp[rb + off[t]], wt[t * out + j], acc);
        }
        z[r * out + j] = acc;
      }
    }
  }

  private static void rows5(
      float[] xp, int[] base, int[] off, int taps, float[] wt, int out, int j, float[] z, int r) {
    int b0 = base[r];
    int b1 = base[r + 1];
    int b2 = base[r + 2];
    int b3 = base[r + 3];
    int b4 = base[r + 4];
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    for (int t = 0; t < taps; t++) {
      int o = off[t];
      int w = t * out + j;
      FloatVector w0 = FloatVector.fromArray(S, wt, w);
      FloatVector w1 = FloatVector.fromArray(S, wt, w + L);
      FloatVector a = FloatVector.broadcast(S, xp[b0 + o]);
      c00 = a.fma(w0, c00);
      c01 = a.fma(w1, c01);
      a = FloatVector.broadcast(S, xp[b1 + o]);
      c10 = a.fma(w0, c10);
      c11 = a.fma(w1, c11);
      a = FloatVector.broadcast(S, xp[b2 + o]);
      c20 = a.fma(w0, c20);
      c21 = a.fma(w1, c21);
      a = FloatVector.broadcast(S, xp[b3 + o]);
      c30 = a.fma(w0, c30);
      c31 = a.fma(w1, c31);
      a = FloatVector.broadcast(S, xp[b4 + o]);
      c40 = a.fma(w0, c40);
      c41 = a.fma(w1, c41);
    }
    int d = r * out + j;
    c00.intoArray(z, d);
    c01.intoArray(z, d + L);
    c10.intoArray(z, d + out);
    c11.intoArray(z, d + out + L);
    c20.intoArray(z, d + 2 * out);
    c21.intoArray(z, d + 2 * out + L);
    c30.intoArray(z, d + 3 * out);
    c31.intoArray(z, d + 3 * out + L);
    c40.intoArray(z, d + 4 * out);
    c41.intoArray(z, d + 4 * out + L);
  }

  private static void row1(
      float[] xp, int rb, int[] off, int taps, float[] wt, int out, int j, float[] z, int r) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = c0;
    for (int t = 0; t < taps; t++) {
      int w = t * out + j;
      FloatVector a = FloatVector.broadcast(S, xp[rb + off[t]]);
      c0 = a.fma(FloatVector.fromArray(S, wt, w), c0);
      c1 = a.fma(FloatVector.fromArray(S, wt, w + L), c1);
    }
    c0.intoArray(z, r * out + j);
    c1.intoArray(z, r * out + j + L);
  }

  /**
   * {@code dwt[t, o] += Σ_r xp[base[r] + off[t]]·dz[r, o]} over rows {@code [0, rows)} in order,
   * for taps {@code [t, t + n)} and the output channels of {@code panel}.
   */
  static void weightGradient(
      float[] xp,
      int[] base,
      int rows,
      int[] off,
      int n,
      int t,
      float[] dz,
      int out,
      float[] dwt,
      int panel) {
    int j = panel * PANEL;
    if (j + PANEL <= out) {
      if (n == ImplicitConv.ROWS) {
        taps5(xp, base, rows, off, t, dz, out, dwt, j);
      } else if (n == 4) {
        taps4(xp, base, rows, off, t, dz, out, dwt, j);
      } else {
        for (int i = 0; i < n; i++) {
          tap1(xp, base, rows, off[t + i], dz, out, dwt, (t + i) * out + j, j);
        }
      }
      return;
    }
    for (int i = t; i < t + n; i++) {
      for (int o = j; o < out; o++) {
        float acc = dwt[i * out + o];
        int ot = off[i];
        for (int r = 0; r < rows; r++) {
          acc = Math.fma(xp[base[r] + ot], dz[r * out + o], acc);
        }
        dwt[i * out + o] = acc;
      }
    }
  }

  private static void taps5(
      float[] xp, int[] base, int rows, int[] off, int t, float[] dz, int out, float[] dwt, int j) {
    int o0 = off[t];
    int o1 = off[t + 1];
    int o2 = off[t + 2];
    int o3 = off[t + 3];
    int o4 = off[t + 4];
    int d = t * out + j;
    FloatVector c00 = FloatVector.fromArray(S, dwt, d);
    FloatVector c01 = FloatVector.fromArray(S, dwt, d + L);
    FloatVector c10 = FloatVector.fromArray(S, dwt, d + out);
    FloatVector c11 = FloatVector.fromArray(S, dwt, d + out + L);
    FloatVector c20 = FloatVector.fromArray(S, dwt, d + 2 * out);
    FloatVector c21 = FloatVector.fromArray(S, dwt, d + 2 * out + L);
    FloatVector c30 = FloatVector.fromArray(S, dwt, d + 3 * out);
    FloatVector c31 = FloatVector.fromArray(S, dwt, d + 3 * out + L);
    FloatVector c40 = FloatVector.fromArray(S, dwt, d + 4 * out);
    FloatVector c41 = FloatVector.fromArray(S, dwt, d + 4 * out + L);
    for (int r = 0; r < rows; r++) {
      int rb = base[r];
      int g = r * out + j;
      FloatVector g0 = FloatVector.fromArray(S, dz, g);
      FloatVector g1 = FloatVector.fromArray(S, dz, g + L);
      FloatVector a = FloatVector.broadcast(S, xp[rb + o0]);
      c00 = a.fma(g0, c00);
      c01 = a.fma(g1, c01);
      a = FloatVector.broadcast(S, xp[rb + o1]);
      c10 = a.fma(g0, c10);
      c11 = a.fma(g1, c11);
      a = FloatVector.broadcast(S, xp[rb + o2]);
      c20 = a.fma(g0, c20);
      c21 = a.fma(g1, c21);
      a = FloatVector.broadcast(S, xp[rb + o3]);
      c30 = a.fma(g0, c30);
      c31 = a.fma(g1, c31);
      a = FloatVector.broadcast(S, xp[rb + o4]);
      c40 = a.fma(g0, c40);
      c41 = a.fma(g1, c41);
    }
    c00.intoArray(dwt, d);
    c01.intoArray(dwt, d + L);
    c10.intoArray(dwt, d + out);
    c11.intoArray(dwt, d + out + L);
    c20.intoArray(dwt, d + 2 * out);
    c21.intoArray(dwt, d + 2 * out + L);
    c30.intoArray(dwt, d + 3 * out);
    c31.intoArray(dwt, d + 3 * out + L);
    c40.intoArray(dwt, d + 4 * out);
    c41.intoArray(dwt, d + 4 * out + L);
  }

  private static void taps4(
      float[] xp, int[] base, int rows, int[] off, int t, float[] dz, int out, float[] dwt, int j) {
    int o0 = off[t];
    int o1 = off[t + 1];
    int o2 = off[t + 2];
    int o3 = off[t + 3];
    int d = t * out + j;
    FloatVector c00 = FloatVector.fromArray(S, dwt, d);
    FloatVector c01 = FloatVector.fromArray(S, dwt, d + L);
    FloatVector c10 = FloatVector.fromArray(S, dwt, d + out);
    FloatVector c11 = FloatVector.fromArray(S, dwt, d + out + L);
    FloatVector c20 = FloatVector.fromArray(S, dwt, d + 2 * out);
    FloatVector c21 = FloatVector.fromArray(S, dwt, d + 2 * out + L);
    FloatVector c30 = FloatVector.fromArray(S, dwt, d + 3 * out);
    FloatVector c31 = FloatVector.fromArray(S, dwt, d + 3 * out + L);
    for (int r = 0; r < rows; r++) {
      int rb = base[r];
      int g = r * out + j;
      FloatVector g0 = FloatVector.fromArray(S, dz, g);
      FloatVector g1 = FloatVector.fromArray(S, dz, g + L);
      FloatVector a = FloatVector.broadcast(S, xp[rb + o0]);
      c00 = a.fma(g0, c00);
      c01 = a.fma(g1, c01);
      a = FloatVector.broadcast(S, xp[rb + o1]);
      c10 = a.fma(g0, c10);
      c11 = a.fma(g1, c11);
      a = FloatVector.broadcast(S, xp[rb + o2]);
      c20 = a.fma(g0, c20);
      c21 = a.fma(g1, c21);
      a = FloatVector.broadcast(S, xp[rb + o3]);
      c30 = a.fma(g0, c30);
      c31 = a.fma(g1, c31);
    }
    c00.intoArray(dwt, d);
    c01.intoArray(dwt, d + L);
    c10.intoArray(dwt, d + out);
    c11.intoArray(dwt, d + out + L);
    c20.intoArray(dwt, d + 2 * out);
    c21.intoArray(dwt, d + 2 * out + L);
    c30.intoArray(dwt, d + 3 * out);
    c31.intoArray(dwt, d + 3 * out + L);
  }

  private static void tap1(
      float[] xp, int[] base, int rows, int ot, float[] dz, int out, float[] dwt, int d, int j) {
    FloatVector c0 = FloatVector.fromArray(S, dwt, d);
    FloatVector c1 = FloatVector.fromArray(S, dwt, d + L);
    for (int r = 0; r < rows; r++) {
      FloatVector a = FloatVector.broadcast(S, xp[base[r] + ot]);
      int g = r * out + j;
      c0 = a.fma(FloatVector.fromArray(S, dz, g), c0);
      c1 = a.fma(FloatVector.fromArray(S, dz, g + L), c1);
    }
    c0.intoArray(dwt, d);
    c1.intoArray(dwt, d + L);
  }
}
