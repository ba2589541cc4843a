package dev.tributary.graph.io;

import static dev.tributary.graph.io.IoFixtures.assertMentions;
import static dev.tributary.graph.io.IoFixtures.safetensors;
import static dev.tributary.graph.io.IoFixtures.withLength;
import static dev.tributary.graph.io.IoFixtures.written;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors byte layout: golden bytes, round trips, and every rejection of the reader. */
class SafeTensorsTest {
  @TempDir Path dir;

  private Path file(byte[] bytes) throws IOException {
    return Files.write(dir.resolve("t.safetensors"), bytes);
  }

  private ModelFileException rejected(byte[] bytes) throws IOException {
    Path f = file(bytes);
    ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertEquals(f, e.file());
    return e;
  }

  /** A valid one-tensor header with the given entry for tensor "a". */
  private ModelFileException rejectedEntry(String entry, int dataBytes) throws IOException {
    return rejected(safetensors("{\"a\":" + entry + "}", dataBytes));
  }

  // ---- golden bytes -----------------------------------------------------------------------------

  @Test
  void write_attn0Shape123_goldenBytesWithHeaderLength64() throws IOException {
    float[] values = {0f, 1f, 2f, 3f, 4f, 5f};
    Map<String, Tensor> tensors = Map.of("attn.0", Tensor.of(values, 1, 2, 3));

    byte[] bytes = written(tensors, Map.of());

    String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
    ByteBuffer expected = ByteBuffer.allocate(8 + 64 + 24).order(ByteOrder.LITTLE_ENDIAN);
    expected.putLong(64).put(header.getBytes(StandardCharsets.US_ASCII));
    for (float v : values) {
      expected.putFloat(v);
    }
    assertEquals(64, header.length());
    assertArrayEquals(expected.array(), bytes);
  }

  @Test
  void write_metadataAndOddHeader_metadataFirstAndSpacePadded() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("b", Tensor.of(new float[] {1.5f}, 1));
    tensors.put("a", Tensor.of(new float[] {-2f, 0.25f}, 2));

    byte[] bytes = written(tensors, Map.of("format", "pt"));

