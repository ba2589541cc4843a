package dev.tributary.examples.cli;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.AdamW;
import dev.tributary.graph.optim.AdaptiveDecay;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.train.Evaluation;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.Trainer;
import dev.tributary.graph.train.TrainerBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary run GRAPH.json}: trains a graph file and writes the model, the history, the
 * curves, the prediction map and the graph picture into the output folder.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the network of a graph file on generated or CSV data.",
      "Writes model.safetensors, history.csv, loss.png, error.png, prediction-map.png (2-D"
          + " inputs), graph.dot (and graph.svg with Graphviz) into --out."
    })
public final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "GRAPH.json", description = "The graph file to train.")
  Path graph;

  @Mixin DataSource data;

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
      names = "--optimizer",
      defaultValue = "adam",
      description = "sgd, adam or adamw (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--lr",
      defaultValue = "0.01",
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--momentum", defaultValue = "0", description = "SGD momentum (default: 0).")
  float momentum;

  @Option(names = "--weight-decay", defaultValue = "0", description = "Weight decay (default: 0).")
  float weightDecay;

  @Option(
      names = "--adaptive-lr",
      description =
          "Report 000's rule: ×0.999 when the training error rises, ×0.998 more if twice.")
  boolean adaptive;

  @Option(
      names = "--epochs",
      defaultValue = "300",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch",
      defaultValue = "50",
      description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of weights, data and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder (default: runs/<graph name>).")
  Path out;

  @Option(names = "--no-plots", description = "Skip the PNG pictures.")
  boolean noPlots;

  @Override
  public Integer call() throws IOException {
    PrintStream stdout = System.out;
    GraphSpec spec = GraphSpec.read(graph);
    Network net = spec.build(seed);
    DataSource.Split split = data.load(seed);
    Path dir = out != null ? out : Path.of("runs", baseName(graph));
    Files.createDirectories(dir);

    stdout.println(net.describe());
    stdout.println("data: " + split.description);

    Optimizer opt = optimizer(net);
    TrainerBuilder builder;
    String classified;
    if (net.outputs().size() == 1 && (terms == null || terms.isEmpty())) {
      LossChoice choice = LossChoice.parse(loss);
      builder = Trainer.builder(net, choice.create(), opt).decision(choice.decision);
      classified = net.outputs().get(0);
    } else {
      List<ParsedTerm> parsed = terms(net);
      List<LossTerm> lossTerms = new ArrayList<>();
      for (ParsedTerm t : parsed) {
        lossTerms.add(LossTerm.of(t.output, t.loss.create(), t.target, t.weight));
      }
      ParsedTerm main = parsed.get(0);
      builder =
          Trainer.builder(net, MultiLoss.of(lossTerms), opt)
              .classify(main.output, main.target, main.loss.decision);
      classified = main.output;
    }
    Progress progress = new Progress(stdout, System.console() != null);
    builder.epochs(epochs).batchSize(batch).seed(seed).listener(progress);
    if (adaptive) {
      builder.schedule(new AdaptiveDecay(opt), Metric.TRAIN_ERROR_RATE);
    }
    Trainer trainer = builder.build();
    stdout.printf(
        "training: %s, %s, %d epochs of batch %d, seed %d%n", opt, loss, epochs, batch, seed);
    History history;
    try {
      history = trainer.fit(split.train, split.test);
    } finally {
      progress.close();
    }
    Evaluation train = trainer.evaluate(split.train);
    Evaluation test = trainer.evaluate(split.test);
    stdout.printf(
        "%nfinal (%s): train loss %.5f, accuracy %.2f%% | test loss %.5f, accuracy %.2f%%"
            + " (%d of %d wrong) | %.3f ms per epoch (median; mean %.3f with JIT warm-up)%n",
        classified,
        train.loss(),
        100 * train.accuracy(),
        test.loss(),
        100 * test.accuracy(),
        test.errors(),
        test.decisions(),
        medianTrainMillis(history),
        history.meanTrainMillis());
    test.confusion()
        .ifPresent(
            c ->
                stdout.printf(
                    "test confusion: TP %d  TN %d  FP %d  FN %d | precision %.4f  recall %.4f"
                        + "  F1 %.4f%n",
                    c.truePositives(),
                    c.trueNegatives(),
                    c.falsePositives(),
                    c.falseNegatives(),
                    c.precision(),
                    c.recall(),
                    c.f1()));

    List<Path> written = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("tributary.train.data", split.description);
    facts.put("tributary.train.optimizer", opt.toString());
    facts.put(
        "tributary.train.loss",
        terms == null || terms.isEmpty()
            ? loss
            : String.join(" ", terms(net).stream().map(Object::toString).toList()));
    facts.put("tributary.train.epochs", Integer.toString(history.size()));
    facts.put("tributary.train.batch", Integer.toString(batch));
    facts.put("tributary.test.accuracy", String.format(Locale.ROOT, "%.6f", test.accuracy()));
    facts.put("tributary.test.loss", String.format(Locale.ROOT, "%.6f", test.loss()));
    Path model = dir.resolve("model.safetensors");
    ModelFile.save(net, model, facts);
    written.add(model);
    Path csv = dir.resolve("history.csv");
    history.writeCsv(csv);
    written.add(csv);
    written.addAll(Pictures.write(dir, net, history, split, classified, noPlots));
    stdout.println("wrote:");
    for (Path p : written) {
      stdout.println("  " + p);
    }
    return 0;
  }

  private Optimizer optimizer(Network net) {
    switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "sgd":
        return new SGD(net.parameters().values(), lr).momentum(momentum).weightDecay(weightDecay);
      case "adam":
        return new Adam(net.parameters().values(), lr).weightDecay(weightDecay);
      case "adamw":
        return new AdamW(net.parameters().values(), lr, weightDecay);
      default:
        throw new IllegalArgumentException(
            "unknown optimizer '" + optimizer + "'; use sgd, adam or adamw");
    }
  }

  /** One {@code --term}: an output, its loss, its target and its weight. */
  static final class ParsedTerm {
    final String output;
    final LossChoice loss;
    final String target;
    final float weight;

    ParsedTerm(String output, LossChoice loss, String target, float weight) {
      this.output = output;
      this.loss = loss;
      this.target = target;
      this.weight = weight;
    }

    static ParsedTerm parse(String text) {
      int eq = text.indexOf('=');
      String[] rest = eq < 0 ? new String[0] : text.substring(eq + 1).split(":");
      if (eq <= 0 || rest.length < 2 || rest.length > 3) {
        throw new IllegalArgumentException(
            "--term " + text + ": expected OUTPUT=LOSS:TARGET[:WEIGHT], e.g. out=mse:y");
      }
      float weight = 1f;
      if (rest.length == 3) {
        try {
          weight = Float.parseFloat(rest[2]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "--term " + text + ": weight '" + rest[2] + "' is not a number", e);
        }
      }
      return new ParsedTerm(text.substring(0, eq), LossChoice.parse(rest[0]), rest[1], weight);
    }

    @Override
    public String toString() {
      return output + "=" + loss.optionName() + ":" + target + ":" + weight;
    }
  }

  private List<ParsedTerm> terms(Network net) {
    List<ParsedTerm> parsed = new ArrayList<>();
    if (terms != null && !terms.isEmpty()) {
      for (String t : terms) {
        parsed.add(ParsedTerm.parse(t));
      }
      return parsed;
    }
    if ("siamese".equals(data.generator())
        && net.outputs().containsAll(List.of("out", "aux1", "aux2"))) {
      parsed.add(new ParsedTerm("out", LossChoice.BCE_LOGITS, "closer", 1f));
      parsed.add(new ParsedTerm("aux1", LossChoice.MSE, "d1", 0.5f));
      parsed.add(new ParsedTerm("aux2", LossChoice.MSE, "d2", 0.5f));
      return parsed;
    }
    throw new IllegalArgumentException(
        "the network has outputs "
            + net.outputs()
            + "; give one --term OUTPUT=LOSS:TARGET[:WEIGHT] per trained output");
  }

  private static double medianTrainMillis(History history) {
    double[] ms = history.epochs().stream().mapToDouble(e -> e.trainMillis()).sorted().toArray();
    return ms.length == 0 ? 0 : ms[ms.length / 2];
  }

  static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
