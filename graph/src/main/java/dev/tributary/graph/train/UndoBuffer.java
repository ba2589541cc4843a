package dev.tributary.graph.train;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.optim.Optimizer;
import java.util.List;

/**
 * The trainer's copy of everything an optimizer step changes — the parameter values, the
 * optimizer's state tensors ({@link Optimizer#stateTensors}) and its counters ({@link
 * Optimizer#copyCounters}) — so a step that went non-finite can be undone exactly: after {@link
 * #restore}, training continues bitwise as if the step had not been taken. The copies are allocated
 * on the first {@link #save} and reused; saving is one array copy per tensor. The {@link Trainer}
 * keeps one for {@link NonFiniteGuard#RESTORE}, and so does any training loop with the same guard
 * (the Spark trainer's driver).
 */
public final class UndoBuffer {
  private final Optimizer optimizer;
  private final Parameter[] params;
  private final float[][] values;
  private final long[] counters;
  private List<Tensor> state;
  private float[][] stateCopies;
  private boolean saved;

  /**
   * A buffer for everything {@code optimizer}'s steps change; nothing is copied until {@link
   * #save}.
   *
   * @throws NullPointerException if {@code optimizer} is null
   */
  public UndoBuffer(Optimizer optimizer) {
    this.optimizer = optimizer;
    this.params = optimizer.parameters().toArray(new Parameter[0]);
    this.values = new float[params.length][];
    this.counters = new long[optimizer.counterCount()];
  }

  /** Copies the parameters, the optimizer's state and its counters. */
  public void save() {
    for (int i = 0; i < params.length; i++) {
      float[] v = params[i].value().data();
      if (values[i] == null || values[i].length != v.length) {
        values[i] = new float[v.length];
      }
      System.arraycopy(v, 0, values[i], 0, v.length);
    }
    List<Tensor> live = optimizer.stateTensors();
    if (live != state) {
      state = live;
      stateCopies = new float[live.size()][];
      for (int i = 0; i < stateCopies.length; i++) {
        stateCopies[i] = new float[live.get(i).size()];
      }
    }
    for (int i = 0; i < stateCopies.length; i++) {
      System.arraycopy(state.get(i).data(), 0, stateCopies[i], 0, stateCopies[i].length);
    }
    optimizer.copyCounters(counters);
    saved = true;
  }

  /**
   * Puts back what {@link #save} copied.
   *
   * @throws IllegalStateException if nothing was saved
   */
  public void restore() {
    if (!saved) {
      throw new IllegalStateException("UndoBuffer: restore() before save()");
    }
    for (int i = 0; i < params.length; i++) {
      System.arraycopy(values[i], 0, params[i].value().data(), 0, values[i].length);
    }
    for (int i = 0; i < stateCopies.length; i++) {
      System.arraycopy(stateCopies[i], 0, state.get(i).data(), 0, stateCopies[i].length);
    }
    optimizer.restoreCounters(counters);
  }
}