    String json =
        "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    int n = (json.length() + 7) / 8 * 8;
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(n, b.getLong());
    assertEquals(
        json + " ".repeat(n - json.length()), new String(bytes, 8, n, StandardCharsets.UTF_8));
    b.position(8 + n);
    assertEquals(List.of(1.5f, -2f, 0.25f), List.of(b.getFloat(), b.getFloat(), b.getFloat()));
    assertEquals(8 + n + 12, bytes.length);
  }

  // ---- round trips ------------------------------------------------------------------------------

  @Test
  void read_written_roundTripsBitwiseWithMetadataAndOrder() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("w", IoFixtures.uniform(5, 70, 300)); // spans several 64 KiB chunks
    tensors.put(
        "special",
        Tensor.of(
            new float[] {
              -0f, Float.MIN_VALUE, Float.NaN, Float.intBitsToFloat(0xffc0beef), Float.MAX_VALUE
            },
            5));
    tensors.put("empty", Tensor.zeros(0, 3));
    tensors.put("ünï", Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 1, 2));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("z", "last\nline \"quoted\"");
    metadata.put("a", "π");
    Path f = file(written(tensors, metadata));

    SafeTensors back = SafeTensors.read(f);

    assertEquals(metadata, back.metadata());
    assertEquals(List.copyOf(metadata.keySet()), List.copyOf(back.metadata().keySet()));
    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()));
    for (String name : tensors.keySet()) {
      Tensor want = tensors.get(name);
      Tensor got = back.tensors().get(name);
      assertArrayEquals(want.shape(), got.shape(), name);
      for (int i = 0; i < want.size(); i++) {
        assertEquals(
            Float.floatToRawIntBits(want.data()[i]), Float.floatToRawIntBits(got.data()[i]), name);
      }
    }
    CRC32 crc = new CRC32();
    byte[] bytes = Files.readAllBytes(f);
    long dataStart = back.header().dataStart();
    crc.update(bytes, (int) dataStart, (int) (bytes.length - dataStart));
    assertEquals(crc.getValue(), back.dataCrc32());
  }

  @Test
  void read_metadataValueLongerThanJacksonsDefaultLimit_isAccepted() throws IOException {
    String big = "x".repeat(21_000_000); // Jackson's default maximum string length is 20M
    Path f = file(written(Map.of(), Map.of("big", big)));

    assertEquals(big, SafeTensors.readHeader(f).metadata().get("big"));
  }

  @Test
  void readHeader_writtenFile_entriesInDataOrderWithContiguousOffsets() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("fc1.weight", Tensor.zeros(25, 2));
    tensors.put("fc1.bias", Tensor.zeros(25));
    Path f = file(written(tensors, Map.of()));

    SafeTensors.Header h = SafeTensors.readHeader(f);

    assertEquals(2, h.entries().size());
    assertEquals("fc1.weight F32 [25, 2] [0, 200)", h.entries().get(0).toString());
    assertEquals("fc1.bias F32 [25] [200, 300)", h.entries().get(1).toString());
    assertEquals(300, h.dataLength());
    assertEquals(Files.size(f), h.dataStart() + h.dataLength());
    assertTrue(h.metadata().isEmpty());
  }

  @Test
  void read_handWrittenFileWithOffsetsOutOfKeyOrder_sortsByOffset() throws IOException {
    byte[] bytes =
        safetensors(
            "{\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"first\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            8);

    SafeTensors back = SafeTensors.read(file(bytes));

    assertEquals(List.of("first", "second"), List.copyOf(back.tensors().keySet()));
    assertEquals(Float.intBitsToFloat(0x07060504), back.tensors().get("second").data()[0]);
  }

  @Test
  void write_reservedOrNullNames_areRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> written(Map.of("__metadata__", Tensor.zeros(1)), Map.of()));
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("k", null);
    assertThrows(
        IllegalArgumentException.class, () -> written(Map.of("a", Tensor.zeros(1)), nullValue));
  }

  // ---- rejections: length prefix ----------------------------------------------------------------

  @Test
  void read_shorterThan8Bytes_isTruncated() throws IOException {
    assertMentions(rejected(new byte[0]), "the file has 0 bytes, fewer than the 8");
    assertMentions(rejected(new byte[7]), "the file has 7 bytes");
  }

  @Test
  void read_headerLengthOver100MB_isRejectedWithoutAllocating() throws IOException {
    assertMentions(
        rejected(withLength(100_000_001L, new byte[16])),
        "header length is 100000001 bytes, more than the 100000000");
    assertMentions(rejected(withLength(-1L, new byte[16])), "18446744073709551615 bytes");
  }

  @Test
  void read_headerLongerThanFile_isTruncated() throws IOException {
    // Claims 2 GB... of header, but within the 100 MB limit it must still fit the file.
    assertMentions(
        rejected(withLength(99_999_992L, "{}".getBytes(StandardCharsets.US_ASCII))),
        "header length is 99999992 bytes, but only 2 bytes follow");
  }

  @Test
  void read_emptyHeader_isRejected() throws IOException {
    assertMentions(rejected(withLength(0, new byte[0])), "the header is empty");
  }

  // ---- rejections: header text ------------------------------------------------------------------

  @Test
  void read_invalidUtf8_givesTheOffset() throws IOException {
    byte[] bytes = safetensors("{\"a\u00ff\":{}}", 0);
    bytes[8 + 3] = (byte) 0xff; // the lone byte replaces the two-byte ÿ's first byte
    assertMentions(rejected(bytes), "not valid UTF-8", "byte 3 of the header (file offset 11)");
  }

  @Test
  void read_invalidJson_isNamed() throws IOException {
    assertMentions(rejected(safetensors("{\"a\":", 0)), "the header is not valid JSON");
  }

  @Test
  void read_trailingTokensInHeader_areInvalidJson() throws IOException {
    assertMentions(rejected(safetensors("{} []", 0)), "not valid JSON", "Trailing token");
  }

  @Test
  void read_headerNotAnObject_isRejected() throws IOException {
    assertMentions(rejected(safetensors("[1, 2]", 0)), "starts with byte 0x5b, not '{'");
    assertMentions(rejected(safetensors(" {}", 0)), "starts with byte 0x20");
  }

  @Test
  void read_duplicateKeys_areRejected() throws IOException {
    String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
    assertMentions(
        rejected(safetensors("{\"a\":" + entry + ",\"a\":" + entry + "}", 4)),
        "not valid JSON",
        "Duplicate field 'a'");
  }

  @Test
  void read_metadataNotStrings_isRejected() throws IOException {
    assertMentions(
        rejected(safetensors("{\"__metadata__\":{\"epochs\":3}}", 0)),
        "__metadata__ entry \"epochs\" is a number; metadata values must be strings");
    assertMentions(
        rejected(safetensors("{\"__metadata__\":[]}", 0)),
        "__metadata__ is an array; it must be an object of strings");
  }

  // ---- rejections: entries ----------------------------------------------------------------------

  @Test
  void read_entryNotAnObject_isRejected() throws IOException {
    assertMentions(rejectedEntry("[1]", 0), "tensor \"a\" is an array");
  }

  @Test
  void read_entryMissingAField_namesIt() throws IOException {
    assertMentions(
        rejectedEntry("{\"shape\":[1],\"data_offsets\":[0,4]}", 4), "tensor \"a\" has no dtype");
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"data_offsets\":[0,4]}", 4),
        "tensor \"a\" has no shape");
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[1]}", 4), "tensor \"a\" has no data_offsets");
  }

  @Test
  void read_unknownEntryField_isRejected() throws IOException {
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}", 4),
        "tensor \"a\" has an unknown field \"x\"");
  }

  @Test
  void read_otherDtype_saysOnlyF32IsSupported() throws IOException {
    assertMentions(
        rejectedEntry("{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}", 4),
        "tensor \"a\" has dtype \"F16\", which Tributary does not read; only F32 is supported");
    assertMentions(
        rejectedEntry("{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}", 4),
        "\"Q4\", which is not a safetensors dtype");
    assertMentions(
        rejectedEntry("{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}", 4),
        "dtype 32; it must be a string");
  }

  @Test
  void read_negativeOrFractionalShape_isRejected() throws IOException {
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}", 4),
        "tensor \"a\" has shape -1; it must hold non-negative integers");
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}", 4),
        "shape 1.0");
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":{},\"data_offsets\":[0,4]}", 4),
        "shape {}; it must be an array");
  }

  @Test
  void read_overflowingShape_isRejected() throws IOException {
    assertMentions(
        rejectedEntry(
            "{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],"
                + "\"data_offsets\":[0,4]}",
            4),
        "element count overflows");
    assertMentions(
        rejectedEntry(
            "{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}", 4),
        "must hold non-negative integers");
  }

  @Test
  void read_hugeTensorInSmallFile_isRejectedWithoutAllocating() throws IOException {
    // 4 GB of claimed data in a 100-byte file: the offsets are checked against the file first.
    assertMentions(
        rejectedEntry(
            "{\"dtype\":\"F32\",\"shape\":[1073741824],\"data_offsets\":[0,4294967296]}", 4),
        "ends at data byte 4294967296, but the data section has only 4 bytes; the file is"
            + " truncated");
  }

  @Test
  void read_offsetsBeginAfterEnd_isRejected() throws IOException {
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}", 4),
        "data_offsets [4, 0], which begin after they end");
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}", 4),
        "they must be [begin, end]");
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}", 4),
        "data_offsets -4");
  }

  @Test
  void read_sizeNotShapeTimes4_isRejected() throws IOException {
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}", 20),
        "shape [2,3], 6 elements of F32 = 24 bytes, but its data_offsets [0, 20] span 20 bytes");
  }

  @Test
  void read_overlappingOffsets_areRejected() throws IOException {
    assertMentions(
        rejected(
            safetensors(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                12)),
        "tensors \"a\" [0, 8] and \"b\" [4, 12] overlap");
  }

  @Test
  void read_gappedOffsets_areRejected() throws IOException {
    assertMentions(
        rejected(
            safetensors(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
                12)),
        "bytes [4, 8) of the data belong to no tensor (a gap before \"b\")");
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}", 8),
        "bytes [0, 4) of the data belong to no tensor");
  }

  @Test
  void read_trailingBytes_areRejected() throws IOException {
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", 5),
        "1 trailing bytes follow the last tensor");
    assertMentions(rejected(safetensors("{}", 3)), "3 trailing bytes");
  }

  @Test
  void read_dataShorterThanOffsets_isTruncated() throws IOException {
    assertMentions(
        rejectedEntry("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", 6),
        "tensor \"a\" ends at data byte 8, but the data section has only 6 bytes");
  }

  @Test
  void read_everyTruncationOfAValidFile_isRejected() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("w", IoFixtures.uniform(1, 3, 2));
    tensors.put("b", IoFixtures.uniform(2, 1, 3));
    byte[] bytes = written(tensors, Map.of("k", "v"));

    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(bytes, length);
      rejected(cut);
    }
  }
}
