package dev.tributary.graph.io;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The optional {@code training} section of a graph file: how the graph is meant to be trained. A
 * weighted loss per output, the optimizer and its settings, a learning-rate schedule, the epochs
 * and the mini-batch size; every part is optional and a runner's own options override it.
 *
 * <pre>{@code
 * "training": {
 *   "outputs": {
 *     "compare": {"loss": "bce-logits", "weight": 1},
 *     "digit1":  {"loss": "cross-entropy", "weight": 1}
 *   },
 *   "optimizer": {"name": "adam", "lr": 0.005, "betas": [0.9, 0.999], "weight_decay": 0},
 *   "schedule": "step:10:0.5",
 *   "epochs": 25,
 *   "batch": 100
 * }
 * }</pre>
 *
 * <p>The total loss is {@code Σ weight · loss(output, target)} over the outputs, in the file's
 * order; the first output is the one whose decisions are counted. A target defaults to the output's
 * name. Losses: {@value #LOSS_NAMES}; optimizers: {@code sgd} ({@code momentum}), {@code adam} and
 * {@code adamw} ({@code betas}); schedules: {@code step:EVERY:FACTOR}, {@code
 * plateau:PATIENCE:FACTOR} or {@code none}. Instances are immutable and compare by value; build one
 * with {@link #builder()}, whose setters check each value.
 */
public final class TrainingSpec {
  /** The loss names an output may declare. */
  public static final String LOSS_NAMES = "mse, mae, bce, bce-logits, cross-entropy";

  /** The loss names, as a list. */
  public static final List<String> LOSSES = List.of(LOSS_NAMES.split(", "));

  /** The optimizer names. */
  public static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw");

  /**
   * One output's loss term: {@code weight · loss(output, target)}.
   *
   * @param output the network output node
   * @param loss one of {@link #LOSSES}
   * @param target the dataset target it is compared with
   * @param weight the term's weight, finite and ≥ 0
   */
  public record OutputLoss(String output, String loss, String target, float weight) {}

  private final ImmutableList<OutputLoss> outputs;
  private final String optimizer;
  private final Float learningRate;
  private final Float momentum;
  private final Float beta1;
  private final Float beta2;
  private final Float weightDecay;
  private final String schedule;
  private final Integer epochs;
  private final Integer batch;

  private TrainingSpec(Builder b) {
    this.outputs = ImmutableList.copyOf(b.outputs);
    this.optimizer = b.optimizer;
    this.learningRate = b.learningRate;
    this.momentum = b.momentum;
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.weightDecay = b.weightDecay;
    this.schedule = b.schedule;
    this.epochs = b.epochs;
    this.batch = b.batch;
  }

  /** Returns a builder for a training section. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the loss terms, in the file's order (empty when the section declares none). */
  public List<OutputLoss> outputs() {
    return outputs;
  }

  /** Returns the optimizer's name ({@code sgd}, {@code adam}, {@code adamw}), if declared. */
  public Optional<String> optimizer() {
    return Optional.ofNullable(optimizer);
  }

  /** Returns the learning rate, if declared. */
  public Optional<Float> learningRate() {
    return Optional.ofNullable(learningRate);
  }

  /** Returns SGD's momentum, if declared. */
  public Optional<Float> momentum() {
    return Optional.ofNullable(momentum);
  }

  /** Returns Adam's β₁, if declared. */
  public Optional<Float> beta1() {
    return Optional.ofNullable(beta1);
  }

  /** Returns Adam's β₂, if declared. */
  public Optional<Float> beta2() {
    return Optional.ofNullable(beta2);
  }

  /** Returns the weight decay, if declared. */
  public Optional<Float> weightDecay() {
    return Optional.ofNullable(weightDecay);
  }

  /** Returns the schedule ({@code step:E:F}, {@code plateau:P:F} or {@code none}), if declared. */
  public Optional<String> schedule() {
    return Optional.ofNullable(schedule);
  }

  /** Returns the number of epochs, if declared. */
  public Optional<Integer> epochs() {
    return Optional.ofNullable(epochs);
  }

  /** Returns the mini-batch size, if declared. */
  public Optional<Integer> batch() {
    return Optional.ofNullable(batch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingSpec t
        && outputs.equals(t.outputs)
        && Objects.equals(optimizer, t.optimizer)
        && Objects.equals(learningRate, t.learningRate)
        && Objects.equals(momentum, t.momentum)
        && Objects.equals(beta1, t.beta1)
        && Objects.equals(beta2, t.beta2)
        && Objects.equals(weightDecay, t.weightDecay)
        && Objects.equals(schedule, t.schedule)
        && Objects.equals(epochs, t.epochs)
        && Objects.equals(batch, t.batch);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        outputs,
        optimizer,
        learningRate,
        momentum,
        beta1,
        beta2,
        weightDecay,
        schedule,
        epochs,
        batch);
  }

  @Override
  public String toString() {
    return SpecWriter.training(this);
  }

  /**
   * Collects a training section; each setter checks its value and throws an {@link
   * IllegalArgumentException} naming the field ({@code training.epochs}, ...) and the fix.
   */
  public static final class Builder {
    private final List<OutputLoss> outputs = new ArrayList<>();
    private String optimizer;
    private Float learningRate;
    private Float momentum;
    private Float beta1;
    private Float beta2;
    private Float weightDecay;
    private String schedule;
    private Integer epochs;
    private Integer batch;

    private Builder() {}

    /**
     * Adds a loss term; {@code target} null means the output's name.
     *
     * @throws IllegalArgumentException if a name is blank, the output is listed twice, the loss is
     *     unknown or the weight is not finite and ≥ 0
     */
    public Builder output(String output, String loss, String target, float weight) {
      if (output == null || output.isBlank()) {
        throw new IllegalArgumentException("training.outputs: an output name is blank");
      }
      String at = "training.outputs." + output;
      for (OutputLoss o : outputs) {
        if (o.output().equals(output)) {
          throw new IllegalArgumentException(at + ": the output is listed twice; list it once");
        }
      }
      if (loss == null || !LOSSES.contains(loss)) {
        throw new IllegalArgumentException(
            at + ".loss: unknown loss " + quote(loss) + "; use one of " + LOSS_NAMES);
      }
      if (target != null && target.isBlank()) {
        throw new IllegalArgumentException(
            at + ".target: blank; name a target or leave the field out");
      }
      if (!(weight >= 0) || Float.isInfinite(weight)) {
        throw new IllegalArgumentException(
            at + ".weight: must be a finite number ≥ 0, got " + weight);
      }
      outputs.add(new OutputLoss(output, loss, target == null ? output : target, weight));
      return this;
    }

    /**
     * Sets the optimizer's name.
     *
     * @throws IllegalArgumentException if it is not sgd, adam or adamw
     */
    public Builder optimizer(String name) {
      if (name == null || !OPTIMIZERS.contains(name)) {
        throw new IllegalArgumentException(
            "training.optimizer.name: unknown optimizer "
                + quote(name)
                + "; use sgd, adam or adamw");
      }
      this.optimizer = name;
      return this;
    }

    /**
     * Sets the learning rate.
     *
     * @throws IllegalArgumentException unless it is finite and > 0
     */
    public Builder learningRate(float lr) {
      if (!(lr > 0) || Float.isInfinite(lr)) {
        throw new IllegalArgumentException(
            "training.optimizer.lr: must be a finite number > 0, got " + lr);
      }
      this.learningRate = lr;
      return this;
    }

    /**
     * Sets SGD's momentum.
     *
     * @throws IllegalArgumentException unless it lies in [0, 1)
     */
    public Builder momentum(float m) {
      if (!(m >= 0 && m < 1)) {
        throw new IllegalArgumentException(
            "training.optimizer.momentum: must lie in [0, 1), got " + m);
      }
      this.momentum = m;
      return this;
    }

    /**
     * Sets Adam's β₁ and β₂.
     *
     * @throws IllegalArgumentException unless both lie in [0, 1)
     */
    public Builder betas(float b1, float b2) {
      if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1)) {
        throw new IllegalArgumentException(
            "training.optimizer.betas: both must lie in [0, 1), got [" + b1 + ", " + b2 + "]");
      }
      this.beta1 = b1;
      this.beta2 = b2;
      return this;
    }

    /**
     * Sets the weight decay.
     *
     * @throws IllegalArgumentException unless it is finite and ≥ 0
     */
    public Builder weightDecay(float wd) {
      if (!(wd >= 0) || Float.isInfinite(wd)) {
        throw new IllegalArgumentException(
            "training.optimizer.weight_decay: must be a finite number ≥ 0, got " + wd);
      }
      this.weightDecay = wd;
      return this;
    }

    /**
     * Sets the schedule: {@code step:EVERY:FACTOR}, {@code plateau:PATIENCE:FACTOR} or {@code
     * none}, with a count ≥ 1 and a factor in (0, 1].
     *
     * @throws IllegalArgumentException if the text is not such a schedule
     */
    public Builder schedule(String text) {
      String problem = scheduleProblem(text);
      if (problem != null) {
        throw new IllegalArgumentException("training.schedule: " + problem);
      }
      this.schedule = text;
      return this;
    }

    /**
     * Sets the number of epochs.
     *
     * @throws IllegalArgumentException if it is below 1
     */
    public Builder epochs(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("training.epochs: must be at least 1, got " + n);
      }
      this.epochs = n;
      return this;
    }

    /**
     * Sets the mini-batch size.
     *
     * @throws IllegalArgumentException if it is below 1
     */
    public Builder batch(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("training.batch: must be at least 1, got " + n);
      }
      this.batch = n;
      return this;
    }

    /**
     * Returns the training section.
     *
     * @throws IllegalArgumentException if {@code momentum} is set for an Adam optimizer or {@code
     *     betas} for SGD
     */
    public TrainingSpec build() {
      if (momentum != null && optimizer != null && !"sgd".equals(optimizer)) {
        throw new IllegalArgumentException(
            "training.optimizer.momentum: applies to sgd only ("
                + optimizer
                + " keeps its own moments); drop it or use \"betas\"");
      }
      if (beta1 != null && "sgd".equals(optimizer)) {
        throw new IllegalArgumentException(
            "training.optimizer.betas: apply to adam and adamw only; use \"momentum\" with sgd");
      }
      return new TrainingSpec(this);
    }
  }

  /**
   * Returns what is wrong with a schedule text ({@code step:EVERY:FACTOR}, {@code
   * plateau:PATIENCE:FACTOR} or {@code none}), or null when it is valid.
   */
  public static String scheduleProblem(String text) {
    String usage = "; use step:EVERY:FACTOR (e.g. step:250:0.5), plateau:PATIENCE:FACTOR or none";
    if ("none".equals(text)) {
      return null;
    }
    String[] p = text == null ? new String[0] : text.split(":", -1);
    if (p.length != 3 || !List.of("step", "plateau").contains(p[0])) {
      return quote(text) + " is not a schedule" + usage;
    }
    try {
      int every = Integer.parseInt(p[1]);
      double factor = Double.parseDouble(p[2]);
      if (every < 1 || !(factor > 0 && factor <= 1)) {
        return quote(text) + ": need a count ≥ 1 and a factor in (0, 1]" + usage;
      }
    } catch (NumberFormatException e) {
      return quote(text) + ": '" + p[1] + "' or '" + p[2] + "' is not a number" + usage;
    }
    return null;
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
