/**
 * Files: graph files ({@link dev.tributary.graph.io.GraphSpec}, JSON: the operators and
 * connectivity maps as data) and model files ({@link dev.tributary.graph.io.ModelFile}, one
 * safetensors file holding the parameters and, in its metadata, the graph), with the low-level
 * safetensors reader and writer ({@link dev.tributary.graph.io.SafeTensors}); and data files: the
 * IDX reader of the MNIST format ({@link dev.tributary.graph.io.IdxFile}).
 *
 * <p>Readers treat their input as untrusted: every problem is a documented exception whose message
 * names the file, where in it, and what is wrong; nothing is allocated from a length that was not
 * first checked against the file's real size. Writers replace a file atomically. Formats: {@code
 * docs/graph-format.md}, {@code docs/model-format.md} and {@code docs/data.md}.
 */
package dev.tributary.graph.io;
