package dev.tributary.examples.experiments;

import dev.tributary.core.Init;
import dev.tributary.examples.experiments.Nets.Activation;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.AdamW;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.optim.StepLR;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.Summary;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import dev.tributary.graph.train.TrainerBuilder;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Experiment 3, report 002's table: the 2-25-25-25-1 network with ReLU, Sigmoid or Tanh hidden
 * layers and a sigmoid output, trained with MSE by SGD or Adam; test accuracy mean ± std over 10
 * seeded rounds (1000 training and 1000 test disc points per round, inputs mapped to {@code [−1,
 * 1]}). The report's tuning left three cells near 49%; the hyperparameters here (printed with the
 * table) reach ≥ 98% everywhere. Every cell decays its rate by ×0.3 every 500 epochs (the final
 * epochs at a low rate settle the boundary). The sigmoid cells use He-uniform initialisation: with
 * Xavier's smaller weights, three sigmoid layers start on a plateau (constant output 0.5, loss
 * 0.25) that plain SGD does not leave within 2000 epochs — the report's 49%. The tanh cells use
 * weight decay (SGD's L2 term, AdamW's decoupled decay): small weights keep the tanh units from
 * saturating and the boundary smoother between the training points (≈ +0.2 points). ReLU (Adam)
 * trains on the full batch; no setting tried lifts the ReLU cells much above 99%.
 *
 * <p>Run (the command {@code report002} is an alias): {@code ./tributary activation-optimizer
 * [--rounds 10] [--epochs-scale 1.0] [--seed 101]}.
 */
@Command(
    name = "activation-optimizer",
    aliases = "report002",
    mixinStandardHelpOptions = true,
    description =
        "Report 002: ReLU/Sigmoid/Tanh hidden x SGD/Adam, sigmoid output, MSE; test accuracy mean"
            + " ± std over seeded rounds.")
public final class ActivationOptimizerExperiment implements Callable<Integer> {
  @Option(
      names = "--rounds",
      defaultValue = "10",
      description = "Rounds per cell (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--epochs-scale",
      defaultValue = "1.0",
      description = "Multiply every cell's epochs (e.g. 0.25 for a quick look).")
  double epochsScale;

  @Mixin HeldOutSeedOption seedOption = new HeldOutSeedOption();

  @Option(
      names = "--only",
      description = "Run only the cells whose label contains this, e.g. Tanh.")
  String only;

  /** The tuned setting of one cell. */
  public static final class Cell {
    /** The hidden activation. */
    public final Activation activation;

    /** Whether the optimizer is Adam (else SGD). */
    public final boolean adam;

    /** Learning rate. */
    public final float lr;

    /** SGD momentum (0 for none), or Adam's β1. */
    public final float momentumOrBeta1;

    /** Adam's β2 (unused by SGD). */
    public final float beta2;

    /** Mini-batch size. */
    public final int batch;

    /** Epochs. */
    public final int epochs;

    /** The learning rate is multiplied by {@link #gamma} every this many epochs (0: never). */
    public final int stepEvery;

    /** The step decay's factor. */
    public final float gamma;

    /** The weight initialiser. */
    public final Init init;

    /**
     * Weight decay λ (0 for none): SGD's L2 term added to the gradient, or for an Adam cell the
     * decoupled decay of {@link AdamW} (the cell then runs AdamW).
     */
    public final float weightDecay;

    /** Describes a cell. */
    public Cell(
        Activation activation,
        boolean adam,
        float lr,
        float momentumOrBeta1,
        float beta2,
        int batch,
        int epochs,
        int stepEvery,
        float gamma,
        Init init,
        float weightDecay) {
      this.activation = activation;
      this.adam = adam;
      this.lr = lr;
      this.momentumOrBeta1 = momentumOrBeta1;
      this.beta2 = beta2;
      this.batch = batch;
      this.epochs = epochs;
      this.stepEvery = stepEvery;
      this.gamma = gamma;
      this.init = init;
      this.weightDecay = weightDecay;
    }

    /** Returns e.g. {@code "ReLU (Adam)"}. */
    public String label() {
      return activation.label() + " (" + (adam ? "Adam" : "SGD") + ")";
    }

    Optimizer optimizer(Network net) {
      if (!adam) {
        return new SGD(net.parameters().values(), lr)
            .momentum(momentumOrBeta1)
            .weightDecay(weightDecay);
      }
      return weightDecay == 0
          ? new Adam(net.parameters().values(), lr, momentumOrBeta1, beta2, Adam.DEFAULT_EPS)
          : new AdamW(
              net.parameters().values(), lr, momentumOrBeta1, beta2, Adam.DEFAULT_EPS, weightDecay);
    }

