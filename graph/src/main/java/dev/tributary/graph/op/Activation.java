package dev.tributary.graph.op;

import dev.tributary.graph.Shape;
import java.util.List;

/** An element-wise operator of one input: the output has the input's shape, whatever it is. */
abstract class Activation extends Operator {
  @Override
  public final Arity arity() {
    return Arity.ONE;
  }

  @Override
  public final Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    return inputs.get(0);
  }
}
