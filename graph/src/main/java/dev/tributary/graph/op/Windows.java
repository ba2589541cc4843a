package dev.tributary.graph.op;

import dev.tributary.core.ConvGeometry;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Shape;
import java.util.List;

/** Shape checks shared by the operators that slide a window over images (convolution, pooling). */
final class Windows {
  private Windows() {}

  /**
   * Returns the geometry of a window over an image input, or throws a {@link GraphException} naming
   * the node, the predecessor and both shapes when the window does not fit.
   */
  static ConvGeometry geometry(
      String node,
      String what,
      List<String> predecessors,
      Shape in,
      int kernel,
      int stride,
      int padding) {
    if (kernel > in.dim(1) + 2 * padding || kernel > in.dim(2) + 2 * padding) {
      throw new GraphException(
          String.format(
              "node `%s` (%s) has a %d×%d window but `%s` gives %s images (%d×%d with padding %d);"
                  + " use a kernel of at most %d, more padding, or a larger input",
              node,
              what,
              kernel,
              kernel,
              predecessors.get(0),
              in,
              in.dim(1) + 2 * padding,
              in.dim(2) + 2 * padding,
              padding,
              Math.min(in.dim(1), in.dim(2)) + 2 * padding),
          List.of(node, predecessors.get(0)));
    }
    return new ConvGeometry(in.dim(0), in.dim(1), in.dim(2), kernel, stride, padding);
  }
}
