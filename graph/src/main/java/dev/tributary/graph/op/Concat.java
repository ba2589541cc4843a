package dev.tributary.graph.op;

import com.google.common.collect.ImmutableList;
import dev.tributary.core.Columns;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Joins its predecessors' outputs along the feature axis (the channels, for images): {@code y = [x₁
 * | x₂ | … | xₙ]}. Vectors of widths {@code wᵢ} give a vector of width {@code Σ wᵢ}; images {@code
 * [Cᵢ, H, W]} of one height and width give {@code [Σ Cᵢ, H, W]}, as {@code torch.cat(xs, dim=1)}.
 *
 * <p>The inputs come in the order the predecessors appear in the operators map, or in the order
 * given to {@link #Concat(String...)} (graph files: {@code "order": ["a", "b"]}).
 *
 * <p>Backward: each input receives its own block, {@code dxᵢ += dy[:, oᵢ : oᵢ + sizeᵢ]}. It saves
 * nothing (the offsets follow from the input sizes). Row-major storage makes a channel block of a
 * sample contiguous, so both directions are column-block copies of {@code [B, size]} matrices.
 */
public final class Concat extends Operator {
  /** The graph-file registration: an optional {@code order}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "Concat",
          f -> f.has("order") ? new Concat(f.getNames("order")) : new Concat(),
          Field.optional("order", Field.Kind.NAMES, null));

  private final ImmutableList<String> order;

  /** Joins the inputs in the operators map's order. */
  public Concat() {
    this.order = ImmutableList.of();
  }

  /**
   * Joins the inputs in the given order of predecessor names.
   *
   * @throws IllegalArgumentException if a name is null or blank or given twice
   */
  public Concat(String... order) {
    this(List.of(order));
  }

  /**
   * Joins the inputs in the given order of predecessor names.
   *
   * @throws IllegalArgumentException if a name is null or blank or given twice
   */
  public Concat(List<String> order) {
    if (order == null || order.isEmpty()) {
      throw new IllegalArgumentException(
          "Concat order is empty; list the predecessors, or use new Concat() for the map's order");
    }
    HashSet<String> seen = new HashSet<>();
    for (String name : order) {
      if (name == null || name.isBlank() || !seen.add(name)) {
        throw new IllegalArgumentException(
            "Concat order " + order + " has a blank or repeated name; list each predecessor once");
      }
    }
    this.order = ImmutableList.copyOf(order);
  }

  @Override
  public String type() {
    return "Concat";
  }

  @Override
  public Arity arity() {
    return Arity.MANY;
  }

  @Override
  public List<String> inputOrder() {
    return order;
  }

  @Override
  public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    Shape first = inputs.get(0);
    int joined = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Shape s = inputs.get(i);
      boolean fits = s.rank() == first.rank();
      for (int d = 1; fits && d < s.rank(); d++) {
        fits = s.dim(d) == first.dim(d);
      }
      if (!fits) {
        throw new GraphException(
            String.format(
                "node `%s` (Concat) joins along the first axis, so its inputs must agree on the"
                    + " others, but `%s` gives %s and `%s` gives %s; reshape one (e.g. a Flatten"
                    + " before joining vectors, or a pooling to match the image sizes)",
                node, predecessors.get(0), first, predecessors.get(i), s),
            List.of(node, predecessors.get(0), predecessors.get(i)));
      }
      joined += s.dim(0);
    }
    int[] dims = first.dims();
    dims[0] = joined;
    return Shape.of(dims);
  }

  @Override
  public void forward(OpContext ctx) {
    int offset = 0;
    for (int i = 0; i < ctx.inputCount(); i++) {
      Columns.copyInto(ctx.input(i), ctx.output(), offset);
      offset += ctx.inputShape(i).size();
    }
  }

  @Override
  public void backward(OpContext ctx) {
    int offset = 0;
    for (int i = 0; i < ctx.inputCount(); i++) {
      if (ctx.gradInput(i) != null) {
        Columns.addFrom(ctx.gradOutput(), offset, ctx.gradInput(i));
      }
      offset += ctx.inputShape(i).size();
    }
  }

  @Override
  public Map<String, Object> fields() {
    return order.isEmpty() ? Map.of() : Map.of("order", order);
  }

  @Override
  public String describe() {
    return order.isEmpty() ? "Concat" : "Concat " + String.join(", ", order);
  }
}
