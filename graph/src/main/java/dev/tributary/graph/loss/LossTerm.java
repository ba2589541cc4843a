package dev.tributary.graph.loss;

/**
 * One term of a {@link MultiLoss}: the {@link Loss} of a named network output against a named
 * target, and the weight of that loss in the sum.
 */
public final class LossTerm {
  private final String output;
  private final Loss loss;
  private final String target;
  private final float weight;

  private LossTerm(String output, Loss loss, String target, float weight) {
    this.output = output;
    this.loss = loss;
    this.target = target;
    this.weight = weight;
  }

  /**
   * Returns the term {@code weight · loss(outputs[output], targets[target])}.
   *
   * @param output the network output node the loss is applied to
   * @param loss the loss; give each term its own instance (a loss keeps its last gradient)
   * @param target the name of the target tensor in the dataset
   * @param weight the term's weight in the sum, finite and ≥ 0
   * @throws IllegalArgumentException if a name is null or blank, the loss is null or the weight is
   *     negative or not finite
   */
  public static LossTerm of(String output, Loss loss, String target, float weight) {
    if (output == null || output.isBlank() || target == null || target.isBlank()) {
      throw new IllegalArgumentException(
          "LossTerm: output and target names must be non-blank, got output="
              + output
              + ", target="
              + target);
    }
    if (loss == null) {
      throw new IllegalArgumentException(
          "LossTerm for output `" + output + "`: loss is null; pass e.g. new MSELoss()");
    }
    if (!(weight >= 0) || Float.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "LossTerm for output `" + output + "`: weight is " + weight + "; pass a finite w ≥ 0");
    }
    return new LossTerm(output, loss, target, weight);
  }

  /**
   * Returns the term {@code loss(outputs[output], targets[target])} with weight 1.
   *
   * @throws IllegalArgumentException if a name is null or blank or the loss is null
   */
  public static LossTerm of(String output, Loss loss, String target) {
    return of(output, loss, target, 1f);
  }

  /** Returns the output node's name. */
  public String output() {
    return output;
  }

  /** Returns the loss. */
  public Loss loss() {
    return loss;
  }

  /** Returns the target's name. */
  public String target() {
    return target;
  }

  /** Returns the weight. */
  public float weight() {
    return weight;
  }

  @Override
  public String toString() {
    return weight + " × " + loss + "(" + output + ", " + target + ")";
  }
}
