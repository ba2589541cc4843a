package com.example.scoring;

import dev.tributary.core.Kernels;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.Predictor;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A service's view of Tributary: load a model file once into a thread-safe {@link Predictor} and
 * score requests from any thread.
 *
 * <p>Run {@code mvn -q compile exec:java}-style with {@code java -cp ... com.example.scoring.Scoring}:
 * it builds a small classifier, saves it, loads it back as a predictor and scores two points.
 */
public final class Scoring {
  private final Predictor predictor;

  /** Loads the model file once; the predictor is then shared by every request thread. */
  public Scoring(Path modelFile) throws IOException {
    this.predictor = ModelFile.loadPredictor(modelFile);
  }

  /** Returns the probability of class 1 for each row of {@code features} ([rows, 2]). */
  public float[] score(float[][] features) {
    float[] flat = new float[features.length * 2];
    for (int i = 0; i < features.length; i++) {
      flat[2 * i] = features[i][0];
      flat[2 * i + 1] = features[i][1];
    }
    return predictor.probabilities(Tensor.of(flat, features.length, 2)).data();
  }

  /** A 2-8-1 classifier, as a service would have trained and saved it. */
  public static Network classifier(long seed) {
    return Network.builder()
        .add("x", new Input(2))
        .add("hidden", new Linear(2, 8))
        .add("relu", new ReLU())
        .add("logit", new Linear(8, 1))
        .add("p", new Sigmoid())
        .connect("x", "hidden")
        .connect("hidden", "relu")
        .connect("relu", "logit")
        .connect("logit", "p")
        .build(seed);
  }

  /** Saves a classifier, loads it back as a predictor and scores two points. */
  public static void main(String[] args) throws IOException {
    Path file = Files.createTempFile("classifier", ".safetensors");
    try {
      ModelFile.save(classifier(42), file);
      float[] p = new Scoring(file).score(new float[][] {{0.1f, 0.2f}, {-1f, 1f}});
      System.out.printf("kernels: %s%np = %.4f, %.4f%n", Kernels.description(), p[0], p[1]);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
