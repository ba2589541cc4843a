package dev.tributary.graph;

import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Operator;
import java.util.List;

/**
 * The activation, gradient and scratch buffers of a network for one batch size, allocated once and
 * reused by every forward and backward pass at that size, with each node's {@link NodeContext}
 * pointing into them, so a pass allocates nothing.
 */
final class Buffers {
  final int batch;

  /** Each node's output, {@code [batch, shape...]}. */
  final Tensor[] outputs;

  /** Each node's output gradient, or {@code null} where no one needs it. */
  final Tensor[] grads;

  /** Each node's context for its operator. */
  final NodeContext[] contexts;

  /** The output nodes' buffers by name, as {@code forward} returns them. */
  final ImmutableMap<String, Tensor> outputMap;

  Buffers(Topology t, ParameterStore store, RunState state, boolean[] needsGrad, int batch) {
    this.batch = batch;
    int n = t.ops.length;
    outputs = new Tensor[n];
    grads = new Tensor[n];
    for (int i = 0; i < n; i++) {
      outputs[i] = Tensor.zeros(t.shapes[i].withBatch(batch));
      if (needsGrad[i] || t.succs[i].length == 0) {
        grads[i] = Tensor.zeros(t.shapes[i].withBatch(batch));
      }
    }
    contexts = new NodeContext[n];
    for (int i = 0; i < n; i++) {
      int[] p = t.preds[i];
      Tensor[] inputs = new Tensor[p.length];
      Tensor[] gradInputs = new Tensor[p.length];
      Shape[] inputShapes = new Shape[p.length];
      for (int j = 0; j < p.length; j++) {
        inputs[j] = outputs[p[j]];
        gradInputs[j] = needsGrad[p[j]] ? grads[p[j]] : null;
        inputShapes[j] = t.shapes[p[j]];
      }
      List<Shape> shapes = t.shapesOf(p);
      Operator.Scratch s = t.ops[i].scratch(t.plans[i], shapes, t.shapes[i], batch);
      int[] floatLengths = s.floats();
      int[] intLengths = s.ints();
      float[][] scratch = new float[floatLengths.length][];
      for (int k = 0; k < scratch.length; k++) {
        scratch[k] = new float[floatLengths[k]];
      }
      int[][] indices = new int[intLengths.length][];
      for (int k = 0; k < indices.length; k++) {
        indices[k] = new int[intLengths[k]];
      }
      contexts[i] =
          new NodeContext(
              batch,
              inputs,
              inputShapes,
              outputs[i],
              t.shapes[i],
              grads[i],
              gradInputs,
              store,
              i,
              scratch,
              indices,
              t.plans[i],
              state);
    }
    ImmutableMap.Builder<String, Tensor> out = ImmutableMap.builder();
    for (String name : t.outputs) {
      out.put(name, outputs[t.indexOf(name)]);
    }
    outputMap = out.buildOrThrow();
  }
}
