package dev.tributary.graph;

import dev.tributary.graph.op.LeakyReLU;
import dev.tributary.graph.op.MaxPool2d;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a network is not differentiable, read from the inputs of its piecewise operators: {@link
 * ReLU} and {@link LeakyReLU} at 0, {@link MaxPool2d} where a window's largest entry changes.
 *
 * <p>After the forward pass at the checked point, {@link #mark()} records on which side of its kink
 * every such input lies (for an element-wise operator whether {@code x > 0}, the test its backward
 * uses; for a max pool each window's argmax, the first maximum on ties, as its forward picks it)
 * and counts the inputs within ε of a kink: {@code |x| ≤ ε}, or a window whose two largest entries
 * differ by at most ε. After a perturbed forward pass, {@link #crossed()} says whether any input
 * now lies on another side: the finite difference over that interval straddles a kink. Both read
 * {@link Network#value} of the operator's predecessor; slopes play no part.
 */
final class KinkWatch {
  private final Network network;
  private final double epsilon;
  private final List<Site> sites = new ArrayList<>();

  /** Finds the piecewise operators of {@code network}. */
  KinkWatch(Network network, double epsilon) {
    this.network = network;
    this.epsilon = epsilon;
    for (String node : network.forwardSchedule()) {
      Operator op = network.operators().get(node);
      List<String> from = network.predecessors(node);
      if (from.isEmpty()) {
        continue;
      }
      String input = from.get(0);
      if (op instanceof ReLU || op instanceof LeakyReLU) {
        sites.add(new ElementSite(input));
      } else if (op instanceof MaxPool2d) {
        int[] dims = network.shape(input).dims();
        int kernel = ((Number) op.fields().get("kernel")).intValue();
        Object stride = op.fields().getOrDefault("stride", kernel);
        sites.add(new WindowSite(input, dims, kernel, ((Number) stride).intValue()));
      }
    }
  }

  /**
   * Records the side of every piecewise input after the forward pass at the checked point; returns
   * how many lie within ε of a kink.
   */
  int mark() {
    int near = 0;
    for (Site s : sites) {
      near += s.mark(network.value(s.input).data(), epsilon);
    }
    return near;
  }

  /** Returns whether, after a perturbed forward pass, any piecewise input changed side. */
  boolean crossed() {
    for (Site s : sites) {
      if (s.crossed(network.value(s.input).data())) {
        return true;
      }
    }
    return false;
  }

  /** The input of one piecewise operator. */
  private abstract static class Site {
    final String input;

    Site(String input) {
      this.input = input;
    }

    abstract int mark(float[] x, double epsilon);

    abstract boolean crossed(float[] x);
  }

  /** ReLU and LeakyReLU: the kink is at {@code x = 0}; the side is {@code x > 0}. */
  private static final class ElementSite extends Site {
    private boolean[] positive = new boolean[0];

    ElementSite(String input) {
      super(input);
    }

    @Override
    int mark(float[] x, double epsilon) {
      positive = new boolean[x.length];
      int near = 0;
      for (int i = 0; i < x.length; i++) {
        positive[i] = x[i] > 0;
        if (Math.abs(x[i]) <= epsilon) {
          near++;
        }
      }
      return near;
    }

    @Override
    boolean crossed(float[] x) {
      for (int i = 0; i < x.length; i++) {
        if ((x[i] > 0) != positive[i]) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * MaxPool2d: the kink is where two entries of a window tie for the largest; the side is which.
   */
  private static final class WindowSite extends Site {
    private final int height;
    private final int width;
    private final int kernel;
    private final int stride;
    private final int outHeight;
    private final int outWidth;
    private int[] argmax = new int[0];

    WindowSite(String input, int[] chw, int kernel, int stride) {
      super(input);
      this.height = chw[1];
      this.width = chw[2];
      this.kernel = kernel;
      this.stride = stride;
      this.outHeight = (height - kernel) / stride + 1;
      this.outWidth = (width - kernel) / stride + 1;
    }

    /** Returns the flat index of window {@code w}'s top-left entry (windows in NCHW order). */
    private int start(int w) {
      int plane = w / (outHeight * outWidth);
      int i = w / outWidth % outHeight;
      int j = w % outWidth;
      return plane * height * width + i * stride * width + j * stride;
    }

    /** Returns the first index of window {@code w}'s largest entry, as MaxPool2d's forward does. */
    private int argmax(float[] x, int w) {
      int first = start(w);
      int best = first;
      for (int u = 0; u < kernel; u++) {
        for (int v = 0; v < kernel; v++) {
          int at = first + u * width + v;
          if (x[at] > x[best] || Float.isNaN(x[at])) {
            best = at;
          }
        }
      }
      return best;
    }

    /** Returns whether another entry of window {@code w} is within ε of its largest. */
    private boolean tiedWithin(float[] x, int w, int best, double epsilon) {
      int first = start(w);
      for (int u = 0; u < kernel; u++) {
        for (int v = 0; v < kernel; v++) {
          int at = first + u * width + v;
          if (at != best && x[best] - x[at] <= epsilon) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    int mark(float[] x, double epsilon) {
      argmax = new int[x.length / (height * width) * outHeight * outWidth];
      int near = 0;
      for (int w = 0; w < argmax.length; w++) {
        argmax[w] = argmax(x, w);
        if (tiedWithin(x, w, argmax[w], epsilon)) {
          near++;
        }
      }
      return near;
    }

    @Override
    boolean crossed(float[] x) {
      for (int w = 0; w < argmax.length; w++) {
        if (argmax(x, w) != argmax[w]) {
          return true;
        }
      }
      return false;
    }
  }
}
