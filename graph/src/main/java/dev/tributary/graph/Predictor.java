package dev.tributary.graph;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Elementwise;
import dev.tributary.core.Probabilities;
import dev.tributary.core.Reductions;
import dev.tributary.core.Tensor;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe inference over a network: any number of threads may call {@link #predict} at once,
 * and every call returns fresh tensors the caller owns.
 *
 * <p>A {@link Network} is single-threaded: it computes in buffers it reuses. A predictor keeps a
 * private snapshot of the network's parameters, taken by {@link #of}, and a pool of copies of that
 * snapshot. A call takes an idle copy from the pool (or makes a new one when all are busy), runs
 * {@code forward} on it in evaluation mode, copies the outputs and puts the copy back. The pool
 * therefore grows to the largest number of simultaneous calls and no further: with {@code T}
 * threads, at most {@code T} copies of the parameters and activation buffers exist ({@link
 * #copies()}). Each copy keeps the buffers of the batch sizes it has seen, so a steady stream of
 * one batch size allocates only the returned tensors.
 *
 * <p>Snapshot semantics: training the original network after {@code of} does not change what the
 * predictor computes; make a new predictor to serve new weights. New copies are made from the
 * private snapshot under a lock, so the predictor does not rely on {@link Network#copy()} being
 * safe to call from several threads.
 *
 * <p>Scaling: a predictor may carry the standardization its model was trained with ({@link
 * Scaling}; {@code ModelFile.loadPredictor} reads it from the model file). {@link
 * #predict(Tensor)}, {@link #probabilities(Tensor)} and {@link #classes(Tensor)} then take features
 * in their original units and return outputs in the targets' original units, the numbers {@code
 * tributary predict} prints; {@link #predictRaw(Tensor)} is the network alone, inputs and outputs
 * in the units the network was trained in. Without a scaling (as from {@link #of(Network)}) both
 * are the same.
 *
 * <pre>{@code
 * Predictor predictor = ModelFile.loadPredictor(Path.of("model.safetensors"));
 * Tensor p = predictor.predict(x);            // from any thread; original units
 * Tensor raw = predictor.predictRaw(x2);      // the network's own output for scaled x2
 * int[] cls = predictor.classes(x);           // argmax, or p ≥ 0.5 for one column
 * }</pre>
 */
public final class Predictor {
  /** A one-column classifier predicts class 1 at or above this probability. */
  public static final float BINARY_THRESHOLD = 0.5f;

  private final Network snapshot;
  private final ImmutableList<String> inputs;
  private final ImmutableList<String> outputs;
  private final ImmutableMap<String, Boolean> outputsAreProbabilities;
  private final Scaling scaling;
  private final ConcurrentLinkedDeque<Network> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger copies = new AtomicInteger();

  private Predictor(Network snapshot, Scaling scaling) {
    this.snapshot = snapshot;
    this.scaling = scaling;
    this.inputs = ImmutableList.copyOf(snapshot.inputs());
    this.outputs = ImmutableList.copyOf(snapshot.outputs());
    ImmutableMap.Builder<String, Boolean> probabilities = ImmutableMap.builder();
    for (String out : outputs) {
      String type = snapshot.operators().get(out).type();
      probabilities.put(out, type.equals("Sigmoid") || type.equals("Softmax"));
    }
    this.outputsAreProbabilities = probabilities.buildOrThrow();
  }

  /**
   * Returns a predictor over a snapshot of {@code network}'s current parameters. Call it from the
   * thread that owns the network, while nothing else uses it (it reads every parameter once).
   *
   * @throws IllegalArgumentException if {@code network} is null
   */
  public static Predictor of(Network network) {
    if (network == null) {
      throw new IllegalArgumentException("Predictor.of: network is null; pass a built Network");
    }
    return new Predictor(network.copy(), Scaling.NONE);
  }

  /**
   * Returns a predictor over a snapshot of {@code network}'s current parameters that applies {@code
   * scaling} around the network: features standardized in, outputs mapped back to the targets'
   * units (see the class comment).
   *
   * @throws IllegalArgumentException if an argument is null, or {@code scaling} scales something
   *     and the network does not have exactly one input and one output
   */
  public static Predictor of(Network network, Scaling scaling) {
    if (network == null || scaling == null) {
      throw new IllegalArgumentException(
          "Predictor.of: network and scaling must not be null; pass Scaling.NONE for none");
    }
    if ((scaling.scalesFeatures() || scaling.scalesTargets())
        && (network.inputs().size() != 1 || network.outputs().size() != 1)) {
      throw new IllegalArgumentException(
          String.format(
              "Predictor.of: a scaling applies to a network with one input and one output; this"
                  + " one has inputs %s and outputs %s",
              network.inputs(), network.outputs()));
    }
    return new Predictor(network.copy(), scaling);
  }

  /** Returns the scaling applied by {@link #predict(Tensor)} ({@link Scaling#NONE} if none). */
  public Scaling scaling() {
    return scaling;
  }

  /** Returns the network's input names, in schedule order. */
  public ImmutableList<String> inputs() {
    return inputs;
  }

  /** Returns the network's output names, in schedule order. */
  public ImmutableList<String> outputs() {
    return outputs;
  }

  /** Returns how many network copies the pool holds: the peak number of simultaneous calls. */
  public int copies() {
    return copies.get();
  }

  /**
   * Predicts for a network with one input and one output, in original units: the features are
   * standardized and the outputs mapped back to the targets' units when the predictor has a {@link
   * #scaling()}; otherwise the same as {@link #predictRaw}.
   *
   * @param x a batch-first tensor, {@code [batch, features]}, in the features' original units
   * @return a new tensor, {@code [batch, output features]}, owned by the caller
   * @throws IllegalStateException if the network has several inputs or outputs
   * @throws IllegalArgumentException if {@code x} is null or its shape does not fit the input
   */
  public Tensor predict(Tensor x) {
    checkSingle(x);
    return scaling.outputs(predictRaw(scaling.features(x)));
  }

  /**
   * Returns the network's own output for a network with one input and one output, without any
   * {@link #scaling()}: {@code x} in the units the network was trained on (standardized features,
   * when the model standardized them) and the output as the network computes it (logits, or
   * standardized targets).
   *
   * @param x a batch-first tensor, {@code [batch, features]}
   * @return a new tensor, {@code [batch, output features]}, owned by the caller
   * @throws IllegalStateException if the network has several inputs or outputs
   * @throws IllegalArgumentException if {@code x} is null or its shape does not fit the input
   */
  public Tensor predictRaw(Tensor x) {
    checkSingle(x);
    Network net = acquire();
    try {
      return net.forward(x).copy();
    } finally {
      idle.push(net);
    }
  }

  private void checkSingle(Tensor x) {
    if (inputs.size() != 1 || outputs.size() != 1) {
      throw new IllegalStateException(
          String.format(
              "this network has inputs %s and outputs %s; use predict(Map) with one tensor per"
                  + " input",
              inputs, outputs));
    }
    if (x == null) {
      throw new IllegalArgumentException(
          "predict: x is null; pass a [batch, features] tensor for input `" + inputs.get(0) + "`");
    }
  }

  /**
   * Predicts for a network with any number of inputs and outputs: the network's own outputs (a
   * {@link #scaling()} applies to one-input, one-output networks through {@link #predict(Tensor)}
   * only).
   *
   * @param inputs one batch-first tensor per input node, by name, all of one batch size
   * @return every output node's prediction, by name in schedule order: new tensors owned by the
   *     caller
   * @throws IllegalArgumentException if an input is missing, unknown, null or of the wrong shape
   */
  public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
    Network net = acquire();
    try {
      Map<String, Tensor> live = net.forward(inputs);
      ImmutableMap.Builder<String, Tensor> result = ImmutableMap.builder();
      for (String out : outputs) {
        result.put(out, live.get(out).copy());
      }
      return result.buildOrThrow();
    } finally {
      idle.push(net);
    }
  }

  /**
   * Returns class probabilities for a one-input, one-output classifier. An output node that is a
   * {@code Sigmoid} or {@code Softmax} already gives probabilities and is returned as is; any other
   * output is taken as logits: {@code σ(z)} for one column, {@code softmax(z)} over the columns for
   * several.
   *
   * @throws IllegalStateException if the network has several inputs or outputs
   * @throws IllegalArgumentException if {@code x} does not fit the input
   */
  public Tensor probabilities(Tensor x) {
    return toProbabilities(outputs.get(0), predict(x));
  }

  /**
   * Returns the class probabilities of one output of a multi-input or multi-output classifier; see
   * {@link #probabilities(Tensor)}.
   *
   * @throws IllegalArgumentException if {@code output} is not an output, or the inputs do not fit
   */
  public Tensor probabilities(Map<String, Tensor> inputs, String output) {
    checkOutput(output);
    return toProbabilities(output, predict(inputs).get(output));
  }

  /**
   * Returns the predicted class of every row for a one-input, one-output classifier: the index of
   * the largest output for several columns, and for one column {@code 1} when the probability is at
   * least 0.5 (the logit at least 0), else {@code 0}.
   *
   * @throws IllegalStateException if the network has several inputs or outputs
   * @throws IllegalArgumentException if {@code x} does not fit the input
   */
  public int[] classes(Tensor x) {
    return toClasses(probabilities(x));
  }

  /**
   * Returns the predicted class of every row for one output of a multi-input or multi-output
   * classifier; see {@link #classes(Tensor)}.
   *
   * @throws IllegalArgumentException if {@code output} is not an output, or the inputs do not fit
   */
  public int[] classes(Map<String, Tensor> inputs, String output) {
    return toClasses(probabilities(inputs, output));
  }

  private Tensor toProbabilities(String output, Tensor y) {
    if (outputsAreProbabilities.get(output)) {
      return y;
    }
    return y.dim(1) == 1 ? Elementwise.sigmoid(y, y) : Probabilities.softmaxRows(y, y);
  }

  private static int[] toClasses(Tensor p) {
    int[] classes = new int[p.dim(0)];
    return p.dim(1) > 1
        ? Reductions.argmaxRows(p, classes)
        : Probabilities.atLeast(p, BINARY_THRESHOLD, classes);
  }

  private void checkOutput(String output) {
    if (!outputs.contains(output)) {
      throw new IllegalArgumentException(
          "`" + output + "` is not an output of this network; the outputs are " + outputs);
    }
  }

  /** Takes an idle copy, or makes one when every copy is busy. */
  private Network acquire() {
    Network net = idle.poll();
    return net != null ? net : newCopy();
  }

  private Network newCopy() {
    Network copy;
    synchronized (snapshot) {
      copy = snapshot.copy();
    }
    copies.incrementAndGet();
    return forEvaluation(copy);
  }

  /** Puts a fresh copy in evaluation mode (dropout off, batch norm on running statistics). */
  private static Network forEvaluation(Network copy) {
    copy.setTraining(false);
    return copy;
  }
}