    /** Returns the optimizer settings as printed in the table: every non-default setting. */
    public String settings() {
      String opt =
          adam
              ? String.format(
                  Locale.ROOT,
                  "%slr %s betas (%s, %s)",
                  weightDecay == 0 ? "" : "AdamW ",
                  lr,
                  momentumOrBeta1,
                  beta2)
              : String.format(Locale.ROOT, "lr %s momentum %s", lr, momentumOrBeta1);
      String wd = weightDecay == 0 ? "" : ", weight decay " + plain(weightDecay);
      String decay =
          stepEvery == 0 ? "" : String.format(Locale.ROOT, ", ×%s every %d", gamma, stepEvery);
      String initName =
          switch (init) {
            case XAVIER_UNIFORM -> "";
            case HE_UNIFORM -> ", He init";
            default -> ", " + init + " init";
          };
      return opt + wd + decay + initName;
    }

    private static String plain(float v) {
      return new BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
    }
  }

  /** The tuned cells, in the report's order. */
  public static List<Cell> cells() {
    Init xavier = Init.XAVIER_UNIFORM;
    Init he = Init.HE_UNIFORM;
    return List.of(
        new Cell(Activation.RELU, false, 0.1f, 0.9f, 0, 50, 2000, 500, 0.3f, xavier, 0),
        new Cell(Activation.SIGMOID, false, 0.5f, 0.9f, 0, 50, 2000, 500, 0.3f, he, 0),
        new Cell(Activation.TANH, false, 0.1f, 0.9f, 0, 100, 2000, 500, 0.3f, xavier, 1e-4f),
        new Cell(Activation.RELU, true, 0.01f, 0.9f, 0.999f, 1000, 2000, 500, 0.3f, xavier, 0),
        new Cell(Activation.SIGMOID, true, 0.01f, 0.9f, 0.999f, 50, 2000, 500, 0.3f, he, 0),
        new Cell(Activation.TANH, true, 0.003f, 0.9f, 0.999f, 50, 2000, 500, 0.3f, xavier, 0.03f));
  }

  /** One cell's results. */
  public static final class Result {
    /** The cell. */
    public final Cell cell;

    /** The epochs actually run. */
    public final int epochs;

    /** Test accuracy over the rounds. */
    public final Summary accuracy;

    /** Mean training milliseconds per epoch. */
    public final double msPerEpoch;

    Result(Cell cell, int epochs, Summary accuracy, double msPerEpoch) {
      this.cell = cell;
      this.epochs = epochs;
      this.accuracy = accuracy;
      this.msPerEpoch = msPerEpoch;
    }
  }

  /** Runs one cell for {@code rounds} rounds with seeds {@code seed, seed + 1, …}. */
  public static Result runCell(Cell cell, int epochs, int rounds, long seed) {
    double[] acc = new double[rounds];
    double ms = 0;
    for (int r = 0; r < rounds; r++) {
      long s = seed + r;
      Dataset train = Experiments.centred(SyntheticData.disc(1000, 1000 + s));
      Dataset test = Experiments.centred(SyntheticData.disc(1000, 2000 + s));
      Network net =
          Nets.mlp(s, cell.init, 2, new int[] {25, 25, 25}, cell.activation, 1, Activation.SIGMOID);
      Optimizer opt = cell.optimizer(net);
      TrainerBuilder builder =
          Trainer.builder(net, new MSELoss(), opt).epochs(epochs).batchSize(cell.batch).seed(s);
      if (cell.stepEvery > 0) {
        int every = Math.max(1, (int) Math.round(cell.stepEvery * (double) epochs / cell.epochs));
        builder.schedule(new StepLR(opt, every, cell.gamma), Metric.TRAIN_LOSS);
      }
      Trainer trainer = builder.build();
      History h = trainer.fit(train);
      acc[r] = trainer.evaluate(test).accuracy();
      ms += h.meanTrainMillis() / rounds;
    }
    return new Result(cell, epochs, Summary.of(acc), ms);
  }

  /** Runs every cell (or those whose label contains {@code only}) and prints the table. */
  public static List<Result> run(
      int rounds, double epochsScale, long seed, String only, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "report002: 2-25-25-25-1, sigmoid output, MSE, %d rounds per cell (seeds %d..%d), 1000"
            + " train / 1000 test%n",
        rounds,
        seed,
        seed + rounds - 1);
    int width = "settings".length();
    for (Cell c : cells()) {
      width = Math.max(width, c.settings().length());
    }
    String header = "%-16s %-" + width + "s %6s %7s %18s %9s%n";
    String row = "%-16s %-" + width + "s %6d %7d %18s %9.3f%n";
    out.printf(
        Locale.ROOT, header, "cell", "settings", "batch", "epochs", "test accuracy", "ms/epoch");
    List<Result> results = new ArrayList<>();
    for (Cell c : cells()) {
      if (only != null && !c.label().contains(only)) {
        continue;
      }
      int epochs = Math.max(1, (int) Math.round(c.epochs * epochsScale));
      Result r = runCell(c, epochs, rounds, seed);
      results.add(r);
      out.printf(
          Locale.ROOT,
          row,
          c.label(),
          c.settings(),
          c.batch,
          epochs,
          r.accuracy.percent(),
          r.msPerEpoch);
    }
    return results;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    long seed = seedOption.get();
    Experiments.requireAtLeastOne(spec, "--rounds", rounds);
    run(rounds, epochsScale, seed, only, System.out);
    return 0;
  }
}
