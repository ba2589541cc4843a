package dev.tributary.graph.op;

import dev.tributary.core.Columns;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Channels (or features) {@code from ≤ i < to} of its input, as {@code x[:, from:to]}: an image
 * {@code [C, H, W]} gives {@code [to − from, H, W]}, a vector {@code [F]} gives {@code [to −
 * from]}. It splits a two-channel pair image into its two digits.
 *
 * <p>Backward: {@code dx[:, from:to] += dy}; the other channels receive nothing. It saves nothing.
 */
public final class Slice extends Operator {
  /** The graph-file registration: {@code from}, {@code to}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "Slice",
          f -> new Slice(f.getInt("from"), f.getInt("to")),
          Field.required("from", Field.Kind.NON_NEGATIVE_INT),
          Field.required("to", Field.Kind.POSITIVE_INT));

  private final int from;
  private final int to;

  /**
   * Takes channels {@code from ≤ i < to}.
   *
   * @throws IllegalArgumentException if {@code from < 0} or {@code to ≤ from}
   */
  public Slice(int from, int to) {
    if (from < 0 || to <= from) {
      throw new IllegalArgumentException(
          "Slice needs 0 ≤ from < to, got from=" + from + ", to=" + to);
    }
    this.from = from;
    this.to = to;
  }

  @Override
  public String type() {
    return "Slice";
  }

  @Override
  public Arity arity() {
    return Arity.ONE;
  }

  @Override
  public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    Shape s = inputs.get(0);
    if (to > s.dim(0)) {
      throw new GraphException(
          String.format(
              "node `%s` (%s) takes channels %d to %d but `%s` gives %s, with %d along the first"
                  + " axis; use to ≤ %d",
              node, describe(), from, to, predecessors.get(0), s, s.dim(0), s.dim(0)),
          List.of(node, predecessors.get(0)));
    }
    int[] dims = s.dims();
    dims[0] = to - from;
    return Shape.of(dims);
  }

  @Override
  public void forward(OpContext ctx) {
    Columns.copyFrom(ctx.input(0), offset(ctx), ctx.output());
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) != null) {
      Columns.addInto(ctx.gradOutput(), ctx.gradInput(0), offset(ctx));
    }
  }

  private int offset(OpContext ctx) {
    Shape in = ctx.inputShape(0);
    return from * (in.size() / in.dim(0));
  }

  @Override
  public Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("from", from);
    f.put("to", to);
    return f;
  }

  @Override
  public String describe() {
    return "Slice " + from + ":" + to;
  }
}
