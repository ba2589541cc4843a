package dev.tributary.graph;

import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Operator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link Network}'s schedules: feeds the inputs, runs every operator forward and, in
 * reverse, backward on the buffers of the batch size, and guards the network against use from two
 * threads at once. {@code Network} holds the wiring and delegates its passes here.
 */
final class Execution {
  private final Topology topology;
  private final ParameterStore store;
  private final RunState state;
  private final BufferCache cache = new BufferCache();
  private final AtomicReference<Thread> user = new AtomicReference<>();
  private boolean[] needsGrad;
  private boolean inputGradients;
  private Buffers last;
  private Thread lastForwardThread;

  Execution(Topology topology, ParameterStore store, RunState state) {
    this.topology = topology;
    this.store = store;
    this.state = state;
    this.needsGrad = computeNeedsGrad();
  }

  void setInputGradients(boolean enabled) {
    if (enabled != inputGradients) {
      inputGradients = enabled;
      needsGrad = computeNeedsGrad();
      cache.clear();
      last = null;
    }
  }

  Tensor inputGradient(String input) {
    if (!inputGradients) {
      throw new IllegalStateException(
          "input gradients are off; call setInputGradients(true) before forward/backward");
    }
    if (!topology.inputs.contains(input)) {
      throw new IllegalArgumentException(
          "`" + input + "` is not an input; the inputs are " + topology.inputs);
    }
    return requireForward("inputGradient").grads[topology.indexOf(input)];
  }

  Tensor value(int i) {
    return requireForward("value").outputs[i];
  }

  Tensor gradient(int i) {
    return requireForward("gradient").grads[i];
  }

  Map<String, Tensor> forward(Map<String, Tensor> inputs) {
    enter("forward");
    try {
      if (inputs == null) {
        throw new IllegalArgumentException("forward: inputs are null; pass one tensor per input");
      }
      String[] names = topology.inputNames;
      boolean namesMatch = inputs.size() == names.length;
      for (String name : names) {
        namesMatch &= inputs.containsKey(name);
      }
      if (!namesMatch) {
        Feeds.checkNames("forward", "input", inputs, topology.inputs);
      }
      int batch = -1;
      for (int k = 0; k < names.length; k++) {
        Tensor t = inputs.get(names[k]);
        Feeds.checkInput(names[k], topology.shapes[topology.inputNodes[k]], t, batch);
        batch = t.dim(0);
      }
      Buffers b = buffersFor(batch);
      for (int k = 0; k < names.length; k++) {
        b.outputs[topology.inputNodes[k]].copyFrom(inputs.get(names[k]));
      }
      run(b);
      return b.outputMap;
    } finally {
      exit();
    }
  }

  Tensor forward(Tensor x) {
    enter("forward");
    try {
      String in = Feeds.single(topology.inputs, "input", "forward(Map)");
      Feeds.single(topology.outputs, "output", "forward(Map)"); // one output, or forward(Map)
      Feeds.checkInput(in, topology.shapes[topology.inputNodes[0]], x, -1);
      Buffers b = buffersFor(x.dim(0));
      b.outputs[topology.inputNodes[0]].copyFrom(x);
      run(b);
      return b.outputs[topology.outputNodes[0]];
    } finally {
      exit();
    }
  }

  private void run(Buffers b) {
    Operator[] ops = topology.ops;
    for (int i = 0; i < ops.length; i++) {
      if (topology.preds[i].length > 0) {
        ops[i].forward(b.contexts[i]);
      }
    }
    last = b;
    lastForwardThread = Thread.currentThread();
  }

  void backward(Map<String, Tensor> gradOutputs) {
    enter("backward");
    try {
      Buffers b = requireForward("backward");
      if (gradOutputs == null) {
        throw new IllegalArgumentException("backward: gradients are null; pass one per output");
      }
      int matched = 0;
      for (int k = 0; k < topology.outputNames.length; k++) {
        String name = topology.outputNames[k];
        Tensor g = gradOutputs.get(name);
        int node = topology.outputNodes[k];
        if (g == null) {
          Elementwise.fill(b.grads[node], 0f);
        } else {
          Feeds.checkGradient(name, g, b.outputs[node]);
          b.grads[node].copyFrom(g);
          matched++;
        }
      }
      if (matched != gradOutputs.size()) {
        Feeds.checkNames("backward", "output", gradOutputs, topology.outputs);
      }
      runBackward(b);
    } finally {
      exit();
    }
  }

  void backward(Tensor gradOutput) {
    enter("backward");
    try {
      Buffers b = requireForward("backward");
      String out = Feeds.single(topology.outputs, "output", "backward(Map)");
      int node = topology.outputNodes[0];
      Feeds.checkGradient(out, gradOutput, b.outputs[node]);
      b.grads[node].copyFrom(gradOutput);
      runBackward(b);
    } finally {
      exit();
    }
  }

  private void runBackward(Buffers b) {
    if (lastForwardThread != Thread.currentThread()) {
      throw new IllegalStateException(
          "backward on thread \""
              + Thread.currentThread().getName()
              + "\" follows a forward on thread \""
              + lastForwardThread.getName()
              + "\"; a Network is single-threaded: give each thread its own copy()");
    }
    Operator[] ops = topology.ops;
    int n = ops.length;
    for (int i = 0; i < n; i++) {
      if (topology.succs[i].length > 0 && b.grads[i] != null) {
        Elementwise.fill(b.grads[i], 0f);
      }
    }
    for (int i = n - 1; i >= 0; i--) {
      if (needsGrad[i] && topology.preds[i].length > 0) {
        ops[i].backward(b.contexts[i]);
      }
    }
  }

  private boolean[] computeNeedsGrad() {
    int n = topology.ops.length;
    boolean[] needs = new boolean[n];
    for (int i = 0; i < n; i++) {
      needs[i] = store.hasParameters(i);
      if (topology.preds[i].length == 0) {
        needs[i] = inputGradients;
      }
      for (int p : topology.preds[i]) {
        needs[i] |= needs[p];
      }
    }
    return needs;
  }

  private Buffers buffersFor(int batch) {
    if (last != null && last.batch == batch) {
      return last;
    }
    Buffers b = cache.find(batch);
    return b != null ? b : cache.add(new Buffers(topology, store, state, needsGrad, batch));
  }

  private Buffers requireForward(String call) {
    if (last == null) {
      throw new IllegalStateException("call forward before " + call);
    }
    return last;
  }

  private void enter(String call) {
    Thread me = Thread.currentThread();
    if (!user.compareAndSet(null, me)) {
      Thread other = user.get();
      throw new IllegalStateException(
          String.format(
              "%s on thread \"%s\" while thread \"%s\" is using this Network; a Network is"
                  + " single-threaded: give each thread its own copy(), or use a Predictor",
              call, me.getName(), other == null ? "(finished)" : other.getName()));
    }
  }

  private void exit() {
    user.set(null);
  }
}
