package dev.tributary.graph.io;

import com.google.common.collect.ImmutableSet;
import dev.tributary.core.Tensor;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.Predictor;
import dev.tributary.graph.op.Operator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Saves a {@link Network} as one safetensors file and loads it back: the parameters under their
 * {@link Network#parameters()} names ({@code fc1.weight} {@code [out, in]}, {@code fc1.bias} {@code
 * [out]}), float32 little-endian, and the graph and training facts in {@code __metadata__}, so the
 * one file rebuilds the network. PyTorch's {@code safetensors.torch.load_file} reads it as the
 * {@code state_dict} of an equivalent {@code nn.Module}.
 *
 * <p>Metadata written: {@value #FORMAT} = {@code "pt"}; {@value #GRAPH}, the graph file ({@link
 * GraphSpec#toJson()}); {@value #SEED}; {@value #VERSION}; {@value #DATA_CRC32}, the CRC-32 of the
 * data section; the caller's extra entries; and last {@value #METADATA_CRC32}, the CRC-32 of all
 * the other metadata. Loading checks both checksums when present, so a bit flip anywhere in the
 * file is rejected.
 *
 * <p>Saving is atomic: a failed or interrupted save leaves the previous file intact. Loading is
 * strict: missing, unexpected or wrong-shaped tensors are reported by name, and nothing is
 * allocated before the header has been checked against the file's size and the graph against the
 * tensors. The format is described in {@code docs/model-format.md}.
 */
public final class ModelFile {
  /** Metadata key of the safetensors convention: {@code "pt"} for PyTorch tensors. */
  public static final String FORMAT = "format";

  /** Metadata key of the graph, as the JSON of a graph file. */
  public static final String GRAPH = "tributary.graph";

  /** Metadata key of the seed the network's parameters were initialised from. */
  public static final String SEED = "tributary.seed";

  /** Metadata key of the version of Tributary that wrote the file. */
  public static final String VERSION = "tributary.version";

  /** Metadata key of the CRC-32 of the data section, 8 lower-case hex digits. */
  public static final String DATA_CRC32 = "tributary.crc32";

  /** Metadata key of the CRC-32 of the other metadata entries, 8 lower-case hex digits. */
  public static final String METADATA_CRC32 = "tributary.metadata.crc32";

  /** The keys {@code save} writes itself; extra metadata may not use them. */
  public static final Set<String> RESERVED_KEYS =
      ImmutableSet.of(FORMAT, GRAPH, SEED, VERSION, DATA_CRC32, METADATA_CRC32);

  private static final String LIBRARY_VERSION = "0.1.0-SNAPSHOT";

  private ModelFile() {}

  /**
   * Saves a network atomically.
   *
   * @throws IllegalArgumentException if the network holds an operator graph files cannot express
   * @throws ModelFileException if the folder is missing or not writable, or writing fails; the
   *     previous file, if any, is then unchanged
   * @throws IOException if another I/O error occurs
   */
  public static void save(Network network, Path file) throws IOException {
    save(network, file, Map.of());
  }

  /**
   * Saves a network atomically, with extra string entries (training facts: epochs, loss, data...)
   * in the metadata.
   *
   * @param extraMetadata entries to store; keys must not be among {@link #RESERVED_KEYS}
   * @throws IllegalArgumentException if an extra key is reserved or null, a value is null, or the
   *     network holds an operator graph files cannot express
   * @throws ModelFileException if the folder is missing or not writable, or writing fails; the
   *     previous file, if any, is then unchanged
   * @throws IOException if another I/O error occurs
   */
  public static void save(Network network, Path file, Map<String, String> extraMetadata)
      throws IOException {
    save(network, file, extraMetadata, UnaryOperator.identity());
  }

  /** Saves, writing through {@code faults} (tests inject failing streams with it). */
  static void save(
      Network network,
      Path file,
      Map<String, String> extraMetadata,
      UnaryOperator<OutputStream> faults)
      throws IOException {
    if (network == null || file == null || extraMetadata == null) {
      throw new IllegalArgumentException(
          "ModelFile.save: network, file and metadata must be given");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    network.parameters().forEach((name, p) -> tensors.put(name, p.value()));
    tensors.putAll(network.buffers());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(FORMAT, "pt");
    metadata.put(VERSION, LIBRARY_VERSION);
    metadata.put(SEED, Long.toString(network.seed()));
    metadata.put(GRAPH, GraphSpec.of(network).toJson());
    Set<String> int64 = integerBuffers(network);
    metadata.put(DATA_CRC32, Checksums.hex(Checksums.data(tensors, int64)));
    extraMetadata.forEach(
        (k, v) -> {
          if (k == null || v == null || RESERVED_KEYS.contains(k)) {
            throw new IllegalArgumentException(
                "ModelFile.save: extra metadata entry "
                    + k
                    + "="
                    + v
                    + " has a null or reserved key or a null value; the reserved keys are "
                    + RESERVED_KEYS);
          }
          metadata.put(k, v);
        });
    metadata.put(METADATA_CRC32, Checksums.hex(Checksums.metadata(metadata, METADATA_CRC32)));
    AtomicFile.write(file, out -> SafeTensors.write(tensors, int64, metadata, out), faults);
  }

  /**
   * Loads a network saved by {@link #save}: rebuilds it from the graph in the metadata, then loads
   * every parameter, bitwise.
   *
   * @throws ModelFileException if the file is not a valid model file: invalid safetensors (see
   *     {@link SafeTensors}), no or invalid graph, tensors that do not match the graph's parameters
   *     (each named), or a checksum mismatch
   * @throws IOException if the file cannot be read
   */
  public static Network load(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      SafeTensors.Header header = HeaderReader.read(ch, file);
      Map<String, String> metadata = header.metadata();
      checkMetadataCrc(file, metadata);
      GraphSpec spec = graph(file, metadata);
      checkTensors(file, tensorShapes(file, spec), header.entries());
      Network network;
      try {
        network = spec.build(seed(file, metadata));
      } catch (GraphException e) {
        throw new ModelFileException(
            file, "the graph in " + GRAPH + " is invalid: " + e.getMessage(), e);
      }
      Map<String, Parameter> params = network.parameters();
      Map<String, Tensor> buffers = network.buffers();
      long crc =
          SafeTensors.readData(
              ch,
              file,
              header,
              e ->
                  params.containsKey(e.name())
                      ? params.get(e.name()).value().data()
                      : buffers.get(e.name()).data());
      String expected = metadata.get(DATA_CRC32);
      if (expected != null && !expected.equals(Checksums.hex(crc))) {
        throw new ModelFileException(
            file,
            String.format(
                "the data does not match its checksum (%s is %s, the data's CRC-32 is %s); the"
                    + " file is corrupt",
                DATA_CRC32, expected, Checksums.hex(crc)));
      }
      return network;
    }
  }

  /**
   * Loads a model file's parameters into an existing network by name, for fine-tuning: each
   * parameter of {@code network} whose name and shape match one in the file gets the file's values;
   * the others keep theirs. The file is checked in full first (as {@link #load}), so a bad file
   * changes nothing.
   *
   * @return which names matched, which are missing from the file, which are only in the file, and
   *     which differ in shape
   * @throws ModelFileException if the file is not a valid model file
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if {@code network} is null
   */
  public static ParameterLoad loadParametersInto(Network network, Path file) throws IOException {
    if (network == null) {
      throw new IllegalArgumentException("ModelFile.loadParametersInto: the network is null");
    }
    return ParameterLoad.copy(load(file), network);
  }

  /**
   * Loads a model file as a thread-safe {@link Predictor}: {@link #load} then {@link
   * Predictor#of(Network, dev.tributary.graph.Scaling)} with the scaling the file's metadata stores
   * ({@link DataMetadata#scaling}: features standardized in, targets mapped back out), so {@link
   * Predictor#predict(Tensor)} gives the numbers {@code tributary predict} prints; {@link
   * Predictor#predictRaw} gives the network's own outputs.
   *
   * @throws ModelFileException if the file is not a valid model file (see {@link #load}) or its
   *     data metadata is malformed
   * @throws IOException if the file cannot be read
   */
  public static Predictor loadPredictor(Path file) throws IOException {
    Network network = load(file);
    Optional<DataMetadata> data = DataMetadata.from(file, readMetadata(file));
    if (data.isEmpty() || network.inputs().size() != 1 || network.outputs().size() != 1) {
      return Predictor.of(network);
    }
    return Predictor.of(network, data.get().scaling());
  }

  /**
   * Reads the metadata of a model file (or any safetensors file) without reading the tensors.
   *
   * @throws ModelFileException if the header is invalid
   * @throws IOException if the file cannot be read
   */
  public static Map<String, String> readMetadata(Path file) throws IOException {
    return SafeTensors.readHeader(file).metadata();
  }

  private static void checkMetadataCrc(Path file, Map<String, String> metadata)
      throws ModelFileException {
    // save writes both checksums; a file with one of them only had a key damaged.
    if (metadata.containsKey(DATA_CRC32) != metadata.containsKey(METADATA_CRC32)) {
      throw new ModelFileException(
          file,
          String.format(
              "the metadata has %s but not %s; ModelFile.save writes both, so the file is corrupt",
              metadata.containsKey(DATA_CRC32) ? DATA_CRC32 : METADATA_CRC32,
              metadata.containsKey(DATA_CRC32) ? METADATA_CRC32 : DATA_CRC32));
    }
    String expected = metadata.get(METADATA_CRC32);
    String actual = Checksums.hex(Checksums.metadata(metadata, METADATA_CRC32));
    if (expected != null && !expected.equals(actual)) {
      throw new ModelFileException(
          file,
          String.format(
              "the metadata does not match its checksum (%s is %s, the metadata's CRC-32 is %s);"
                  + " the file is corrupt",
              METADATA_CRC32, expected, actual));
    }
  }

  private static GraphSpec graph(Path file, Map<String, String> metadata)
      throws ModelFileException {
    String json = metadata.get(GRAPH);
    if (json == null) {
      throw new ModelFileException(
          file,
          "the metadata has no "
              + GRAPH
              + " entry, so the network cannot be rebuilt; was the file written by"
              + " ModelFile.save? (SafeTensors.read reads its tensors)");
    }
    try {
      return GraphSpec.parse(json);
    } catch (GraphException e) {
      throw new ModelFileException(
          file, "the graph in " + GRAPH + " is invalid: " + e.getMessage(), e);
    }
  }

  /** The names of the buffers PyTorch stores as int64 (counters such as num_batches_tracked). */
  private static Set<String> integerBuffers(Network network) {
    Set<String> names = new java.util.HashSet<>();
    network
        .operators()
        .forEach(
            (node, op) -> {
              for (Operator.BufferSpec b : op.bufferSpecs()) {
                if (b.integer()) {
                  names.add(node + "." + b.suffix());
                }
              }
            });
    return names;
  }

  private static Map<String, int[]> tensorShapes(Path file, GraphSpec spec)
      throws ModelFileException {
    try {
      return spec.tensorShapes();
    } catch (GraphException e) {
      throw new ModelFileException(
          file, "the graph in " + GRAPH + " is invalid: " + e.getMessage(), e);
    }
  }

  private static long seed(Path file, Map<String, String> metadata) throws ModelFileException {
    String seed = metadata.getOrDefault(SEED, "0");
    try {
      return Long.parseLong(seed);
    } catch (NumberFormatException e) {
      throw new ModelFileException(file, SEED + " is \"" + seed + "\", not an integer", e);
    }
  }

  /**
   * Compares the tensors in the file with the parameters the graph needs, naming every mismatch.
   */
  private static void checkTensors(
      Path file, Map<String, int[]> needed, List<SafeTensors.Entry> entries)
      throws ModelFileException {
    Set<String> missing = new TreeSet<>(needed.keySet());
    List<String> unexpected = new ArrayList<>();
    List<String> wrongShape = new ArrayList<>();
    for (SafeTensors.Entry e : entries) {
      int[] shape = needed.get(e.name());
      missing.remove(e.name());
      if (shape == null) {
        unexpected.add(e.name());
      } else if (!Arrays.equals(shape, e.shape())) {
        wrongShape.add(
            e.name()
                + " is "
                + Arrays.toString(e.shape())
                + " in the file but "
                + Arrays.toString(shape)
                + " in the graph");
      }
    }
    if (missing.isEmpty() && unexpected.isEmpty() && wrongShape.isEmpty()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add("missing tensors " + missing);
    }
    if (!unexpected.isEmpty()) {
      problems.add("unexpected tensors " + unexpected);
    }
    if (!wrongShape.isEmpty()) {
      problems.add("wrong shapes: " + String.join("; ", wrongShape));
    }
    throw new ModelFileException(
        file,
        "the tensors do not match the graph in "
            + GRAPH
            + ": "
            + String.join("; ", problems)
            + ". Was the file edited, or saved from another network?");
  }
}
