package dev.tributary.graph.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON value as the graph-file reader read it: its dotted path (e.g. {@code operators.fc1.in}),
 * its token, its text (scalars only: an object or array keeps only its kind) and where it starts;
 * plus the helpers that turn these into message fragments.
 */
final class Located {
  final String path;
  final JsonToken token;
  final String text;
  final JsonLocation at;

  /** An array's elements (each read as {@link #read} reads a value); empty for other values. */
  final List<Located> elements;

  Located(String path, JsonToken token, String text, JsonLocation at) {
    this(path, token, text, at, List.of());
  }

  private Located(
      String path, JsonToken token, String text, JsonLocation at, List<Located> elements) {
    this.path = path;
    this.token = token;
    this.text = text;
    this.at = at;
    this.elements = elements;
  }

  /**
   * Reads the value at the parser's current token: a scalar with its text, an array with its
   * elements (nested objects and arrays keep only their kind), an object skipped.
   */
  static Located read(JsonParser p, String path) throws IOException {
    JsonToken t = p.currentToken();
    JsonLocation at = p.currentTokenLocation();
    if (t == JsonToken.START_ARRAY) {
      List<Located> elements = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        JsonToken e = p.currentToken();
        JsonLocation eAt = p.currentTokenLocation();
        String text = e.isScalarValue() ? p.getText() : null;
        if (e.isStructStart()) {
          p.skipChildren();
        }
        elements.add(new Located(path + "[" + elements.size() + "]", e, text, eAt));
      }
      return new Located(path, t, null, at, List.copyOf(elements));
    }
    String text = t.isScalarValue() ? p.getText() : null;
    if (t.isStructStart()) {
      p.skipChildren();
    }
    return new Located(path, t, text, at);
  }

  /**
   * Shows a value in a message: a string quoted (and cut at 40 characters), else its text or kind.
   */
  static String describe(Located v) {
    if (v.token == JsonToken.VALUE_STRING) {
      String s = v.text.length() > 40 ? v.text.substring(0, 40) + "..." : v.text;
      return SpecWriter.quote(s);
    }
    return v.text != null ? v.text : describe(v.token);
  }

  /** Names a token's kind: "an object", "an array", "a string"... */
  static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the input";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() != null ? t.asString() : t.name();
    };
  }

  /** Returns the start of a message: {@code "<source>: line L, column C: "}. */
  static String where(String source, JsonLocation at) {
    return (source == null ? "" : source + ": ")
        + "line "
        + at.getLineNr()
        + ", column "
        + at.getColumnNr()
        + ": ";
  }

  /** Returns Jackson's message with its positions written as ours ("line L, column C"). */
  static String jacksonMessage(JsonProcessingException e) {
    return e.getOriginalMessage()
        .replaceAll("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
  }

  /** Returns the dotted JSON path of a parser context, e.g. {@code connectivity.x[1]}. */
  static String pathOf(JsonStreamContext ctx) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.add(
            0, (c.getParent() != null && c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
      }
    }
    return String.join("", parts);
  }
}
