package dev.tributary.graph.io;

import static dev.tributary.graph.io.IoFixtures.assertMentions;
import static dev.tributary.graph.io.IoFixtures.assertSameNetwork;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.NetworkBuilder;
import dev.tributary.graph.Parameter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files: bitwise round trips, metadata, strict loading, checksums and atomic saving. */
class ModelFileTest {
  private static final long SEED = 11;

  @TempDir Path dir;

  private Network trained(NetworkBuilder maps) {
    Network net = maps.build(SEED);
    IoFixtures.scramble(net, 99);
    return net;
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private ModelFileException loadRejected(Path file) {
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    return e;
  }

  /** Rewrites a model file with other tensors but the same metadata (and so the same graph). */
  private Path rewritten(Path model, Map<String, Tensor> tensors) throws IOException {
    Path out = dir.resolve("edited.safetensors");
    Files.write(out, IoFixtures.written(tensors, ModelFile.readMetadata(model)));
    return out;
  }

  private static Map<String, Tensor> values(Network net) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    net.parameters().forEach((name, p) -> tensors.put(name, p.value()));
    return tensors;
  }

  // ---- round trips ------------------------------------------------------------------------------

  @Test
  void load_savedSeedNetwork_bitwiseSameParametersAndOutputs() throws IOException {
    Network net = trained(IoFixtures.seed());
    Path file = dir.resolve("seed.safetensors");

    ModelFile.save(net, file);
    Network back = ModelFile.load(file);

    assertSameNetwork(net, back);
    assertEquals(SEED, back.seed());
    Tensor x = IoFixtures.uniform(3, 16, 2);
    assertEquals(net.forward(x).copy(), back.forward(x));
    assertEquals(List.of("seed.safetensors"), filesInDir());
  }

  @Test
  void load_savedSiameseNetwork_sharedParametersStoredOnce() throws IOException {
    Network net = trained(IoFixtures.siamese());
    Path file = dir.resolve("siamese.safetensors");

    ModelFile.save(net, file);
    Network back = ModelFile.load(file);

    assertSameNetwork(net, back);
    List<String> stored =
        SafeTensors.readHeader(file).entries().stream().map(SafeTensors.Entry::name).toList();
    assertEquals(List.copyOf(net.parameters().keySet()), stored);
    assertFalse(stored.contains("fc1_p2.weight"), stored.toString());
    Map<String, Tensor> in =
        Map.of("p1", IoFixtures.uniform(1, 8, 2), "p2", IoFixtures.uniform(2, 8, 2));
    Map<String, Tensor> want = new LinkedHashMap<>();
    net.forward(in).forEach((k, v) -> want.put(k, v.copy()));
    assertEquals(want, back.forward(in));
  }

  @Test
  void load_committedFileOfTheFirstVersion_stillReadsBitwise() throws Exception {
    // Written once by ModelFile.save (format as of 0.1.0): later versions must keep reading it.
    Path file = Path.of(getClass().getResource("/io/seed-v1.safetensors").toURI());
    Network expected = IoFixtures.seed().build(3);
    IoFixtures.scramble(expected, 8);

    Network back = ModelFile.load(file);

    assertSameNetwork(expected, back);
    assertEquals(3, back.seed());
    assertEquals("200", ModelFile.readMetadata(file).get("train.epochs"));
  }

