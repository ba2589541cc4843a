package dev.tributary.graph;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * An invalid operators or connectivity map: a cycle, a dangling name, a node in the wrong place or
 * a shape mismatch. The message starts with the problem, names the node(s) involved (also available
 * from {@link #nodes()}) and says how to fix it.
 */
public class GraphException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final ImmutableList<String> nodes;

  /**
   * Creates an exception about the given nodes.
   *
   * @param message what is wrong and how to fix it
   * @param nodes the names of the nodes involved, in the order the message mentions them
   */
  public GraphException(String message, List<String> nodes) {
    super(message);
    this.nodes = ImmutableList.copyOf(nodes);
  }

  /** Creates an exception that names no particular node. */
  public GraphException(String message) {
    this(message, ImmutableList.of());
  }

  /** Creates an exception about the given nodes, caused by another exception. */
  public GraphException(String message, List<String> nodes, Throwable cause) {
    super(message, cause);
    this.nodes = ImmutableList.copyOf(nodes);
  }

  /** Returns the names of the nodes involved, as the message names them. */
  public List<String> nodes() {
    return nodes;
  }
}
