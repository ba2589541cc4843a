package dev.tributary.graph.op;

import java.util.List;

/** An element-wise operator of one input: the output has the input's shape. */
abstract class Activation extends Operator {
  @Override
  public final Arity arity() {
    return Arity.ONE;
  }

  @Override
  public final int outputWidth(String node, List<String> predecessors, int[] inputWidths) {
    return inputWidths[0];
  }
}
