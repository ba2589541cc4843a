package dev.tributary.graph.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.common.collect.ImmutableList;
import dev.tributary.graph.GraphException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a graph file with Jackson's streaming parser, so that every error can say where it is: the
 * file, the line and column, the JSON path (e.g. {@code operators.fc1.in}) and the node. It checks
 * what the file alone can tell (syntax, types, fields, names, sharing); {@link GraphSpec#build}
 * leaves the graph checks (cycles, placement, widths) to {@code Network.of}.
 *
 * <p>Duplicate keys are detected here rather than with Jackson's {@code
 * STRICT_DUPLICATE_DETECTION}, so the message can give the position of the first occurrence too.
 */
final class SpecReader {
  static final JsonFactory JSON = JsonFactory.builder().build();

  private final JsonParser p;
  private final String source;
  private final Map<String, OperatorReader.Raw> rawOperators = new LinkedHashMap<>();
  private Map<String, OperatorSpec> operators;
  private final List<Edge> edges = new ArrayList<>();
  private final Map<String, Located> connectivityKeys = new LinkedHashMap<>();
  private TrainingSpec training;
  private Located trainingKey;

  /** One successor in the connectivity section, with where it was listed. */
  private static final class Edge {
    final String from;
    final Located to;

    Edge(String from, Located to) {
      this.from = from;
      this.to = to;
    }
  }

  private SpecReader(JsonParser parser, String source) {
    this.p = parser;
    this.source = source;
  }

  /**
   * Reads one graph file from {@code parser}.
   *
   * @param source the file name for messages, or null for a string
   */
  static GraphSpec read(JsonParser parser, String source) {
    try (parser) {
      return new SpecReader(parser, source).readRoot();
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
      String path = Located.pathOf(parser.getParsingContext());
      throw new GraphException(
          Located.where(source, at)
              + "malformed JSON"
              + (path.isEmpty() ? "" : " near " + path)
              + ": "
              + Located.jacksonMessage(e),
          ImmutableList.of(),
          e);
    } catch (IOException e) {
      throw new GraphException(
          (source == null ? "" : source + ": ") + "cannot read the graph: " + e.getMessage(),
          ImmutableList.of(),
          e);
    }
  }

