package dev.tributary.examples;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.io.ParameterLoad;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Evaluation;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tutorial of docs/tutorial.md: build, train (with early stopping), save, load, predict and
 * fine-tune, embedded in Java.
 */
public final class Tutorial {
  private Tutorial() {}

  /**
   * What the tutorial reports: the test accuracy, whether the reloaded model agrees, and how many
   * parameters fine-tuning took from the file.
   */
  public record Outcome(double accuracy, boolean reloadedIdentical, int fineTunedParameters) {}

  /** The converging network: two branches from x meeting in a Sum, then a sigmoid output. */
  static Network converging(long seed) {
    return Network.builder()
        .add("x", new Input(2))
        .add("fc1", new Linear(2, 25))
        .add("a1", new ReLU())
        .add("fc2", new Linear(2, 25))
        .add("a2", new Tanh())
        .add("sum", new Sum())
        .add("out", new Linear(25, 1))
        .add("p", new Sigmoid())
        .connect("x", "fc1", "fc2")
        .connect("fc1", "a1")
        .connect("fc2", "a2")
        .connect("a1", "sum")
        .connect("a2", "sum")
        .connect("sum", "out")
        .connect("out", "p")
        .build(seed); // validated, scheduled, initialised from the seed
  }

  /** Trains the converging network on the disc, saves it, reloads it, predicts, fine-tunes. */
  public static Outcome run(Path folder) throws Exception {
    // 1. Declare the nodes and who consumes whose output (the builder fills the two maps).
    Network net = converging(42);
    System.out.println(net.describe());

    // 2. Train on the disc problem: 1000 points in [0,1]², label 1 inside radius 1/√(2π).
    //    Early stopping watches a validation set and restores the best epoch's weights.
    Dataset train = SyntheticData.disc(1000, 1);
    Dataset validation = SyntheticData.disc(300, 3);
    Dataset test = SyntheticData.disc(1000, 2);
    Adam adam = new Adam(net.parameters().values(), 0.005f);
    Trainer trainer =
        Trainer.builder(net, new MSELoss(), adam)
            .epochs(150)
            .batchSize(50)
            .seed(7)
            .earlyStopping(20)
            .build();
    History history = trainer.fit(train, validation);
    Evaluation result = trainer.evaluate(test);
    System.out.printf(
        "best epoch %d of %d; test: %s%n", history.bestEpoch(), history.size(), result);

    // 3. Save to one safetensors file, load it back, and predict new points.
    Path file = folder.resolve("disc.safetensors");
    ModelFile.save(net, file);
    Network loaded = ModelFile.load(file);
    Tensor points = Tensor.ofRows(new float[] {0.5f, 0.5f}, new float[] {0.05f, 0.95f});
    Tensor p = loaded.forward(points); // [2, 1]: inside (≈ 1) and outside (≈ 0)
    System.out.printf("p(centre) = %.3f, p(corner) = %.3f%n", p.get(0, 0), p.get(1, 0));
    boolean identical = p.equals(net.forward(points)); // bitwise the trained network's answer

    // 4. Fine-tune: a fresh network takes the file's parameters by name (shapes checked).
    Network fresh = converging(7);
    ParameterLoad load = ModelFile.loadParametersInto(fresh, file);
    System.out.println(load); // loaded 6 parameters by name
    return new Outcome(result.accuracy(), identical, load.matched().size());
  }

  /** Runs the tutorial in a temporary folder. */
  public static void main(String[] args) throws Exception {
    System.out.println(run(Files.createTempDirectory("tributary")));
  }
}
