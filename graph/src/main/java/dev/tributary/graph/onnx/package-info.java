/**
 * ONNX export: turns a {@link dev.tributary.graph.Network} into an ONNX model (IR version 8, opset
 * 13) built with the ONNX protobuf classes ({@code ai.onnx.proto.OnnxMl} from {@code
 * org.tribuo:tribuo-util-onnx}). {@link dev.tributary.graph.onnx.OnnxExport} builds the model;
 * {@link dev.tributary.graph.io.OnnxFile} writes it atomically.
 *
 * <p>Each operator type maps to ONNX nodes through one entry of a table keyed by {@link
 * dev.tributary.graph.op.Operator#type()}, one method per operator, reading the operator's graph
 * file fields; {@code docs/onnx.md} lists the mapping. The protobuf classes are an optional
 * dependency of {@code tributary-graph}: only this package uses them.
 */
package dev.tributary.graph.onnx;
