package dev.tributary.graph;

import com.google.common.collect.ImmutableList;
import dev.tributary.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The checks of what a caller feeds a network: input tensors, output gradients, names. */
final class Feeds {
  private Feeds() {}

  static void checkInput(String name, Shape shape, Tensor t, int batch) {
    if (t == null) {
      throw new IllegalArgumentException(
          "input `" + name + "` is null; pass a " + expected(shape) + " tensor");
    }
    // Read dimensions one by one: t.shape() copies, and a training step must not allocate.
    boolean fits = t.rank() == shape.rank() + 1 && t.dim(0) > 0;
    for (int d = 0; fits && d < shape.rank(); d++) {
      fits = t.dim(d + 1) == shape.dim(d);
    }
    if (!fits) {
      throw new IllegalArgumentException(
          String.format(
              "input `%s` expects a %s tensor with batch ≥ 1, got %s",
              name, expected(shape), Arrays.toString(t.shape())));
    }
    if (batch >= 0 && t.dim(0) != batch) {
      throw new IllegalArgumentException(
          String.format(
              "input `%s` has batch size %d but the other inputs have %d; feed all inputs the"
                  + " same number of rows",
              name, t.dim(0), batch));
    }
  }

  private static String expected(Shape shape) {
    return "[batch" + shape.batched().substring(2);
  }

  static void checkGradient(String name, Tensor g, Tensor output) {
    if (g == null || !g.sameShape(output)) {
      throw new IllegalArgumentException(
          String.format(
              "gradient for output `%s` has shape %s but the output has shape %s",
              name,
              g == null ? "null" : Arrays.toString(g.shape()),
              Arrays.toString(output.shape())));
    }
  }

  static void checkNames(
      String call, String kind, Map<String, Tensor> given, ImmutableList<String> expected) {
    List<String> missing = new ArrayList<>();
    if (kind.equals("input")) {
      for (String name : expected) {
        if (!given.containsKey(name)) {
          missing.add(name);
        }
      }
    }
    List<String> unknown = new ArrayList<>();
    for (String name : given.keySet()) {
      if (!expected.contains(name)) {
        unknown.add(name);
      }
    }
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: %s%s; the network's %ss are %s",
              call,
              missing.isEmpty() ? "" : "missing " + kind + " " + missing,
              unknown.isEmpty()
                  ? ""
                  : (missing.isEmpty() ? "" : " and ") + "unknown " + kind + " " + unknown,
              kind,
              expected));
    }
  }

  static String single(List<String> names, String kind, String alternative) {
    if (names.size() != 1) {
      throw new IllegalStateException(
          String.format(
              "this network has %d %ss (%s); use %s", names.size(), kind, names, alternative));
    }
    return names.get(0);
  }
}
