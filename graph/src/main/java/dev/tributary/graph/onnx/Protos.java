package dev.tributary.graph.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.tributary.core.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small builders for the ONNX protobuf messages the exporter writes. */
final class Protos {
  /** The symbolic name of the batch dimension of every graph input and output. */
  static final String BATCH = "batch";

  private Protos() {}

  /** A float32 initializer holding {@code tensor}'s values, little-endian in {@code raw_data}. */
  static TensorProto floats(String name, Tensor tensor) {
    float[] data = tensor.data();
    ByteBuffer bytes =
        ByteBuffer.allocate(Float.BYTES * data.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .setRawData(ByteString.copyFrom(bytes));
    for (int d : tensor.shape()) {
      t.addDims(d);
    }
    return t.build();
  }

  /** A 1-D int64 initializer, as Slice's starts, ends and axes. */
  static TensorProto longs(String name, long... values) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    return t.build();
  }

  /** A float32 scalar initializer (rank 0). */
  static TensorProto scalar(String name, float value) {
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT.getNumber())
        .addFloatData(value)
        .build();
  }

  /** An integer attribute. */
  static AttributeProto attribute(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  /** A float attribute. */
  static AttributeProto attribute(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  /** A string attribute, as an Einsum equation. */
  static AttributeProto attribute(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }

  /** A list-of-integers attribute, as a kernel shape or strides. */
  static AttributeProto attribute(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  /** A float32 graph input or output of shape {@code [batch, dims...]}. */
  static ValueInfoProto batchTensor(String name, int... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (int d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto.Tensor type =
        TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT.getNumber())
            .setShape(shape)
            .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(type))
        .build();
  }
}
