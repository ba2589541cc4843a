package dev.tributary.graph;

import dev.tributary.core.Tensor;
import dev.tributary.graph.op.OpContext;
import java.util.SplittableRandom;

/**
 * One node's {@link OpContext} at one batch size: references into the network's buffers, made once
 * when the buffers are allocated so that a pass allocates nothing.
 */
final class NodeContext implements OpContext {
  private final int batch;
  private final Tensor[] inputs;
  private final Shape[] inputShapes;
  private final Tensor output;
  private final Shape outputShape;
  private final Tensor grad;
  private final Tensor[] gradInputs;
  private final Tensor[] params;
  private final Tensor[] paramGrads;
  private final Tensor[] buffers;
  private final float[][] scratch;
  private final int[][] indices;
  private final Object plan;
  private final RunState state;

  NodeContext(
      int batch,
      Tensor[] inputs,
      Shape[] inputShapes,
      Tensor output,
      Shape outputShape,
      Tensor grad,
      Tensor[] gradInputs,
      ParameterStore store,
      int node,
      float[][] scratch,
      int[][] indices,
      Object plan,
      RunState state) {
    this.batch = batch;
    this.inputs = inputs;
    this.inputShapes = inputShapes;
    this.output = output;
    this.outputShape = outputShape;
    this.grad = grad;
    this.gradInputs = gradInputs;
    this.params = store.values[node];
    this.paramGrads = store.grads[node];
    this.buffers = store.buffers[node];
    this.scratch = scratch;
    this.indices = indices;
    this.plan = plan;
    this.state = state;
  }

  @Override
  public int batch() {
    return batch;
  }

  @Override
  public int inputCount() {
    return inputs.length;
  }

  @Override
  public Tensor input(int i) {
    return inputs[i];
  }

  @Override
  public Shape inputShape(int i) {
    return inputShapes[i];
  }

  @Override
  public Tensor output() {
    return output;
  }

  @Override
  public Shape outputShape() {
    return outputShape;
  }

  @Override
  public Tensor gradOutput() {
    return grad;
  }

  @Override
  public Tensor gradInput(int i) {
    return gradInputs[i];
  }

  @Override
  public Tensor param(int i) {
    return params[i];
  }

  @Override
  public Tensor paramGrad(int i) {
    return paramGrads[i];
  }

  @Override
  public Tensor buffer(int i) {
    return buffers[i];
  }

  @Override
  public float[] scratch(int i) {
    return scratch[i];
  }

  @Override
  public int[] indices(int i) {
    return indices[i];
  }

  @Override
  public Object plan() {
    return plan;
  }

  @Override
  public boolean training() {
    return state.training;
  }

  @Override
  public SplittableRandom random() {
    return state.random;
  }
}