  private GraphSpec readRoot() throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw error(p.currentLocation(), "", null, "the graph is empty; " + SHAPE_HINT);
    }
    JsonLocation rootAt = p.currentTokenLocation();
    if (t != JsonToken.START_OBJECT) {
      throw error(
          rootAt, "", null, "expected an object, got " + Located.describe(t) + "; " + SHAPE_HINT);
    }
    Map<String, Located> sections = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      Located keyField = key(sections, key, key, null);
      p.nextToken();
      switch (key) {
        case "operators" -> readOperators(keyField);
        case "connectivity" -> readConnectivity(keyField);
        case "training" -> {
          trainingKey = keyField;
          training = TrainingReader.read(p, source);
        }
        default ->
            throw error(
                keyField.at,
                key,
                null,
                "unknown section \""
                    + key
                    + "\"; a graph file has \"operators\" and \"connectivity\", and optionally"
                    + " \"training\"");
      }
    }
    if (p.nextToken() != null) {
      throw error(
          p.currentTokenLocation(), "", null, "unexpected content after the graph's closing }");
    }
    for (String section : List.of("operators", "connectivity")) {
      if (!sections.containsKey(section)) {
        throw error(rootAt, "", null, "missing section \"" + section + "\"; " + SHAPE_HINT);
      }
    }
    if (rawOperators.isEmpty()) {
      throw error(
          sections.get("operators"),
          null,
          "the section is empty; declare at least an Input and the operators it feeds");
    }
    operators = OperatorReader.read(rawOperators, this::error);
    if (connectivityKeys.isEmpty()) {
      throw error(
          sections.get("connectivity"),
          null,
          "the section is empty; list which nodes feed which, e.g. \"x\": [\"fc1\"]");
    }
    Map<String, List<String>> connectivity = checkedConnectivity();
    if (training != null) {
      for (TrainingSpec.OutputLoss o : training.outputs()) {
        if (!operators.containsKey(o.output())) {
          throw error(
              trainingKey.at, "training.outputs." + o.output(), o.output(), noSuchNode(o.output()));
        }
      }
    }
    return new GraphSpec(operators, connectivity, source, training);
  }

  private static final String SHAPE_HINT =
      "a graph file is {\"operators\": {name: {\"type\": ...}, ...},"
          + " \"connectivity\": {name: [successor names...], ...}}";

  // ---- operators --------------------------------------------------------------------------------

  private void readOperators(Located section) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw error(
          p.currentTokenLocation(),
          section.path,
          null,
          "expected an object mapping node names to operators, got "
              + Located.describe(p.currentToken()));
    }
    Map<String, Located> seen = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      Located nameField = key(seen, name, "operators." + name, name);
      checkName(name, nameField);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw error(
            p.currentTokenLocation(),
            nameField.path,
            name,
            "expected an object like {\"type\": \"ReLU\"}, got "
                + Located.describe(p.currentToken()));
      }
      Map<String, Located> fields = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        key(fields, field, nameField.path + "." + field, name);
        p.nextToken();
        fields.put(field, value(nameField.path + "." + field));
      }
      rawOperators.put(name, new OperatorReader.Raw(nameField, fields));
    }
  }

  // ---- connectivity -----------------------------------------------------------------------------

  private void readConnectivity(Located section) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw error(
          p.currentTokenLocation(),
          section.path,
          null,
          "expected an object mapping node names to their successors, got "
              + Located.describe(p.currentToken()));
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String from = p.currentName();
      Located fromField = key(connectivityKeys, from, "connectivity." + from, from);
      checkName(from, fromField);
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw error(
            p.currentTokenLocation(),
            fromField.path,
            from,
            "expected an array of successor names like [\"fc1\"], got "
                + Located.describe(p.currentToken()));
      }
      int i = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        Located to = value(fromField.path + "[" + i++ + "]");
        if (to.token != JsonToken.VALUE_STRING) {
          throw error(to, from, "expected a node name (a string), got " + Located.describe(to));
        }
        edges.add(new Edge(from, to));
      }
    }
  }

  private Map<String, List<String>> checkedConnectivity() {
    for (Map.Entry<String, Located> e : connectivityKeys.entrySet()) {
      if (!operators.containsKey(e.getKey())) {
        throw error(e.getValue(), e.getKey(), noSuchNode(e.getKey()));
      }
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    connectivityKeys.keySet().forEach(k -> result.put(k, new ArrayList<>()));
    for (Edge edge : edges) {
      String to = edge.to.text;
      if (!operators.containsKey(to)) {
        throw new GraphException(
            message(edge.to.at, edge.to.path, noSuchNode(to)), List.of(to, edge.from));
      }
      List<String> targets = result.get(edge.from);
      if (targets.contains(to)) {
        throw new GraphException(
            message(
                edge.to.at,
                edge.to.path,
                "\""
                    + to
                    + "\" is listed twice as a successor of \""
                    + edge.from
                    + "\""
                    + "; list each successor once"),
            List.of(edge.from, to));
      }
      targets.add(to);
    }
    return result;
  }

  private String noSuchNode(String name) {
    List<String> known = new ArrayList<>(operators.keySet());
    String list =
        known.size() <= 20
            ? String.join(", ", known)
            : String.join(", ", known.subList(0, 20)) + ", ... (" + known.size() + " in all)";
    return "no operator named \""
        + name
        + "\"; add it to \"operators\" or fix the name (the operators are "
        + list
        + ")";
  }

  // ---- values and messages ----------------------------------------------------------------------

  /** Records a key of an object, rejecting a repeat; returns it with its position. */
  private Located key(Map<String, Located> seen, String key, String path, String node) {
    Located f = new Located(path, JsonToken.FIELD_NAME, key, p.currentTokenLocation());
    Located first = seen.putIfAbsent(key, f);
    if (first != null) {
      throw error(
          f,
          node,
          String.format(
              "duplicate key \"%s\" (first at line %d, column %d); each key may appear once",
              key, first.at.getLineNr(), first.at.getColumnNr()));
    }
    return f;
  }

  private Located value(String path) throws IOException {
    return Located.read(p, path);
  }

  private void checkName(String name, Located at) {
    if (name.isBlank()) {
      throw error(at, name, "a node name is blank; give every node a non-blank name");
    }
  }

  private GraphException error(Located f, String node, String problem) {
    return error(f.at, f.path, node, problem);
  }

  private GraphException error(JsonLocation at, String path, String node, String problem) {
    return new GraphException(message(at, path, problem), node == null ? List.of() : List.of(node));
  }

  private String message(JsonLocation at, String path, String problem) {
    return Located.where(source, at) + (path.isEmpty() ? "" : path + ": ") + problem;
  }
}
