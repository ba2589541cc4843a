package dev.tributary.core;

/**
 * General matrix multiply on raw row-major arrays: {@code C (+)= op(A)·op(B)}, C {@code [m, n]}.
 *
 * <p>For {@link Layout#AB} A is {@code [m, k]} and B {@code [k, n]}; for {@link Layout#ABT} B is
 * {@code [n, k]}; for {@link Layout#ATB} A is {@code [k, m]}. This reference version is a plain
 * triple loop; the fast paths replace it.
 */
final class Gemm {
  private Gemm() {}

  static void multiply(
      Layout layout, int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
    int rsA = layout.transposeA ? 1 : k;
    int csA = layout.transposeA ? m : 1;
    int rsB = layout.transposeB ? 1 : n;
    int csB = layout.transposeB ? k : 1;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum += a[i * rsA + p * csA] * b[p * rsB + j * csB];
        }
        c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
      }
    }
  }
}
