package dev.tributary.examples.cli;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.TrainingSpec;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.AdamW;
import dev.tributary.graph.optim.AdaptiveDecay;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.optim.ReduceLROnPlateau;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.optim.StepLR;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.TrainerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The training options of {@code run}, and their checks: every value is checked before anything is
 * loaded, and a bad one exits with status 2 and the option's name.
 */
public final class RunOptions {
  /** The optimizers {@code --optimizer} accepts. */
  static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw");

  @Option(
      names = "--loss",
      defaultValue = "mse",
      description = "mse, mae, bce, bce-logits or cross-entropy (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(
      names = "--term",
      paramLabel = "OUTPUT=LOSS:TARGET[:WEIGHT]",
      description =
          "One loss term per output for multi-output graphs, e.g. out=bce-logits:closer"
              + " aux1=mse:d1:0.5 (the siamese data has defaults).")
  List<String> terms;

  @Option(
      names = "--task",
      defaultValue = "auto",
      description =
          "classify, regress or auto: inferred from the loss and the targets (default:"
              + " ${DEFAULT-VALUE}).")
  String task;

  @Option(
      names = "--optimizer",
      defaultValue = "adam",
      description = "sgd, adam or adamw (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--lr",
      defaultValue = "0.02",
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--momentum", description = "SGD momentum in [0, 1) (default: 0).")
  Float momentum;

  @Option(names = "--weight-decay", defaultValue = "0", description = "Weight decay (default: 0).")
  float weightDecay;

  @Option(
      names = "--adaptive-lr",
      description =
          "Report 000's rule: ×0.999 when the training error rises, ×0.998 more if twice.")
  boolean adaptive;

  /** The schedule when none is given: halve the learning rate every 250 epochs. */
  static final String DEFAULT_SCHEDULE = "step:250:0.5";

  @Option(
      names = "--schedule",
      paramLabel = "step:EVERY:FACTOR|plateau:PATIENCE:FACTOR|none",
      description =
          "Learning-rate schedule: step:250:0.5 multiplies the rate by 0.5 every 250 epochs;"
              + " plateau:10:0.5 when the training loss has not improved for 10 epochs; none"
              + " (default: "
              + DEFAULT_SCHEDULE
              + ", none with --adaptive-lr).")
  String schedule;

  @Option(
      names = "--patience",
      defaultValue = "0",
      description =
          "Early stopping: stop when the loss of a validation set (10 percent of the training"
              + " rows) has not improved for this many epochs, and restore the best epoch's"
              + " weights; 0 is off (default: ${DEFAULT-VALUE}).")
  int patience;

  @Mixin EpochsOption epochs = new EpochsOption(1000);

  @Mixin BatchOption batch = new BatchOption(50);

  @Option(
      names = "--standardize",
      negatable = true,
      description =
          "Scale each feature to mean 0 and deviation 1 with the training rows' statistics, kept"
              + " in the model file for predict (default: on for a single-input network;"
              + " --no-standardize feeds raw features).")
  Boolean standardize;

  @Option(
      names = "--init-from",
      paramLabel = "MODEL",
      description =
          "Start from a model file's parameters, matched by name and shape (fine-tuning); the"
              + " run prints what matched.")
  Path initFrom;

  @Mixin SeedOption seedOption;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder (default: runs/<graph name>).")
  Path out;

  @Option(names = "--no-plots", description = "Skip the PNG pictures.")
  boolean noPlots;

  /**
   * Checks every option value; throws a {@link ParameterException} (exit status 2) naming the first
   * bad one.
   */
  void check(CommandSpec spec, Path graph, DataSource data) {
    String problem = problem(graph, data);
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), problem);
    }
  }

  /** Returns the first problem with the option values, or null. */
  String problem(Path graph, DataSource data) {
    if (epochs.problem() != null) {
      return epochs.problem();
    }
    if (batch.problem() != null) {
      return batch.problem();
    }
    if (!(lr > 0) || Float.isInfinite(lr)) {
      return "--lr must be a finite number > 0, got " + lr;
    }
    if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
      return "--weight-decay must be a finite number ≥ 0, got " + weightDecay;
    }
    String opt = optimizer.toLowerCase(Locale.ROOT);
    if (!OPTIMIZERS.contains(opt)) {
      return "--optimizer: unknown optimizer '" + optimizer + "'; use sgd, adam or adamw";
    }
    if (momentum != null) {
      if (!"sgd".equals(opt)) {
        return "--momentum applies to --optimizer sgd only (Adam keeps its own moments); drop it"
            + " or use sgd";
      }
      if (!(momentum >= 0 && momentum < 1)) {
        return "--momentum must lie in [0, 1), got " + momentum;
      }
    }
    try {
      LossChoice.parse(loss);
      if (terms != null) {
        for (String t : terms) {
          Objective.ParsedTerm.parse(t);
        }
      }
    } catch (IllegalArgumentException e) {
      return (terms != null && e.getMessage().startsWith("--term") ? "" : "--loss: ")
          + e.getMessage();
    }
    if (!List.of("auto", "classify", "regress").contains(task.toLowerCase(Locale.ROOT))) {
      return "--task must be classify, regress or auto, got '" + task + "'";
    }
    if (patience < 0) {
      return "--patience must be ≥ 0 (0 turns early stopping off), got " + patience;
    }
    if (schedule != null && adaptive && !"none".equals(schedule)) {
      return "--schedule and --adaptive-lr are two schedules; give one";
    }
    if (schedule != null && !"none".equals(schedule)) {
      String s = scheduleProblem();
      if (s != null) {
        return s;
      }
    }
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      return "--out " + out + " is an existing file; give a folder (it is created if missing)";
    }
    return data.optionProblem();
  }

  private String scheduleProblem() {
    String[] p = schedule.split(":", -1);
    String usage = "; use step:EVERY:FACTOR (e.g. step:250:0.5) or plateau:PATIENCE:FACTOR";
    if (p.length != 3 || !List.of("step", "plateau").contains(p[0])) {
      return "--schedule " + schedule + ": not a schedule" + usage;
    }
    try {
      int every = Integer.parseInt(p[1]);
      double factor = Double.parseDouble(p[2]);
      if (every < 1 || !(factor > 0 && factor <= 1)) {
        return "--schedule " + schedule + ": need a count ≥ 1 and a factor in (0, 1]" + usage;
      }
    } catch (NumberFormatException e) {
      return "--schedule "
          + schedule
          + ": '"
          + p[1]
          + "' or '"
          + p[2]
          + "' is not a number"
          + usage;
    }
    return null;
  }

  /** Adam's β₁ and β₂ from the graph file's training section, or null for PyTorch's defaults. */
  private float[] betas;

  /** Adam's ε (PyTorch's default). */
  private static final float ADAM_EPS = 1e-8f;

  /**
   * Takes every setting of a graph file's {@code training} section that the command line did not
   * give, and returns what the run should print: the settings taken and the ones the command line
   * overrode. Values in the section were checked when the file was read.
   */
  List<String> applyTraining(TrainingSpec t, ParseResult given, int outputs) {
    List<String> taken = new ArrayList<>();
    List<String> overridden = new ArrayList<>();
    boolean lossGiven = given.hasMatchedOption("--loss") || given.hasMatchedOption("--term");
    if (!t.outputs().isEmpty()) {
      if (lossGiven) {
        overridden.add("outputs (by " + (terms != null ? "--term" : "--loss") + ")");
      } else if (t.outputs().size() == 1 && outputs == 1) {
        loss = t.outputs().get(0).loss();
        taken.add("loss " + loss);
      } else {
        terms = new ArrayList<>();
        for (TrainingSpec.OutputLoss o : t.outputs()) {
          terms.add(o.output() + "=" + o.loss() + ":" + o.target() + ":" + o.weight());
        }
        taken.add("loss terms for " + t.outputs().size() + " outputs");
      }
    }
    if (t.optimizer().isPresent()) {
      if (given.hasMatchedOption("--optimizer")) {
        overridden.add("optimizer " + t.optimizer().get() + " (by --optimizer " + optimizer + ")");
      } else {
        optimizer = t.optimizer().get();
        taken.add("optimizer " + optimizer);
        t.momentum().ifPresent(m -> momentum = given.hasMatchedOption("--momentum") ? momentum : m);
        if (t.beta1().isPresent()) {
          betas = new float[] {t.beta1().get(), t.beta2().orElseThrow()};
        }
      }
    }
    take(t.learningRate(), "--lr", "lr", given, v -> lr = v, () -> lr, taken, overridden);
    take(
        t.weightDecay(),
        "--weight-decay",
        "weight decay",
        given,
        v -> weightDecay = v,
        () -> weightDecay,
        taken,
        overridden);
    take(t.epochs(), "--epochs", "epochs", given, epochs::set, epochs::get, taken, overridden);
    take(t.batch(), "--batch", "batch", given, batch::set, batch::get, taken, overridden);
    if (t.schedule().isPresent()) {
      if (given.hasMatchedOption("--schedule") || adaptive) {
        overridden.add(
            "schedule "
                + t.schedule().get()
                + " (by "
                + (adaptive ? "--adaptive-lr" : "--schedule " + schedule)
                + ")");
      } else {
        schedule = t.schedule().get();
        taken.add("schedule " + schedule);
      }
    }
    List<String> lines = new ArrayList<>();
    if (!taken.isEmpty()) {
      lines.add("from the graph file's training section: " + String.join(", ", taken));
    }
    if (!overridden.isEmpty()) {
      lines.add(
          "overridden on the command line (the graph file's value first): "
              + String.join(", ", overridden));
    }
    return lines;
  }

  private static <T> void take(
      Optional<T> declared,
      String option,
      String name,
      ParseResult given,
      Consumer<T> set,
      Supplier<Object> current,
      List<String> taken,
      List<String> overridden) {
    if (declared.isEmpty()) {
      return;
    }
    if (given.hasMatchedOption(option)) {
      overridden.add(name + " " + declared.get() + " (by " + option + " " + current.get() + ")");
    } else {
      set.accept(declared.get());
      taken.add(name + " " + declared.get());
    }
  }

  /** Builds the optimizer over the network's parameters. */
  Optimizer optimizer(Network net) {
    return switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "sgd" ->
          new SGD(net.parameters().values(), lr)
              .momentum(momentum == null ? 0f : momentum)
              .weightDecay(weightDecay);
      case "adam" ->
          (betas == null
                  ? new Adam(net.parameters().values(), lr)
                  : new Adam(net.parameters().values(), lr, betas[0], betas[1], ADAM_EPS))
              .weightDecay(weightDecay);
      default ->
          betas == null
              ? new AdamW(net.parameters().values(), lr, weightDecay)
              : new AdamW(net.parameters().values(), lr, betas[0], betas[1], ADAM_EPS, weightDecay);
    };
  }

  /** Adds the learning-rate schedule, if any, to the trainer. */
  void schedule(TrainerBuilder builder, Optimizer opt) {
    if (adaptive) {
      builder.schedule(new AdaptiveDecay(opt), Metric.TRAIN_ERROR_RATE);
    } else if (!"none".equals(effectiveSchedule())) {
      String[] p = effectiveSchedule().split(":", -1);
      int n = Integer.parseInt(p[1]);
      double factor = Double.parseDouble(p[2]);
      if ("step".equals(p[0])) {
        builder.schedule(new StepLR(opt, n, factor), Metric.TRAIN_LOSS);
      } else {
        builder.schedule(new ReduceLROnPlateau(opt).patience(n).factor(factor), Metric.TRAIN_LOSS);
      }
    }
  }

  /** Returns the schedule for the training line, e.g. {@code , schedule step:250:0.5}. */
  String scheduleDescription(Optimizer opt) {
    if (adaptive) {
      return ", schedule " + new AdaptiveDecay(opt);
    }
    return "none".equals(effectiveSchedule()) ? "" : ", schedule " + effectiveSchedule();
  }

  private String effectiveSchedule() {
    return schedule != null ? schedule : adaptive ? "none" : DEFAULT_SCHEDULE;
  }
}
