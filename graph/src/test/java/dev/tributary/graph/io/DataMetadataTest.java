package dev.tributary.graph.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data description a model file keeps: column names, task and standardization. */
class DataMetadataTest {
  private static final float TOLERANCE = 1e-6f;
  private static final Path FILE = Path.of("m.safetensors");

  @Test
  void fit_twoColumns_meanAndPopulationDeviationPerColumn() {
    Tensor x = Tensor.of(new float[] {1, 10, 3, 10, 5, 10}, 3, 2);
    float[][] fit = DataMetadata.fit(x);
    assertArrayEquals(new float[] {3, 10}, fit[0], TOLERANCE);
    // Column 0: deviations −2, 0, 2 → σ = √(8/3); column 1 is constant → σ = 1.
    assertArrayEquals(new float[] {(float) Math.sqrt(8.0 / 3), 1f}, fit[1], TOLERANCE);
  }

  @Test
  void toMetadataThenFrom_roundTripsBitwiseAndStandardizes() throws ModelFileException {
    float[] mu = {0.1f + 0.2f, -7.25f};
    float[] sigma = {1f / 3, 2.5f};
    DataMetadata d = new DataMetadata(List.of("a", "b"), List.of("label"), "classify", mu, sigma);
    DataMetadata back = DataMetadata.from(FILE, d.toMetadata()).orElseThrow();
    assertEquals(List.of("a", "b"), back.features());
    assertEquals(List.of("label"), back.targets());
    assertEquals("classify", back.task());
    Tensor z = back.standardize(Tensor.of(new float[] {mu[0], mu[1] + sigma[1]}, 1, 2));
    assertArrayEquals(new float[] {0f, 1f}, z.data(), 0f);
  }

  @Test
  void from_noDataKeys_empty() throws ModelFileException {
    assertTrue(DataMetadata.from(FILE, Map.of("format", "pt")).isEmpty());
  }

  @Test
  void from_malformedMean_throwsNamingTheFileAndValue() {
    Map<String, String> m =
        Map.of(
            DataMetadata.FEATURES, "a",
            DataMetadata.TARGETS, "y",
            DataMetadata.MEANS, "zero",
            DataMetadata.DEVIATIONS, "1");
    ModelFileException e = assertThrows(ModelFileException.class, () -> DataMetadata.from(FILE, m));
    assertTrue(e.getMessage().contains("'zero' is not a number"), e.getMessage());
    assertTrue(e.getMessage().contains("m.safetensors"), e.getMessage());
  }

  @Test
  void withTargetScaling_roundTripsAndMapsBackToOriginalUnits() throws ModelFileException {
    DataMetadata d =
        new DataMetadata(List.of("area"), List.of("price"), "regress", null, null)
            .withTargetScaling(new float[] {12_000f}, new float[] {3_000f});
    DataMetadata back = DataMetadata.from(FILE, d.toMetadata()).orElseThrow();
    assertTrue(back.targetsStandardized());
    Tensor y = Tensor.of(new float[] {9_000f, 12_000f, 18_000f}, 3, 1);
    Tensor scaled = back.standardizeTargets(y);
    assertArrayEquals(new float[] {-1f, 0f, 2f}, scaled.data(), TOLERANCE);
    assertArrayEquals(y.data(), back.unstandardizeTargets(scaled).data(), TOLERANCE);
    assertEquals("12000.0", d.toMetadata().get(DataMetadata.TARGET_MEANS));
  }

  @Test
  void withTargetScaling_zeroDeviation_namesTheTarget() {
    DataMetadata d = new DataMetadata(List.of("a"), List.of("price"), "regress", null, null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> d.withTargetScaling(new float[] {1f}, new float[] {0f}));
    assertTrue(e.getMessage().contains("target `price` has mean 1.0 and deviation 0.0"));
  }
}
