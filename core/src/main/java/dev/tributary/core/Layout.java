package dev.tributary.core;

/** The three operand layouts of {@link MatMul}: which of A and B are read transposed. */
public enum Layout {
  /** {@code C = A·B}. */
  AB("ab", false, false),
  /** {@code C = A·Bᵀ}. */
  ABT("abt", false, true),
  /** {@code C = Aᵀ·B}. */
  ATB("atb", true, false);

  final String symbol;
  final boolean transposeA;
  final boolean transposeB;

  Layout(String symbol, boolean transposeA, boolean transposeB) {
    this.symbol = symbol;
    this.transposeA = transposeA;
    this.transposeB = transposeB;
  }
}
