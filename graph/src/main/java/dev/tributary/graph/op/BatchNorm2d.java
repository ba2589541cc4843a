package dev.tributary.graph.op;

import dev.tributary.graph.Shape;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation of images [C, H, W] in batches [B, C, H, W], per channel channel, as {@code
 * torch.nn.BatchNorm2d} (eps 1e-5, momentum 0.1): parameters {@code weight} (ones) and {@code bias}
 * (zeros), buffers {@code running_mean}, {@code running_var} and {@code num_batches_tracked}. The
 * formulas, forward and backward in both modes, are in {@code docs/operators.md}.
 */
public final class BatchNorm2d extends BatchNorm<BatchNorm2d> {
  /** The graph-file registration: {@code channels}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "BatchNorm2d",
          f -> new BatchNorm2d(f.getInt("channels")),
          Field.required("channels", Field.Kind.POSITIVE_INT));

  /**
   * Normalises channels channels.
   *
   * @throws IllegalArgumentException if the count is not positive
   */
  public BatchNorm2d(int channels) {
    super(channels, null);
  }

  private BatchNorm2d(int channels, BatchNorm2d shared) {
    super(channels, shared);
  }

  /**
   * Returns a new node that uses {@code other}'s parameters and running statistics.
   *
   * @throws IllegalArgumentException if {@code other} is null
   */
  public static BatchNorm2d sharing(BatchNorm2d other) {
    if (other == null) {
      throw new IllegalArgumentException(
          "BatchNorm2d.sharing: other is null; pass the BatchNorm2d to share");
    }
    return other.share();
  }

  @Override
  public BatchNorm2d share() {
    return new BatchNorm2d(channels, owner());
  }

  @Override
  public String type() {
    return "BatchNorm2d";
  }

  @Override
  Shape checkInput(String node, List<String> predecessors, Shape in) {
    return requireImage(node, describe(), predecessors, in, channels);
  }

  @Override
  public Map<String, Object> fields() {
    return Map.of("channels", channels);
  }
}
