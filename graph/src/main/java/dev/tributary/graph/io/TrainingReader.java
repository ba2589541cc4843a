package dev.tributary.graph.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.graph.GraphException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a graph file's {@code training} section ({@link TrainingSpec}) from the streaming parser.
 * Every problem is a {@link GraphException} that names the file, the line and column, the JSON path
 * (e.g. {@code training.optimizer.lr}) and what to write instead: an unknown key lists the known
 * ones, a value of the wrong type says which type is expected.
 */
final class TrainingReader {
  private static final List<String> SECTION_KEYS =
      List.of("outputs", "optimizer", "schedule", "epochs", "batch");
  private static final List<String> OUTPUT_KEYS = List.of("loss", "target", "weight");
  private static final List<String> OPTIMIZER_KEYS =
      List.of("name", "lr", "momentum", "betas", "weight_decay");

  private final JsonParser p;
  private final String source;
  private final TrainingSpec.Builder builder = TrainingSpec.builder();

  private TrainingReader(JsonParser p, String source) {
    this.p = p;
    this.source = source;
  }

  /** Reads the section at the parser's current token (its value's first token). */
  static TrainingSpec read(JsonParser p, String source) throws IOException {
    return new TrainingReader(p, source).section();
  }

  private TrainingSpec section() throws IOException {
    JsonLocation start = p.currentTokenLocation();
    expectObject("training", "{\"outputs\": {...}, \"optimizer\": {...}, \"epochs\": 25}");
    Map<String, JsonLocation> seen = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      String path = "training." + key;
      key(seen, key, path, SECTION_KEYS);
      p.nextToken();
      switch (key) {
        case "outputs" -> outputs();
        case "optimizer" -> optimizer();
        case "schedule" -> {
          Located v = Located.read(p, path);
          apply(v, () -> builder.schedule(string(v)));
        }
        case "epochs" -> {
          Located v = Located.read(p, path);
          apply(v, () -> builder.epochs(integer(v)));
        }
        default -> {
          Located v = Located.read(p, path);
          apply(v, () -> builder.batch(integer(v)));
        }
      }
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new GraphException(Located.where(source, start) + e.getMessage());
    }
  }

  private void outputs() throws IOException {
    expectObject("training.outputs", "{\"out\": {\"loss\": \"mse\", \"weight\": 1}}");
    Map<String, JsonLocation> names = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String output = p.currentName();
      String path = "training.outputs." + output;
      JsonLocation at = p.currentTokenLocation();
      key(names, output, path, null);
      p.nextToken();
      expectObject(path, "{\"loss\": \"cross-entropy\", \"target\": \"digit1\", \"weight\": 1}");
      Map<String, JsonLocation> seen = new HashMap<>();
      String loss = null;
      String target = null;
      float weight = 1f;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        key(seen, key, path + "." + key, OUTPUT_KEYS);
        p.nextToken();
        Located v = Located.read(p, path + "." + key);
        switch (key) {
          case "loss" -> loss = string(v);
          case "target" -> target = string(v);
          default -> weight = number(v);
        }
      }
      if (loss == null) {
        throw error(
            at, path, "no \"loss\"; give one of " + TrainingSpec.LOSS_NAMES + ", e.g. \"mse\"");
      }
      String l = loss;
      String t = target;
      float w = weight;
      try {
        builder.output(output, l, t, w);
      } catch (IllegalArgumentException e) {
        throw new GraphException(Located.where(source, at) + e.getMessage(), List.of(output));
      }
    }
  }

  private void optimizer() throws IOException {
    JsonLocation at = p.currentTokenLocation();
    expectObject("training.optimizer", "{\"name\": \"adam\", \"lr\": 0.005}");
    Map<String, JsonLocation> seen = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      String path = "training.optimizer." + key;
      key(seen, key, path, OPTIMIZER_KEYS);
      p.nextToken();
      Located v = Located.read(p, path);
      switch (key) {
        case "name" -> apply(v, () -> builder.optimizer(string(v)));
        case "lr" -> apply(v, () -> builder.learningRate(number(v)));
        case "momentum" -> apply(v, () -> builder.momentum(number(v)));
        case "betas" -> {
          if (v.token != JsonToken.START_ARRAY || v.elements.size() != 2) {
            throw error(v, "expected two numbers like [0.9, 0.999], got " + Located.describe(v));
          }
          float b1 = number(v.elements.get(0));
          float b2 = number(v.elements.get(1));
          apply(v, () -> builder.betas(b1, b2));
        }
        default -> apply(v, () -> builder.weightDecay(number(v)));
      }
    }
    if (!seen.containsKey("name")) {
      throw error(at, "training.optimizer", "no \"name\"; give \"sgd\", \"adam\" or \"adamw\"");
    }
  }

  // ---- values -----------------------------------------------------------------------------------

  private void expectObject(String path, String example) throws GraphException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw error(
          p.currentTokenLocation(),
          path,
          "expected an object like " + example + ", got " + Located.describe(p.currentToken()));
    }
  }

  private void key(Map<String, JsonLocation> seen, String key, String path, List<String> allowed) {
    JsonLocation at = p.currentTokenLocation();
    if (allowed != null && !allowed.contains(key)) {
      throw error(
          at, path, "unknown key \"" + key + "\"; the keys here are " + String.join(", ", allowed));
    }
    JsonLocation first = seen.putIfAbsent(key, at);
    if (first != null) {
      throw error(
          at,
          path,
          String.format(
              "duplicate key \"%s\" (first at line %d, column %d); each key may appear once",
              key, first.getLineNr(), first.getColumnNr()));
    }
  }

  private String string(Located v) {
    if (v.token != JsonToken.VALUE_STRING) {
      throw error(v, "expected a string, got " + Located.describe(v));
    }
    return v.text;
  }

  private float number(Located v) {
    if (v.token != JsonToken.VALUE_NUMBER_INT && v.token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw error(v, "expected a number, got " + Located.describe(v));
    }
    float f = Float.parseFloat(v.text);
    if (!Float.isFinite(f)) {
      throw error(v, "the number " + v.text + " does not fit a float; give a finite number");
    }
    return f;
  }

  private int integer(Located v) {
    if (v.token != JsonToken.VALUE_NUMBER_INT) {
      throw error(v, "expected a whole number, got " + Located.describe(v));
    }
    try {
      return Integer.parseInt(v.text);
    } catch (NumberFormatException e) {
      throw error(v, "the number " + v.text + " is too large; give a whole number below 2³¹");
    }
  }

  /** Runs a builder setter, turning its complaint into a located {@link GraphException}. */
  private void apply(Located v, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      if (e instanceof GraphException g) {
        throw g;
      }
      throw new GraphException(Located.where(source, v.at) + e.getMessage());
    }
  }

  private GraphException error(Located v, String problem) {
    return error(v.at, v.path, problem);
  }

  private GraphException error(JsonLocation at, String path, String problem) {
    return new GraphException(Located.where(source, at) + path + ": " + problem);
  }
}
