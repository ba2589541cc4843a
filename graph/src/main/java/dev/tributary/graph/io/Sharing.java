package dev.tributary.graph.io;

import dev.tributary.graph.GraphException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code "shares"} in a graph file: follows each sharing Linear to the layer that owns the
 * parameters (through chains), rejecting dangling names, non-Linear targets and cycles, and gives
 * the sharing layer the owner's sizes and initialiser, checking any it declared itself.
 */
final class Sharing {
  /** Makes the located error for a value, naming the node. */
  @FunctionalInterface
  interface Errors {
    GraphException error(Located at, String node, String problem);
  }

  private Sharing() {}

  /**
   * Gives each sharing Linear the sizes and initialiser of the layer that owns the parameters, in
   * file order.
   */
  static void resolve(
      Map<String, OperatorSpec> operators,
      Map<String, Located> sharesFields,
      Map<String, Map<String, Located>> linearFields,
      Errors errors) {
    for (Map.Entry<String, Located> e : sharesFields.entrySet()) {
      String name = e.getKey();
      List<String> chain = new ArrayList<>(List.of(name));
      String current = name;
      while (sharesFields.containsKey(current)) {
        Located link = sharesFields.get(current);
        String target = link.text;
        OperatorSpec targetSpec = operators.get(target);
        if (targetSpec == null) {
          throw errors.error(
              link,
              current,
              "no node named \""
                  + target
                  + "\" to share; name the Linear whose weight and bias this layer uses");
        }
        if (!targetSpec.type().equals("Linear")) {
          throw errors.error(
              link,
              current,
              "\""
                  + target
                  + "\" is a "
                  + targetSpec.type()
                  + ", not a Linear; only a Linear's parameters can be shared");
        }
        if (chain.contains(target)) {
          chain.add(target);
          throw errors.error(
              link,
              current,
              "the layers share in a cycle ("
                  + String.join(" -> ", chain)
                  + "); one of them must own its parameters, so remove its \"shares\"");
        }
        chain.add(target);
        current = target;
      }
      OperatorSpec owner = operators.get(current);
      OperatorSpec mine = operators.get(name);
      Map<String, Located> fields = linearFields.get(name);
      checkSame(errors, fields.get("in"), mine.in(), owner.in(), name, current);
      checkSame(errors, fields.get("out"), mine.out(), owner.out(), name, current);
      if (mine.init().isPresent() && mine.init().get() != owner.init().get()) {
        throw errors.error(
            fields.get("init"),
            name,
            String.format(
                "is %s, but the shared layer \"%s\" is initialised with %s; omit init on a"
                    + " sharing layer",
                mine.init().get(), current, owner.init().get()));
      }
      operators.put(
          name,
          OperatorSpec.linear(
              owner.in(), owner.out(), owner.init().get(), mine.shares().orElseThrow()));
    }
  }

  private static void checkSame(
      Errors errors, Located f, int mine, int owner, String name, String ownerName) {
    if (f != null && mine != owner) {
      String field = f.path.substring(f.path.lastIndexOf('.') + 1);
      throw errors.error(
          f,
          name,
          String.format(
              "is %d, but the shared layer \"%s\" has %s %d; omit %s or make it %d",
              mine, ownerName, field, owner, field, owner));
    }
  }
}