  @Test
  void save_layout_pytorchNamesShapesAndContiguousOffsetsInParameterOrder() throws IOException {
    Network net = trained(IoFixtures.converging());
    Path file = dir.resolve("m.safetensors");

    ModelFile.save(net, file);
    SafeTensors.Header h = SafeTensors.readHeader(file);

    long offset = 0;
    List<String> names = List.copyOf(net.parameters().keySet());
    assertEquals(
        List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "out.weight", "out.bias"),
        names);
    for (int i = 0; i < names.size(); i++) {
      SafeTensors.Entry e = h.entries().get(i);
      Parameter p = net.parameters().get(names.get(i));
      assertEquals(names.get(i), e.name());
      assertArrayEquals(p.value().shape(), e.shape());
      assertEquals(offset, e.begin());
      offset = e.end();
    }
    assertArrayEquals(new int[] {25, 2}, h.entries().get(0).shape());
    assertEquals(offset, h.dataLength());
    assertEquals(0, h.headerLength() % 8);
  }

  @Test
  void save_metadata_holdsFormatGraphSeedVersionAndChecksums() throws IOException {
    Network net = trained(IoFixtures.converging());
    Path file = dir.resolve("m.safetensors");

    ModelFile.save(net, file);
    Map<String, String> md = ModelFile.readMetadata(file);

    assertEquals("pt", md.get(ModelFile.FORMAT));
    assertEquals(Long.toString(SEED), md.get(ModelFile.SEED));
    assertEquals(GraphSpec.of(net), GraphSpec.parse(md.get(ModelFile.GRAPH)));
    assertFalse(md.get(ModelFile.VERSION).isBlank());
    assertEquals(Checksums.hex(Checksums.data(values(net).values())), md.get(ModelFile.DATA_CRC32));
    assertTrue(md.get(ModelFile.METADATA_CRC32).matches("[0-9a-f]{8}"), md.toString());
  }

  @Test
  void readMetadata_extraEntries_roundTripInOrder() throws IOException {
    Network net = trained(IoFixtures.seed());
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("train.epochs", "200");
    extra.put("train.loss", "BCELoss 0.0132");
    extra.put("data", "disc, 1000 points, σ=0.1\n\"quoted\"");
    Path file = dir.resolve("m.safetensors");

    ModelFile.save(net, file, extra);
    Map<String, String> md = ModelFile.readMetadata(file);

    for (Map.Entry<String, String> e : extra.entrySet()) {
      assertEquals(e.getValue(), md.get(e.getKey()), e.getKey());
    }
    List<String> keys = List.copyOf(md.keySet());
    assertTrue(keys.indexOf("train.epochs") < keys.indexOf("data"), keys.toString());
    assertEquals(ModelFile.METADATA_CRC32, keys.get(keys.size() - 1));
    assertSameNetwork(net, ModelFile.load(file));
  }

  @Test
  void save_reservedOrNullExtraKey_isRejectedBeforeWriting() {
    Network net = trained(IoFixtures.seed());
    Path file = dir.resolve("m.safetensors");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelFile.save(net, file, Map.of(ModelFile.GRAPH, "{}")));
    assertMentions(e, "tributary.graph", "reserved");
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("k", null);
    assertThrows(IllegalArgumentException.class, () -> ModelFile.save(net, file, nullValue));
    assertFalse(Files.exists(file));
  }

  // ---- strict loading ---------------------------------------------------------------------------

  @Test
  void load_missingUnexpectedAndWrongShapedTensors_areAllNamed() throws IOException {
    Network net = trained(IoFixtures.converging());
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(net, file);
    Map<String, Tensor> tensors = values(net);
    tensors.remove("fc2.bias");
    tensors.put("fc9.weight", Tensor.zeros(1, 1));
    tensors.put("out.weight", Tensor.zeros(2, 25));

    ModelFileException e = loadRejected(rewritten(file, tensors));

    assertMentions(
        e,
        "missing tensors [fc2.bias]",
        "unexpected tensors [fc9.weight]",
        "out.weight is [2, 25] in the file but [1, 25] in the graph");
  }

  @Test
  void load_safetensorsWithoutGraph_saysWhatIsMissing() throws IOException {
    Path file = dir.resolve("plain.safetensors");
    Files.write(file, IoFixtures.written(Map.of("w", Tensor.zeros(2)), Map.of("format", "pt")));

    assertMentions(loadRejected(file), "no tributary.graph entry");
  }

  @Test
  void load_invalidGraphInMetadata_nestsTheGraphError() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    Files.write(
        file,
        IoFixtures.written(
            Map.of(),
            Map.of(
                ModelFile.GRAPH,
                "{\"operators\": {\"x\": {\"type\": \"Conv\"}}, \"connectivity\": {\"x\": []}}")));

    assertMentions(
        loadRejected(file),
        "the graph in tributary.graph is invalid",
        "operators.x.type: unknown operator type \"Conv\"");
  }

  @Test
  void load_invalidSeed_isRejected() throws IOException {
    Network net = trained(IoFixtures.seed());
    Map<String, String> md = new LinkedHashMap<>();
    md.put(ModelFile.GRAPH, GraphSpec.of(net).toJson());
    md.put(ModelFile.SEED, "eleven");
    Path file = dir.resolve("m.safetensors");
    Files.write(file, IoFixtures.written(values(net), md));

    assertMentions(loadRejected(file), "tributary.seed is \"eleven\", not an integer");
  }

  @Test
  void load_withoutChecksums_acceptsFilesFromOtherWriters() throws IOException {
    Network net = trained(IoFixtures.seed());
    Path file = dir.resolve("m.safetensors");
    Files.write(
        file, IoFixtures.written(values(net), Map.of(ModelFile.GRAPH, GraphSpec.of(net).toJson())));

    Network back = ModelFile.load(file);

    assertSameNetwork(net, back);
    assertEquals(0, back.seed());
  }

  @Test
  void load_missingFile_throwsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> ModelFile.load(dir.resolve("none")));
  }

  // ---- corruption -------------------------------------------------------------------------------

  @Test
  void load_dataBitFlip_failsTheChecksum() throws IOException {
    Network net = trained(IoFixtures.seed());
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(net, file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 3] ^= 0x10;
    Files.write(file, bytes);

    assertMentions(
        loadRejected(file), "the data does not match its checksum (tributary.crc32 is", "corrupt");
  }

  @Test
  void load_metadataBitFlip_failsTheMetadataChecksum() throws IOException {
    Network net = trained(IoFixtures.seed());
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(net, file, Map.of("train.epochs", "200"));
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    bytes[text.indexOf("\"200\"") + 1] ^= 0x01; // "200" -> "300"
    Files.write(file, bytes);

    assertMentions(loadRejected(file), "the metadata does not match its checksum");
  }

  @Test
  void load_aBitFlipInEveryByteOfATinyModel_isRejected() throws IOException {
    Network net =
        Network.builder()
            .add("x", new dev.tributary.graph.op.Input(1))
            .add("f", new dev.tributary.graph.op.Linear(1, 1))
            .connect("x", "f")
            .build(SEED);
    IoFixtures.scramble(net, 5);
    Path good = dir.resolve("good.safetensors");
    ModelFile.save(net, good);
    byte[] bytes = Files.readAllBytes(good);
    Path file = dir.resolve("flipped.safetensors");

    int accepted = 0;
    StringBuilder which = new StringBuilder();
    // One bit per byte (a different bit in consecutive bytes) keeps this test fast.
    for (int i = 0; i < bytes.length; i++) {
      int bit = i * 8 + i % 8;
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
      Files.write(file, bytes);
      try {
        ModelFile.load(file);
        accepted++;
        which.append(bit / 8).append(':').append(bit % 8).append(' ');
      } catch (ModelFileException expected) {
        // The one allowed outcome.
      }
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    }

    assertEquals(0, accepted, "flips accepted at byte:bit " + which);
  }

  @Test
  void load_onlyOneChecksum_isRejected() throws IOException {
    Network net = trained(IoFixtures.seed());
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(net, file);
    Map<String, String> md = new LinkedHashMap<>(ModelFile.readMetadata(file));
    md.remove(ModelFile.METADATA_CRC32);
    Files.write(file, IoFixtures.written(values(net), md));

    assertMentions(
        loadRejected(file),
        "the metadata has tributary.crc32 but not tributary.metadata.crc32",
        "corrupt");
  }

  @Test
  void load_everyTruncation_isRejected() throws IOException {
    Network net = trained(IoFixtures.seed());
    Path good = dir.resolve("good.safetensors");
    ModelFile.save(net, good);
    byte[] bytes = Files.readAllBytes(good);
    Path file = dir.resolve("cut.safetensors");

    for (int length = 0; length < bytes.length; length += 97) {
      Files.write(file, java.util.Arrays.copyOf(bytes, length));
      loadRejected(file);
    }
  }

  // ---- atomic save ------------------------------------------------------------------------------

  @Test
  void save_failingAtAnyOffset_leavesTheOldFileLoadableAndNoTemporaryFiles() throws IOException {
    Network old = trained(IoFixtures.seed());
    Network updated = trained(IoFixtures.seed());
    IoFixtures.scramble(updated, 1234);
    Path file = dir.resolve("model.safetensors");
    ModelFile.save(old, file);
    long size = Files.size(file);
    long headerEnd = SafeTensors.readHeader(file).dataStart();

    for (long failAt : new long[] {0, 1, 7, 8, 9, headerEnd - 1, headerEnd, size / 2, size - 1}) {
      ModelFileException e =
          assertThrows(
              ModelFileException.class,
              () ->
                  ModelFile.save(
                      updated,
                      file,
                      Map.of(),
                      out -> new IoFixtures.FailingOutputStream(out, failAt)));

      assertMentions(e, "writing failed", "injected failure at byte " + failAt, "unchanged");
      assertSameNetwork(old, ModelFile.load(file));
      assertEquals(List.of("model.safetensors"), filesInDir(), "after failing at " + failAt);
    }
    ModelFile.save(updated, file, Map.of(), out -> new IoFixtures.FailingOutputStream(out, size));
    assertSameNetwork(updated, ModelFile.load(file));
  }

  @Test
  void save_interruptedAtEveryByteOfASmallModel_oldFileStillLoadsBitwise() throws IOException {
    NetworkBuilder small =
        Network.builder()
            .add("x", new dev.tributary.graph.op.Input(2))
            .add("fc", new dev.tributary.graph.op.Linear(2, 1))
            .connect("x", "fc");
    Network old = small.build(1);
    Network updated = small.build(2);
    Path file = dir.resolve("small.safetensors");
    ModelFile.save(old, file);
    long size = Files.size(file);
    for (long failAt = 0; failAt < size; failAt++) {
      long at = failAt;
      ModelFileException e =
          assertThrows(
              ModelFileException.class,
              () ->
                  ModelFile.save(
                      updated, file, Map.of(), out -> new IoFixtures.FailingOutputStream(out, at)));
      assertMentions(e, file.toString(), "No space left on device", "unchanged");
      assertSameNetwork(old, ModelFile.load(file));
      assertEquals(List.of("small.safetensors"), filesInDir(), "after failing at " + failAt);
    }
  }

  @Test
  void save_failingWithoutOldFile_leavesNothing() throws IOException {
    Network net = trained(IoFixtures.seed());
    Path file = dir.resolve("model.safetensors");

    assertThrows(
        ModelFileException.class,
        () ->
            ModelFile.save(
                net, file, Map.of(), out -> new IoFixtures.FailingOutputStream(out, 100)));

    assertFalse(Files.exists(file));
    assertEquals(List.of(), filesInDir());
  }

  @Test
  void save_runtimeFailureInTheStream_deletesTheTemporaryFile() throws IOException {
    Network net = trained(IoFixtures.seed());
    Path file = dir.resolve("model.safetensors");

    assertThrows(
        IllegalStateException.class,
        () ->
            ModelFile.save(
                net,
                file,
                Map.of(),
                out ->
                    new OutputStream() {
                      @Override
                      public void write(int b) {
                        throw new IllegalStateException("boom");
                      }
                    }));

    assertEquals(List.of(), filesInDir());
  }

  @Test
  void save_overExistingFile_replacesIt() throws IOException {
    Path file = dir.resolve("model.safetensors");
    ModelFile.save(trained(IoFixtures.converging()), file);
    Network seed = trained(IoFixtures.seed());

    ModelFile.save(seed, file);

    assertSameNetwork(seed, ModelFile.load(file));
    assertEquals(List.of("model.safetensors"), filesInDir());
  }

  @Test
  void save_missingFolder_namesTheFolder() {
    Path file = dir.resolve("no").resolve("such").resolve("model.safetensors");

    ModelFileException e =
        assertThrows(
            ModelFileException.class, () -> ModelFile.save(trained(IoFixtures.seed()), file));

    assertMentions(e, file.toString(), "the folder " + file.getParent() + " does not exist");
  }

  @Test
  void save_targetIsAFolder_saysSo() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("model.safetensors"));

    ModelFileException e =
        assertThrows(
            ModelFileException.class, () -> ModelFile.save(trained(IoFixtures.seed()), folder));

    assertMentions(e, "is a folder");
  }

  @Test
  void save_readOnlyFolder_namesTheFolder() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("ro"));
    folder.toFile().setWritable(false, false);
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(
          Files.isWritable(folder), "running as a user that can write anywhere (root)");
      Path file = folder.resolve("model.safetensors");

      ModelFileException e =
          assertThrows(
              ModelFileException.class, () -> ModelFile.save(trained(IoFixtures.seed()), file));

      assertMentions(e, "cannot write in the folder " + folder.toAbsolutePath());
    } finally {
      folder.toFile().setWritable(true, false);
    }
  }
}
