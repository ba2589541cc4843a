package dev.tributary.graph.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fine-tuning: a model file's parameters loaded into another network by name. */
class ParameterLoadTest {
  @TempDir Path dir;

  /** x → trunk (2→4) → relu → head (4→outWidth), plus an extra layer when asked. */
  private static Network net(long seed, int outWidth, boolean extra) {
    Map<String, Operator> ops = new LinkedHashMap<>();
    Map<String, List<String>> next = new LinkedHashMap<>();
    ops.put("x", new Input(2));
    ops.put("trunk", new Linear(2, 4));
    ops.put("relu", new ReLU());
    ops.put("head", new Linear(4, outWidth));
    next.put("x", List.of("trunk"));
    next.put("trunk", List.of("relu"));
    if (extra) {
      ops.put("extra", new Linear(4, 4));
      next.put("relu", List.of("extra"));
      next.put("extra", List.of("head"));
    } else {
      next.put("relu", List.of("head"));
    }
    return Network.of(ops, next, seed);
  }

  @Test
  void loadParametersInto_newHeadAndExtraLayer_reportsEachNameAndCopiesMatches()
      throws IOException {
    Network trained = net(1, 1, false);
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(trained, file);
    Network target = net(2, 3, true);
    float[] headBefore = target.parameters().get("head.weight").value().data().clone();

    ParameterLoad r = ModelFile.loadParametersInto(target, file);

    assertEquals(List.of("trunk.weight", "trunk.bias"), r.matched());
    assertEquals(List.of("extra.weight", "extra.bias"), r.missing());
    assertEquals(List.of(), r.unexpected());
    assertEquals(
        List.of("head.weight (file [1, 4], network [3, 4])", "head.bias (file [1], network [3])"),
        r.shapeMismatched());
    assertFalse(r.complete());
    assertArrayEquals(
        trained.parameters().get("trunk.weight").value().data(),
        target.parameters().get("trunk.weight").value().data(),
        0f);
    assertArrayEquals(headBefore, target.parameters().get("head.weight").value().data(), 0f);
  }

  @Test
  void loadParametersInto_sameGraph_completeAndSameOutputs() throws IOException {
    Network trained = net(1, 1, false);
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(trained, file);
    Network target = net(9, 1, false);
    ParameterLoad r = ModelFile.loadParametersInto(target, file);
    assertTrue(r.complete(), r.toString());
    Tensor x = Tensor.of(new float[] {0.3f, -1.2f, 2f, 0.5f}, 2, 2);
    assertArrayEquals(trained.forward(x).data(), target.forward(x).data(), 0f);
  }

  @Test
  void loadParametersInto_notAModelFile_throwsAndChangesNothing() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    Files.writeString(file, "{\"not\": \"a model\"}");
    Network target = net(3, 1, false);
    float[] before = target.parameters().get("trunk.weight").value().data().clone();
    assertThrows(ModelFileException.class, () -> ModelFile.loadParametersInto(target, file));
    assertArrayEquals(before, target.parameters().get("trunk.weight").value().data(), 0f);
  }
}
