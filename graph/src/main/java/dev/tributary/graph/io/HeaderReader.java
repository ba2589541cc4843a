package dev.tributary.graph.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.collect.ImmutableList;
import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks a safetensors header, in the order the safetensors reference does: the length
 * against the limit and the file size, then UTF-8, JSON, each entry, and last how the entries tile
 * the data section. Only a length already checked against the file's real size is ever allocated.
 */
final class HeaderReader {
  /** Jackson's default string limits are lower than what a valid header may hold. */
  private static final JsonMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxStringLength((int) SafeTensors.MAX_HEADER_BYTES)
                          .maxNameLength((int) SafeTensors.MAX_HEADER_BYTES)
                          .build())
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** The dtypes of the safetensors reference; only F32 is supported. */
  private static final List<String> DTYPES =
      ImmutableList.of(
          "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32",
          "F32", "F64", "I64", "U64");

  private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");

  private final Path file;

  private HeaderReader(Path file) {
    this.file = file;
  }

  static SafeTensors.Header read(FileChannel ch, Path file) throws IOException {
    return new HeaderReader(file).read(ch);
  }

  private SafeTensors.Header read(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < Long.BYTES) {
      throw fail(
          "the file has %d bytes, fewer than the 8 of a safetensors header length; it is truncated"
              + " or not a safetensors file",
          size);
    }
    ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, prefix, 0);
    long n = prefix.flip().getLong();
    if (n < 0 || n > SafeTensors.MAX_HEADER_BYTES) {
      throw fail(
          "the header length is %s bytes, more than the %d a safetensors header may have; the file"
              + " is corrupt or not a safetensors file",
          Long.toUnsignedString(n), SafeTensors.MAX_HEADER_BYTES);
    }
    if (n > size - Long.BYTES) {
      throw fail(
          "the header length is %d bytes, but only %d bytes follow the length; the file is"
              + " truncated",
          n, size - Long.BYTES);
    }
    if (n == 0) {
      throw fail("the header is empty; a safetensors header is a JSON object");
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) n);
    readFully(ch, bytes, Long.BYTES);
    bytes.flip();
    if (bytes.get(0) != '{') {
      throw fail(
          "the header starts with byte 0x%02x, not '{'; the file is not a safetensors file",
          bytes.get(0) & 0xff);
    }
    JsonNode root = parse(decode(bytes));
    if (!root.isObject()) {
      throw fail("the header is JSON %s, not an object", root.getNodeType());
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<SafeTensors.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().equals(SafeTensors.METADATA_KEY)) {
        metadata = metadata(field.getValue());
      } else {
        entries.add(entry(field.getKey(), field.getValue()));
      }
    }
    return new SafeTensors.Header(metadata, tile(entries, size - Long.BYTES - n), n, size - 8 - n);
  }

  private String decode(ByteBuffer bytes) throws ModelFileException {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars = CharBuffer.allocate(bytes.remaining());
    CoderResult result = utf8.decode(bytes, chars, true);
    if (result.isError()) {
      throw fail(
          "the header is not valid UTF-8: byte %d of the header (file offset %d) starts an invalid"
              + " sequence",
          bytes.position(), Long.BYTES + bytes.position());
    }
    utf8.flush(chars);
    return chars.flip().toString();
  }

  private JsonNode parse(String json) throws ModelFileException {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at header column "
                  + e.getLocation().getColumnNr()
                  + " (line "
                  + e.getLocation().getLineNr()
                  + ")";
      throw new ModelFileException(
          file, "the header is not valid JSON" + where + ": " + Located.jacksonMessage(e), e);
    }
  }

  private Map<String, String> metadata(JsonNode node) throws ModelFileException {
    if (!node.isObject()) {
      throw fail("%s is %s; it must be an object of strings", SafeTensors.METADATA_KEY, kind(node));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw fail(
            "%s entry \"%s\" is %s; metadata values must be strings",
            SafeTensors.METADATA_KEY, e.getKey(), kind(e.getValue()));
      }
      metadata.put(e.getKey(), e.getValue().textValue());
    }
    return metadata;
  }

  private SafeTensors.Entry entry(String name, JsonNode node) throws ModelFileException {
    if (!node.isObject()) {
      throw fail(
          "tensor \"%s\" is %s; it must be an object with dtype, shape and data_offsets",
          name, kind(node));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!ENTRY_FIELDS.contains(field)) {
        throw fail(
            "tensor \"%s\" has an unknown field \"%s\"; an entry has dtype, shape and data_offsets",
            name, field);
      }
    }
    JsonNode dtype = required(node, name, "dtype");
    if (!dtype.isTextual()) {
      throw fail("tensor \"%s\" has dtype %s; it must be a string such as \"F32\"", name, dtype);
    }
    if (!dtype.textValue().equals("F32") && !dtype.textValue().equals("I64")) {
      throw fail(
          "tensor \"%s\" has dtype %s, which %s; only F32 is supported (and I64 for counters"
              + " such as num_batches_tracked): convert the tensor with .float() before saving",
          name,
          dtype,
          DTYPES.contains(dtype.textValue())
              ? "Tributary does not read"
              : "is not a safetensors dtype");
    }
    JsonNode shapeNode = required(node, name, "shape");
    if (!shapeNode.isArray()) {
      throw fail("tensor \"%s\" has shape %s; it must be an array of integers", name, shapeNode);
    }
    int[] shape = new int[shapeNode.size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      long d = nonNegative(shapeNode.get(i), name, "shape");
      if (d > Integer.MAX_VALUE) {
        throw fail("tensor \"%s\" has dimension %d, too large for an array", name, d);
      }
      shape[i] = (int) d;
      try {
        elements = Math.multiplyExact(elements, d);
      } catch (ArithmeticException overflow) {
        throw fail("tensor \"%s\" has shape %s, whose element count overflows", name, shapeNode);
      }
    }
    JsonNode offsets = required(node, name, "data_offsets");
    if (!offsets.isArray() || offsets.size() != 2) {
      throw fail("tensor \"%s\" has data_offsets %s; they must be [begin, end]", name, offsets);
    }
    long begin = nonNegative(offsets.get(0), name, "data_offsets");
    long end = nonNegative(offsets.get(1), name, "data_offsets");
    if (begin > end) {
      throw fail(
          "tensor \"%s\" has data_offsets [%d, %d], which begin after they end", name, begin, end);
    }
    long bytes;
    try {
      bytes = Math.multiplyExact(elements, (long) SafeTensors.bytesPerElement(dtype.textValue()));
    } catch (ArithmeticException overflow) {
      throw fail("tensor \"%s\" has shape %s, whose byte count overflows", name, shapeNode);
    }
    if (end - begin != bytes) {
      throw fail(
          "tensor \"%s\" has shape %s, %d elements of %s = %d bytes, but its data_offsets [%d,"
              + " %d] span %d bytes",
          name, shapeNode, elements, dtype.textValue(), bytes, begin, end, end - begin);
    }
    if (elements > Integer.MAX_VALUE - 8) {
      throw fail("tensor \"%s\" has %d elements, too many for one array", name, elements);
    }
    return new SafeTensors.Entry(name, dtype.textValue(), shape, begin, end);
  }

  /** Checks that the entries, sorted by offset, cover {@code [0, dataLength)} exactly once. */
  private List<SafeTensors.Entry> tile(List<SafeTensors.Entry> entries, long dataLength)
      throws ModelFileException {
    entries.sort(
        Comparator.comparingLong(SafeTensors.Entry::begin)
            .thenComparingLong(SafeTensors.Entry::end));
    long expected = 0;
    SafeTensors.Entry previous = null;
    for (SafeTensors.Entry e : entries) {
      if (e.begin() < expected) {
        throw fail(
            "tensors \"%s\" [%d, %d] and \"%s\" [%d, %d] overlap; every byte of the data belongs to"
                + " one tensor",
            previous.name(), previous.begin(), previous.end(), e.name(), e.begin(), e.end());
      }
      if (e.begin() > expected) {
        throw fail(
            "bytes [%d, %d) of the data belong to no tensor (a gap before \"%s\"); offsets must"
                + " tile the data from 0",
            expected, e.begin(), e.name());
      }
      expected = e.end();
      previous = e;
    }
    if (expected > dataLength) {
      throw fail(
          "tensor \"%s\" ends at data byte %d, but the data section has only %d bytes; the file is"
              + " truncated",
          previous.name(), expected, dataLength);
    }
    if (expected < dataLength) {
      throw fail(
          "%d trailing bytes follow the last tensor (the data section has %d bytes, the tensors"
              + " cover %d); the file is corrupt or was appended to",
          dataLength - expected, dataLength, expected);
    }
    return entries;
  }

  private JsonNode required(JsonNode node, String name, String field) throws ModelFileException {
    JsonNode value = node.get(field);
    if (value == null) {
      throw fail(
          "tensor \"%s\" has no %s; an entry has dtype, shape and data_offsets", name, field);
    }
    return value;
  }

  private long nonNegative(JsonNode n, String name, String field) throws ModelFileException {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
      throw fail(
          "tensor \"%s\" has %s %s; it must hold non-negative integers",
          name, field, n == null ? "missing" : n);
    }
    return n.longValue();
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> "null";
    };
  }

  private void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw fail("the file ended at byte %d while reading the header", position + buf.position());
      }
    }
  }

  @FormatMethod
  private ModelFileException fail(@FormatString String format, Object... args) {
    return new ModelFileException(file, String.format(format, args));
  }
}
