package dev.tributary.graph.op;

import dev.tributary.graph.GraphException;
import dev.tributary.graph.Shape;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation of vectors [F] in batches [B, F], per feature channel, as {@code
 * torch.nn.BatchNorm1d} (eps 1e-5, momentum 0.1): parameters {@code weight} (ones) and {@code bias}
 * (zeros), buffers {@code running_mean}, {@code running_var} and {@code num_batches_tracked}. The
 * formulas, forward and backward in both modes, are in {@code docs/operators.md}.
 */
public final class BatchNorm1d extends BatchNorm<BatchNorm1d> {
  /** The graph-file registration: {@code features}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "BatchNorm1d",
          f -> new BatchNorm1d(f.getInt("features")),
          Field.required("features", Field.Kind.POSITIVE_INT));

  /**
   * Normalises features channels.
   *
   * @throws IllegalArgumentException if the count is not positive
   */
  public BatchNorm1d(int features) {
    super(features, null);
  }

  private BatchNorm1d(int features, BatchNorm1d shared) {
    super(features, shared);
  }

  /**
   * Returns a new node that uses {@code other}'s parameters and running statistics.
   *
   * @throws IllegalArgumentException if {@code other} is null
   */
  public static BatchNorm1d sharing(BatchNorm1d other) {
    if (other == null) {
      throw new IllegalArgumentException(
          "BatchNorm1d.sharing: other is null; pass the BatchNorm1d to share");
    }
    return other.share();
  }

  @Override
  public BatchNorm1d share() {
    return new BatchNorm1d(channels, owner());
  }

  @Override
  public String type() {
    return "BatchNorm1d";
  }

  @Override
  Shape checkInput(String node, List<String> predecessors, Shape in) {
    if (in.rank() != 1 || in.dim(0) != channels) {
      throw new GraphException(
          String.format(
              "node `%s` (%s) expects %d features but `%s` gives %s; use BatchNorm1d(%s)%s",
              node,
              describe(),
              channels,
              predecessors.get(0),
              show(in),
              in.rank() == 1 ? in.dim(0) : "...",
              in.rank() == 3 ? ", or BatchNorm2d for images" : ""),
          List.of(node, predecessors.get(0)));
    }
    return in;
  }

  @Override
  public Map<String, Object> fields() {
    return Map.of("features", channels);
  }
}
