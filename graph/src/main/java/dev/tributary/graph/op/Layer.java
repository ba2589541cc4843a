package dev.tributary.graph.op;

import java.util.List;

/**
 * An operator with parameters (and possibly buffers) that other nodes may share: {@link #share()}
 * makes a new node of the same type that computes with this one's parameters, as {@code
 * Linear.sharing(fc1)} does. Gradients from every use add up, and {@link
 * dev.tributary.graph.Network#parameters()} lists a shared parameter once, under the owner's node.
 *
 * @param <T> the concrete operator type
 */
public abstract class Layer<T extends Layer<T>> extends Operator {
  private final T owner;

  /**
   * Creates a layer that owns its parameters ({@code owner == null}) or uses those of {@code owner}
   * (or of the layer {@code owner} itself shares).
   */
  protected Layer(T owner) {
    this.owner = owner == null ? null : owner.owner();
  }

  /** Returns the parameters a layer of this configuration owns. */
  protected abstract List<ParameterSpec> ownParameters();

  /** Returns the buffers a layer of this configuration owns; none by default. */
  protected List<BufferSpec> ownBuffers() {
    return List.of();
  }

  /** Returns a new node of this type that uses this layer's parameters and buffers. */
  public abstract T share();

  /** Returns the layer that owns the parameters: this one, or the one it shares. */
  @SuppressWarnings("unchecked")
  protected final T owner() {
    return owner == null ? (T) this : owner;
  }

  /** Returns whether this layer uses another layer's parameters. */
  public final boolean isSharing() {
    return owner != null;
  }

  @Override
  public final List<ParameterSpec> parameterSpecs() {
    return owner == null ? ownParameters() : List.of();
  }

  @Override
  public final List<BufferSpec> bufferSpecs() {
    return owner == null ? ownBuffers() : List.of();
  }

  @Override
  public final Operator sharedParametersOf() {
    return owner;
  }

  /** Appends " (shared)" to a description when this layer shares. */
  protected final String shared(String description) {
    return owner == null ? description : description + " (shared)";
  }
}
