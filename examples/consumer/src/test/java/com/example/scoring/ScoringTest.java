package com.example.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Kernels;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.io.OnnxFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consumer compiles and runs against the installed Tributary artifacts. */
class ScoringTest {
  private static final int THREADS = 4;
  private static final int REQUESTS = 500;

  @TempDir Path dir;

  @Test
  void score_fourThreads_sameAsTheSavedNetwork() throws Exception {
    Network net = Scoring.classifier(7);
    Path file = dir.resolve("classifier.safetensors");
    ModelFile.save(net, file);
    Scoring scoring = new Scoring(file);
    float[][] features = {{0.5f, -0.25f}, {1f, 1f}, {-2f, 0.75f}};
    Tensor x = Tensor.of(new float[] {0.5f, -0.25f, 1f, 1f, -2f, 0.75f}, 3, 2);
    float[] expected = net.forward(x).data().clone();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        wrong.add(
            pool.submit(
                () -> {
                  int count = 0;
                  for (int k = 0; k < REQUESTS; k++) {
                    float[] p = scoring.score(features);
                    for (int i = 0; i < p.length; i++) {
                      count += p[i] == expected[i] ? 0 : 1;
                    }
                  }
                  return count;
                }));
      }
      for (Future<Integer> w : wrong) {
        assertEquals(0, w.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void kernels_withTheFlag_vectorPathActive() {
    assertTrue(Kernels.vectorized(), Kernels.description());
  }

  @Test
  void classpath_libraryOnly_noJgraphtIoNorProtobuf() {
    // tributary-graph brings Guava, JGraphT core and Jackson; DOT export needs no jgrapht-io and
    // the ONNX export's protobuf classes are optional (declare them to export).
    assertThrows(
        ClassNotFoundException.class, () -> Class.forName("org.jgrapht.nio.dot.DOTExporter"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.onnx.proto.OnnxMl"));
  }

  @Test
  void onnxExport_withoutTheOptionalDependencies_namesThemAndWritesNothing() {
    Path file = dir.resolve("classifier.onnx");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> OnnxFile.save(Scoring.classifier(1), file));
    assertTrue(e.getMessage().contains("org.tribuo:tribuo-util-onnx"), e.getMessage());
    assertTrue(e.getMessage().contains("com.google.protobuf:protobuf-java"), e.getMessage());
    assertFalse(Files.exists(file));
  }
}
