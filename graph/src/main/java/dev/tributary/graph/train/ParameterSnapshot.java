package dev.tributary.graph.train;

import dev.tributary.graph.Parameter;
import java.util.List;

/** A preallocated copy of parameter values, saved before each update and restored on failure. */
final class ParameterSnapshot {
  private final Parameter[] params;
  private final float[][] copies;

  ParameterSnapshot(List<Parameter> params) {
    this.params = params.toArray(new Parameter[0]);
    this.copies = new float[this.params.length][];
    for (int i = 0; i < this.params.length; i++) {
      copies[i] = new float[this.params[i].size()];
    }
  }

  void save() {
    for (int i = 0; i < params.length; i++) {
      float[] v = params[i].value().data();
      System.arraycopy(v, 0, copies[i], 0, v.length);
    }
  }

  void restore() {
    for (int i = 0; i < params.length; i++) {
      float[] v = params[i].value().data();
      System.arraycopy(copies[i], 0, v, 0, v.length);
    }
  }
}
