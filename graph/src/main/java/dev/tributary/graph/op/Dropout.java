package dev.tributary.graph.op;

import dev.tributary.core.Columns;
import dev.tributary.core.DropoutKernels;
import dev.tributary.graph.Shape;
import java.util.List;
import java.util.Map;

/**
 * In training mode, zeroes each element with probability {@code p} and scales the others by {@code
 * 1/(1 − p)}, as {@code torch.nn.Dropout}; in evaluation mode, the identity. The masks come from
 * the network's seeded generator, drawn in element order on the calling thread, so a seed gives the
 * same run whatever the thread count.
 *
 * <p>Backward: {@code dx += dy·mask} in training mode ({@code dx += dy} in evaluation). It saves
 * the mask (0 or {@code 1/(1 − p)} per element) in a scratch array.
 */
public final class Dropout extends Operator {
  /** The graph-file registration: {@code p}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "Dropout",
          f -> new Dropout(f.getFloat("p")),
          Field.optional("p", Field.Kind.PROBABILITY, 0.5f));

  private final float p;

  /** Dropout with probability 0.5. */
  public Dropout() {
    this(0.5f);
  }

  /**
   * Dropout with probability {@code p}.
   *
   * @throws IllegalArgumentException if {@code p} is not in [0, 1)
   */
  public Dropout(float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException("Dropout p must be in [0, 1), got " + p);
    }
    this.p = p;
  }

  /** Returns the probability of zeroing an element. */
  public float p() {
    return p;
  }

  @Override
  public String type() {
    return "Dropout";
  }

  @Override
  public Arity arity() {
    return Arity.ONE;
  }

  @Override
  public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    return inputs.get(0);
  }

  @Override
  public Scratch scratch(Object plan, List<Shape> inputs, Shape output, int batch) {
    return new Scratch(new int[] {batch * output.size()}, new int[0]);
  }

  @Override
  public void forward(OpContext ctx) {
    if (ctx.training()) {
      DropoutKernels.forward(ctx.input(0), p, ctx.random(), ctx.scratch(0), ctx.output());
    } else {
      Columns.copyInto(ctx.input(0), ctx.output(), 0);
    }
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) == null) {
      return;
    }
    if (ctx.training()) {
      DropoutKernels.backward(ctx.gradOutput(), ctx.scratch(0), ctx.gradInput(0));
    } else {
      Columns.addFrom(ctx.gradOutput(), 0, ctx.gradInput(0));
    }
  }

  @Override
  public Map<String, Object> fields() {
    return Map.of("p", p);
  }

  @Override
  public String describe() {
    return "Dropout " + p;
  }
}
