package dev.tributary.examples.experiments;

import dev.tributary.examples.cli.EpochsOption;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.BCEWithLogitsLoss;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Decision;
import dev.tributary.graph.train.Summary;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Experiment 6, what report 003 could not do: a siamese network with auxiliary losses. Two inputs
 * {@code p1}, {@code p2} (points in {@code [0, 1]²}) go through one trunk with shared weights
 * ({@link dev.tributary.graph.op.Linear#sharing}); auxiliary heads {@code d1}, {@code d2} (shared
 * too) regress each point's distance to the disc's centre with MSE; a {@code Concat} of the two
 * trunk outputs feeds the head {@code closer}, trained with {@code BCEWithLogitsLoss} to say
 * whether p1 is closer to the centre than p2. Test accuracy of {@code closer} with and without the
 * auxiliary losses, mean ± std over seeded rounds (1000 test pairs; 1000 training pairs unless
 * {@code --pairs} says otherwise).
 *
 * <p>Run: {@code ./tributary siamese [--rounds 10] [--pairs 1000] [--epochs 100] [--aux-weight 1]
 * [--seed 101]}.
 */
@Command(
    name = "siamese",
    mixinStandardHelpOptions = true,
    description =
        "Siamese network with shared weights: is p1 closer to the disc centre than p2? Test"
            + " accuracy with and without auxiliary distance losses.")
public final class SiameseAuxiliaryExperiment implements Callable<Integer> {
  /** The trunk's width. */
  public static final int WIDTH = 16;

  @Option(
      names = "--rounds",
      defaultValue = "10",
      description = "Rounds (default ${DEFAULT-VALUE}).")
  int rounds;

  @Mixin EpochsOption epochsOption = new EpochsOption(100);

  @Option(
      names = "--aux-weight",
      defaultValue = "1",
      description = "Weight of each auxiliary loss (default ${DEFAULT-VALUE}).")
  float auxWeight;

  @Mixin HeldOutSeedOption seedOption = new HeldOutSeedOption();

  @Option(
      names = "--pairs",
      defaultValue = "1000",
      description = "Training pairs per round (default ${DEFAULT-VALUE}).")
  int pairs;

  /**
   * Test accuracy with and without the auxiliary losses.
   *
   * @param withAux with the auxiliary losses
   * @param withoutAux with the main loss only
   */
  public record Result(Summary withAux, Summary withoutAux) {}

  /** Trains one network and returns its test accuracy on "p1 is closer". */
  public static double accuracy(long seed, int pairs, int epochs, float auxWeight, boolean aux) {
    Dataset train = SyntheticData.siamesePairs(pairs, 1000 + seed);
    Dataset test = SyntheticData.siamesePairs(1000, 2000 + seed);
    Network net = Nets.siamese(seed, WIDTH);
    LossTerm main = LossTerm.of("closer", new BCEWithLogitsLoss(), "closer");
    MultiLoss loss =
        aux
            ? MultiLoss.of(
                main,
                LossTerm.of("d1", new MSELoss(), "d1", auxWeight),
                LossTerm.of("d2", new MSELoss(), "d2", auxWeight))
            : MultiLoss.of(main);
    Trainer trainer =
        Trainer.builder(net, loss, new Adam(net.parameters().values(), 3e-3f))
            .epochs(epochs)
            .batchSize(50)
            .seed(seed)
            .classify("closer", "closer", Decision.LOGIT)
            .build();
    trainer.fit(train);
    return trainer.evaluate(test).accuracy();
  }

  /** Runs {@code rounds} rounds of both variants and prints the table. */
  public static Result run(
      int rounds, int pairs, int epochs, float auxWeight, long seed, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "siamese: shared trunk 2-%d-%d (ReLU), Concat head, BCEWithLogits + %s x MSE distance"
            + " heads, Adam lr 0.003, batch 50, %d epochs, %d rounds (seeds %d..%d), %d training"
            + " / 1000 test pairs, raw [0, 1] inputs%n",
        WIDTH,
        WIDTH,
        auxWeight,
        epochs,
        rounds,
        seed,
        seed + rounds - 1,
        pairs);
    double[] with = new double[rounds];
    double[] without = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      with[r] = accuracy(seed + r, pairs, epochs, auxWeight, true);
      without[r] = accuracy(seed + r, pairs, epochs, auxWeight, false);
    }
    Result result = new Result(Summary.of(with), Summary.of(without));
    out.printf(Locale.ROOT, "%-26s %18s%n", "variant", "test accuracy");
    out.printf(Locale.ROOT, "%-26s %18s%n", "with auxiliary losses", result.withAux().percent());
    out.printf(
        Locale.ROOT, "%-26s %18s%n", "without auxiliary losses", result.withoutAux().percent());
    return result;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    long seed = seedOption.get();
    int epochs = epochsOption.checked(spec);
    Experiments.requireAtLeastOne(spec, "--rounds", rounds);
    run(rounds, pairs, epochs, auxWeight, seed, System.out);
    return 0;
  }
}
