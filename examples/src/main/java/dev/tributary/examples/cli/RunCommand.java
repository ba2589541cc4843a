package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.DataMetadata;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.io.ParameterLoad;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Evaluation;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.Trainer;
import dev.tributary.graph.train.TrainerBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary run GRAPH.json}: trains a graph file and writes the model, the history, the
 * curves, the prediction map and the graph picture into the output folder. Option values are
 * checked before anything is loaded ({@link RunOptions#problem}); the output folder is created only
 * once training has succeeded.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the network of a graph file on generated or CSV data.",
      "Writes model.safetensors, history.csv, loss.png, error.png and prediction-map.png"
          + " (classification), predicted-vs-true.png (regression), graph.dot (and graph.svg"
          + " with Graphviz) into --out."
    })
public final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "GRAPH.json", description = "The graph file to train.")
  Path graph;

  @Mixin DataSource data;

  @Mixin RunOptions options;

  @Spec CommandSpec spec;

  /** The validation share of the training rows when early stopping is on. */
  static final double VALIDATION_FRACTION = 0.1;

  @Override
  public Integer call() throws IOException {
    options.check(spec, graph, data);
    PrintStream stdout = System.out;
    if (Files.isDirectory(graph)) {
      throw new IllegalArgumentException(
          graph + " is a folder; give a graph file, e.g. examples/graphs/converging.json");
    }
    Path dir = options.out != null ? options.out : Path.of("runs", baseName(graph));
    GraphSpec graphSpec = GraphSpec.read(graph);
    Network net = graphSpec.build(options.seedOption.get());
    List<String> trainingLines =
        graphSpec.training().isPresent()
            ? options.applyTraining(
                graphSpec.training().get(),
                spec.commandLine().getParseResult(),
                net.outputs().size())
            : List.of();
    if (options.initFrom != null) {
      ParameterLoad load = ModelFile.loadParametersInto(net, options.initFrom);
      if (load.matched().isEmpty()) {
        throw new IllegalArgumentException(
            "--init-from "
                + options.initFrom
                + ": no parameter matched by name and shape; "
                + load);
      }
      stdout.println("init from " + options.initFrom + ": " + load);
    }
    Objective objective = Objective.of(net, options.loss, options.terms, data.generator());
    Task.Choice[] task = new Task.Choice[1];
    DataSource.Split split =
        data.load(
            options.seedOption.get(),
            all -> {
              validate(all, net, objective, "--data " + data.data);
              task[0] = chooseTask(objective, all);
              return task[0].task == Task.CLASSIFY;
            });
    if (task[0] == null) {
      validate(split.train, net, objective, "--data " + data.data);
      validate(split.test, net, objective, data.testData != null ? "--test-data" : "--data");
      task[0] = chooseTask(objective, split.train);
    }
    DataMetadata meta = metadata(net, split, task[0].task);
    if (meta != null && meta.standardized()) {
      split =
          new DataSource.Split(
              Splits.withFeatures(split.train, meta.standardize(features(split.train))),
              Splits.withFeatures(split.test, meta.standardize(features(split.test))),
              split.description);
    }

    if (meta != null
        && task[0].task == Task.REGRESS
        && !Boolean.FALSE.equals(options.standardize)
        && objective.single()) {
      float[][] fit = DataMetadata.fit(mainTarget(split.train, objective));
      meta = meta.withTargetScaling(fit[0], fit[1]);
      split =
          new DataSource.Split(
              TargetScale.scaled(split.train, meta),
              TargetScale.scaled(split.test, meta),
              split.description);
    }

    stdout.println(net.describe());
    stdout.println("data: " + split.description);
    stdout.println("task: " + task[0]);
    if (meta != null && meta.standardized()) {
      stdout.println("features standardized with the training rows' means and deviations");
    }
    if (meta != null && meta.targetsStandardized()) {
      stdout.println(
          "targets standardized with the training rows' mean and deviation for training; RMSE,"
              + " MAE, R² and predictions are in the targets' original units");
    }
    Dataset train = split.train;
    Dataset monitored = split.test;
    String monitoredName = "test";
    if (options.patience > 0) {
      int[] classes =
          task[0].task == Task.CLASSIFY ? Splits.classKeys(mainTarget(train, objective)) : null;
      int[][] rows =
          Splits.split(
              train.size(),
              VALIDATION_FRACTION,
              Splits.Order.SHUFFLED,
              classes,
              options.seedOption.get() + 1);
      monitored = Splits.rows(train, rows[1]);
      train = Splits.rows(train, rows[0]);
      monitoredName = "validation";
      stdout.printf(
          "early stopping: patience %d epochs on the loss of a validation set (%d of the training"
              + " rows, held out from training); the best epoch's weights are restored%n",
          options.patience, rows[1].length);
    }

    trainingLines.forEach(stdout::println);
    Optimizer opt = options.optimizer(net);
    Progress progress = new Progress(stdout, Progress.onTerminal(), monitoredName);
    TrainerBuilder builder =
        objective
            .trainer(net, opt)
            .epochs(options.epochs.get())
            .batchSize(options.batch.get())
            .seed(options.seedOption.get())
            .listener(progress)
            .earlyStopping(options.patience);
    options.schedule(builder, opt);
    Trainer trainer = builder.build();
    stdout.printf(
        "training: %s, loss %s, %d epochs of batch %d, seed %d%s%n",
        opt,
        objective,
        options.epochs.get(),
        options.batch.get(),
        options.seedOption.get(),
        options.scheduleDescription(opt));
    History history;
    try {
      history = trainer.fit(train, monitored);
    } finally {
      progress.close();
    }
    if (history.bestEpoch() > 0) {
      stdout.printf(
          "early stopping: %s after epoch %d; %s%n",
          history.stoppedEarly() ? "stopped" : "ran every epoch",
          history.size(),
          history.restoredBestEpoch()
              ? "restored the weights of epoch " + history.bestEpoch() + " (best validation loss)"
              : "the last epoch was the best");
    }
    Evaluation trainEval = trainer.evaluate(split.train);
    Evaluation testEval = trainer.evaluate(split.test);
    if (meta != null && meta.targetsStandardized()) {
      String output = objective.main.output;
      trainEval = TargetScale.inOriginalUnits(trainEval, net, split.train, output, meta);
      testEval = TargetScale.inOriginalUnits(testEval, net, split.test, output, meta);
    }
    RunReport report = new RunReport(stdout, objective, task[0].task);
    report.print(trainEval, testEval, history);

    List<Path> written = new ArrayList<>();
    Files.createDirectories(dir);
    Path model = dir.resolve("model.safetensors");
    Map<String, String> facts =
        report.facts(split.description, opt, history, options.batch.get(), testEval, meta);
    facts.put(PredictCommand.DECISION, trainer.decision().name());
    if (split.pairs != null) {
      facts.putAll(PairPredict.metadata(split.pairs));
    }
    ModelFile.save(net, model, facts);
    written.add(model);
    Path csv = dir.resolve("history.csv");
    history.writeCsv(csv);
    written.add(csv);
    Pictures pictures = new Pictures(dir, options.noPlots, stdout);
    written.addAll(
        pictures.write(
            net, history, split, objective.main.output, trainer, task[0].task, testEval, meta));
    stdout.println("wrote:");
    for (Path p : written) {
      stdout.println("  " + p);
    }
    return 0;
  }

  private static Tensor features(Dataset d) {
    return d.features().values().iterator().next();
  }

  private static Tensor mainTarget(Dataset d, Objective objective) {
    return objective.single() ? d.targets(Dataset.TARGETS) : d.targets(objective.main.target);
  }

  private Task.Choice chooseTask(Objective objective, Dataset all) {
    if (options.task != null && !"auto".equalsIgnoreCase(options.task)) {
      Task t = Task.valueOf(options.task.toUpperCase(java.util.Locale.ROOT));
      return new Task.Choice(t, "--task " + t.optionName());
    }
    return Task.infer(objective.main.loss, mainTarget(all, objective));
  }

  /** Checks the data against the network and the loss before training, naming the option. */
  private void validate(Dataset d, Network net, Objective objective, String source) {
    if (net.inputs().size() == 1 && d.features().size() == 1) {
      String input = net.inputs().get(0);
      Tensor x = features(d);
      int width = x.size() / Math.max(1, x.dim(0));
      if (width != net.width(input)) {
        throw new IllegalArgumentException(
            data.featureColumns() != null
                ? String.format(
                    "--features names %d columns %s but the network's input `%s` takes %d;"
                        + " name %d columns",
                    width, data.featureColumns(), input, net.width(input), net.width(input))
                : String.format(
                    "--data %s has %d features but the network's input `%s` takes %d; pick"
                        + " another generator or graph",
                    data.data, width, input, net.width(input)));
      }
    }
    for (Objective.ParsedTerm t : objective.terms()) {
      Tensor target = objective.single() ? d.targets(Dataset.TARGETS) : d.targets(t.target);
      if (!net.outputs().contains(t.output)) {
        throw new IllegalArgumentException(
            "--term "
                + t
                + ": the network has no output `"
                + t.output
                + "`; its outputs are "
                + net.outputs());
      }
      List<String> columns = objective.single() ? data.targetColumns() : List.of(t.target);
      TargetCheck.check(t.loss, target, columns, net.width(t.output), source);
    }
  }

  /** The data description kept in the model file (one-input networks), with any scaling. */
  private DataMetadata metadata(Network net, DataSource.Split split, Task task) {
    if (split.pairs != null && Boolean.TRUE.equals(options.standardize)) {
      throw new IllegalArgumentException(
          "--standardize: the mnist-pairs images are already normalised with the training pairs'"
              + " mean and std; drop the option");
    }
    if (net.inputs().size() != 1 || split.train.features().size() != 1 || split.pairs != null) {
      if (Boolean.TRUE.equals(options.standardize)) {
        throw new IllegalArgumentException(
            "--standardize scales the one input of a single-input network; this one has inputs "
                + net.inputs());
      }
      return null;
    }
    Tensor x = features(split.train);
    List<String> featureNames =
        data.featureColumns() != null ? data.featureColumns() : numbered("x", x.dim(1));
    Tensor y = split.train.targets().values().iterator().next();
    List<String> targetNames =
        data.targetColumns() != null
            ? data.targetColumns()
            : numbered("y", y.size() / Math.max(1, y.dim(0)));
    boolean scale = !Boolean.FALSE.equals(options.standardize);
    float[][] fit = scale ? DataMetadata.fit(x) : new float[][] {null, null};
    return new DataMetadata(featureNames, targetNames, task.optionName(), fit[0], fit[1]);
  }

  private static List<String> numbered(String prefix, int n) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      names.add(n == 1 ? prefix : prefix + i);
    }
    return names;
  }

  static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
