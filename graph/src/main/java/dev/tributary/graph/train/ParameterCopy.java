package dev.tributary.graph.train;

import dev.tributary.graph.Parameter;

/** A copy of parameter values (early stopping's best weights), allocated on the first save. */
final class ParameterCopy {
  private final Parameter[] params;
  private final float[][] values;
  private boolean saved;

  ParameterCopy(Parameter[] params) {
    this.params = params;
    this.values = new float[params.length][];
  }

  void save() {
    for (int i = 0; i < params.length; i++) {
      float[] v = params[i].value().data();
      if (values[i] == null || values[i].length != v.length) {
        values[i] = new float[v.length];
      }
      System.arraycopy(v, 0, values[i], 0, v.length);
    }
    saved = true;
  }

  void restore() {
    if (!saved) {
      throw new IllegalStateException("ParameterCopy: restore() before save()");
    }
    for (int i = 0; i < params.length; i++) {
      System.arraycopy(values[i], 0, params[i].value().data(), 0, values[i].length);
    }
  }
}
