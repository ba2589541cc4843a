package dev.tributary.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/tutorial.md shows Tutorial.java verbatim, and the tutorial does what the page says. */
class TutorialTest {
  /** The page promises "about 98%"; this is the least the fixed seeds must reach. */
  private static final double MIN_ACCURACY = 0.97;

  @TempDir Path tmp;

  @Test
  void tutorialPage_showsTheSourceVerbatim() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "tutorial.md"));
    String source =
        Files.readString(
            Path.of("src", "main", "java", "dev", "tributary", "examples", "Tutorial.java"));
    assertTrue(page.contains("```java\n" + source + "```"), "docs/tutorial.md is out of date");
  }

  @Test
  void run_trainsSavesLoadsAndPredicts() throws Exception {
    Tutorial.Outcome outcome = Tutorial.run(tmp);
    assertTrue(outcome.accuracy() >= MIN_ACCURACY, "accuracy " + outcome.accuracy());
    assertTrue(outcome.reloadedIdentical());
    assertEquals(6, outcome.fineTunedParameters(), "every parameter of the converging network");
    assertTrue(Files.size(tmp.resolve("disc.safetensors")) > 176 * 4);
  }
}
