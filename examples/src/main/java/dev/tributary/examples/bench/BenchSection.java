package dev.tributary.examples.bench;

/**
 * One section of {@code tributary bench}: kernels, a training epoch, and so on. Sections print
 * their own report and return whether every target they check was met.
 */
public interface BenchSection {
  /** Returns the section's title, printed as its heading. */
  String title();

  /**
   * Runs the section and prints its report to {@code options.out()}.
   *
   * @return true if every target the section checks was met (or it checks none)
   */
  boolean run(BenchOptions options);
}
