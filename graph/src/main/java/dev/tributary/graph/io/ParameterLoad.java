package dev.tributary.graph.io;

import com.google.common.collect.ImmutableList;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What {@link ModelFile#loadParametersInto} did: which parameters were copied by name, which of the
 * network's parameters the file lacks, which of the file's the network lacks, and which names match
 * with different shapes (left untouched). Fine-tuning usually expects {@link #missing} to hold the
 * new head only.
 */
public final class ParameterLoad {
  private final ImmutableList<String> matched;
  private final ImmutableList<String> missing;
  private final ImmutableList<String> unexpected;
  private final ImmutableList<String> shapeMismatched;

  private ParameterLoad(
      List<String> matched,
      List<String> missing,
      List<String> unexpected,
      List<String> shapeMismatched) {
    this.matched = ImmutableList.copyOf(matched);
    this.missing = ImmutableList.copyOf(missing);
    this.unexpected = ImmutableList.copyOf(unexpected);
    this.shapeMismatched = ImmutableList.copyOf(shapeMismatched);
  }

  /**
   * Copies every parameter of {@code source} whose name and shape match one of {@code target}'s
   * into {@code target}, and reports the rest.
   */
  static ParameterLoad copy(Network source, Network target) {
    Map<String, Parameter> from = source.parameters();
    Map<String, Parameter> into = target.parameters();
    List<String> matched = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : into.entrySet()) {
      Parameter src = from.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
      } else if (!Arrays.equals(src.value().shape(), e.getValue().value().shape())) {
        mismatched.add(
            String.format(
                "%s (file %s, network %s)",
                e.getKey(),
                Arrays.toString(src.value().shape()),
                Arrays.toString(e.getValue().value().shape())));
      } else {
        float[] v = src.value().data();
        System.arraycopy(v, 0, e.getValue().value().data(), 0, v.length);
        matched.add(e.getKey());
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String name : from.keySet()) {
      if (!into.containsKey(name)) {
        unexpected.add(name);
      }
    }
    return new ParameterLoad(matched, missing, unexpected, mismatched);
  }

  /** Returns the parameters copied from the file, in the network's order. */
  public List<String> matched() {
    return matched;
  }

  /** Returns the network's parameters the file does not hold (they keep their values). */
  public List<String> missing() {
    return missing;
  }

  /** Returns the file's parameters the network does not have (ignored). */
  public List<String> unexpected() {
    return unexpected;
  }

  /**
   * Returns the names present in both with different shapes, each as {@code name (file [..],
   * network [..])}; these parameters keep their values.
   */
  public List<String> shapeMismatched() {
    return shapeMismatched;
  }

  /** Returns whether every parameter of the network was loaded and nothing was left over. */
  public boolean complete() {
    return missing.isEmpty() && unexpected.isEmpty() && shapeMismatched.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("loaded %d parameters by name", matched.size()));
    if (!missing.isEmpty()) {
      sb.append("; not in the file (kept): ").append(String.join(", ", missing));
    }
    if (!shapeMismatched.isEmpty()) {
      sb.append("; shapes differ (kept): ").append(String.join(", ", shapeMismatched));
    }
    if (!unexpected.isEmpty()) {
      sb.append("; in the file only (ignored): ").append(String.join(", ", unexpected));
    }
    return sb.toString();
  }
}
