package dev.tributary.examples;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tutorial of docs/tutorial.md: build, train, save, load and predict, embedded in Java. */
public final class Tutorial {
  private Tutorial() {}

  /** What the tutorial reports: the test accuracy, and whether the reloaded model agrees. */
  public record Outcome(double accuracy, boolean reloadedIdentical) {}

  /** Trains the converging network on the disc, saves it, reloads it and predicts. */
  public static Outcome run(Path folder) throws Exception {
    // 1. Declare the operators and who consumes whose output: two branches meeting in a Sum.
    Map<String, Operator> ops = new LinkedHashMap<>();
    ops.put("x", new Input(2));
    ops.put("fc1", new Linear(2, 25));
    ops.put("a1", new ReLU());
    ops.put("fc2", new Linear(2, 25));
    ops.put("a2", new Tanh());
    ops.put("sum", new Sum());
    ops.put("out", new Linear(25, 1));
    ops.put("p", new Sigmoid());
    Map<String, List<String>> next =
        Map.of(
            "x",
            List.of("fc1", "fc2"),
            "fc1",
            List.of("a1"),
            "fc2",
            List.of("a2"),
            "a1",
            List.of("sum"),
            "a2",
            List.of("sum"),
            "sum",
            List.of("out"),
            "out",
            List.of("p"));
    Network net = Network.of(ops, next, 42); // validated, scheduled, initialised from seed 42
    System.out.println(net.describe());

    // 2. Train on the disc problem: 1000 points in [0,1]², label 1 inside radius 1/√(2π).
    Dataset train = SyntheticData.disc(1000, 1);
    Dataset test = SyntheticData.disc(1000, 2);
    Adam adam = new Adam(net.parameters().values(), 0.005f);
    Trainer trainer =
        Trainer.builder(net, new MSELoss(), adam).epochs(150).batchSize(50).seed(7).build();
    trainer.fit(train, test);
    System.out.println("test: " + trainer.evaluate(test));

    // 3. Save to one safetensors file, load it back, and predict new points.
    Path file = folder.resolve("disc.safetensors");
    ModelFile.save(net, file);
    Network loaded = ModelFile.load(file);
    Tensor points = Tensor.ofRows(new float[] {0.5f, 0.5f}, new float[] {0.05f, 0.95f});
    Tensor p = loaded.forward(points); // [2, 1]: inside (≈ 1) and outside (≈ 0)
    System.out.printf("p(centre) = %.3f, p(corner) = %.3f%n", p.get(0, 0), p.get(1, 0));

    boolean identical = p.equals(net.forward(points)); // bitwise the trained network's answer
    return new Outcome(trainer.evaluate(test).accuracy(), identical);
  }

  /** Runs the tutorial in a temporary folder. */
  public static void main(String[] args) throws Exception {
    System.out.println(run(Files.createTempDirectory("tributary")));
  }
}
