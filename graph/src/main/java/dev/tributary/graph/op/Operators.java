package dev.tributary.graph.op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of operator types that graph files, model files and {@code describe} know: the
 * built-in operators, plus any a user {@link #register registers} (so their own operator can be
 * saved and loaded).
 */
public final class Operators {
  private static final Map<String, OperatorType> TYPES = new LinkedHashMap<>();

  static {
    for (OperatorType t :
        List.of(
            Input.TYPE,
            Linear.TYPE,
            ReLU.TYPE,
            Tanh.TYPE,
            Sigmoid.TYPE,
            Sum.TYPE,
            Concat.TYPE,
            Conv2d.TYPE,
            MaxPool2d.TYPE,
            AvgPool2d.TYPE,
            Flatten.TYPE,
            Slice.TYPE,
            Dropout.TYPE,
            BatchNorm1d.TYPE,
            BatchNorm2d.TYPE,
            Softmax.TYPE,
            LeakyReLU.TYPE,
            GELU.TYPE,
            Bilinear.TYPE)) {
      TYPES.put(t.name(), t);
    }
  }

  private Operators() {}

  /**
   * Registers an operator type, so graph and model files can hold it.
   *
   * @throws IllegalArgumentException if a type of that name is already registered
   */
  public static synchronized void register(OperatorType type) {
    if (type == null) {
      throw new IllegalArgumentException("Operators.register: type is null");
    }
    if (TYPES.containsKey(type.name())) {
      throw new IllegalArgumentException(
          "an operator type named \""
              + type.name()
              + "\" is already registered; pick another name");
    }
    TYPES.put(type.name(), type);
  }

  /** Returns the registered type of that name, if any. */
  public static synchronized Optional<OperatorType> type(String name) {
    return Optional.ofNullable(TYPES.get(name));
  }

  /** Returns the registered type names, built-ins first, in registration order. */
  public static synchronized List<String> names() {
    return new ArrayList<>(TYPES.keySet());
  }
}
