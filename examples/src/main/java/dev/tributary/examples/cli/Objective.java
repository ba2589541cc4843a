package dev.tributary.examples.cli;

import dev.tributary.graph.Network;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.train.Trainer;
import dev.tributary.graph.train.TrainerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a run minimises: one {@code --loss} on a single-output network, or one {@code --term} per
 * trained output (the siamese data has defaults). Its {@link #toString} is what the run prints and
 * stores as {@code tributary.train.loss}, so both say what was trained.
 */
final class Objective {
  /** The output whose decisions are counted, its target, and its loss. */
  final ParsedTerm main;

  private final List<ParsedTerm> terms;
  private final boolean single;

  private Objective(List<ParsedTerm> terms, boolean single) {
    this.terms = List.copyOf(terms);
    this.main = terms.get(0);
    this.single = single;
  }

  /**
   * Reads the objective from the options.
   *
   * @throws IllegalArgumentException if a term is malformed or a multi-output graph has no terms
   */
  static Objective of(Network net, String loss, List<String> termOptions, String generator) {
    if (termOptions != null && !termOptions.isEmpty()) {
      List<ParsedTerm> parsed = new ArrayList<>();
      for (String t : termOptions) {
        parsed.add(ParsedTerm.parse(t));
      }
      return new Objective(parsed, false);
    }
    if (net.outputs().size() == 1) {
      return new Objective(
          List.of(new ParsedTerm(net.outputs().get(0), LossChoice.parse(loss), "y", 1f)), true);
    }
    if ("siamese".equals(generator) && net.outputs().containsAll(List.of("out", "aux1", "aux2"))) {
      return new Objective(
          List.of(
              new ParsedTerm("out", LossChoice.BCE_LOGITS, "closer", 1f),
              new ParsedTerm("aux1", LossChoice.MSE, "d1", 0.5f),
              new ParsedTerm("aux2", LossChoice.MSE, "d2", 0.5f)),
          false);
    }
    throw new IllegalArgumentException(
        "the network has outputs "
            + net.outputs()
            + "; give one --term OUTPUT=LOSS:TARGET[:WEIGHT] per trained output");
  }

  /** Returns whether this is a single {@code --loss} on the lone output. */
  boolean single() {
    return single;
  }

  /** Returns the terms. */
  List<ParsedTerm> terms() {
    return terms;
  }

  /** Starts a trainer for this objective, counting the main term's decisions. */
  TrainerBuilder trainer(Network net, Optimizer opt) {
    if (single) {
      return Trainer.builder(net, main.loss.create(), opt);
    }
    List<LossTerm> lossTerms = new ArrayList<>();
    for (ParsedTerm t : terms) {
      lossTerms.add(LossTerm.of(t.output, t.loss.create(), t.target, t.weight));
    }
    return Trainer.builder(net, MultiLoss.of(lossTerms), opt)
        .classify(main.output, main.target, main.loss.decision);
  }

  /** {@code mse}, or the weighted terms, e.g. {@code 1·bce-logits(out, closer) + 0.5·mse(...)}. */
  @Override
  public String toString() {
    if (single) {
      return main.loss.optionName();
    }
    return terms.stream()
        .map(
            t ->
                trim(t.weight) + "·" + t.loss.optionName() + "(" + t.output + ", " + t.target + ")")
        .collect(Collectors.joining(" + "));
  }

  private static String trim(float w) {
    return w == (int) w ? Integer.toString((int) w) : Float.toString(w);
  }

  /** One {@code --term}: an output, its loss, its target and its weight. */
  static final class ParsedTerm {
    final String output;
    final LossChoice loss;
    final String target;
    final float weight;

    ParsedTerm(String output, LossChoice loss, String target, float weight) {
      this.output = output;
      this.loss = loss;
      this.target = target;
      this.weight = weight;
    }

    static ParsedTerm parse(String text) {
      int eq = text.indexOf('=');
      String[] rest = eq < 0 ? new String[0] : text.substring(eq + 1).split(":");
      if (eq <= 0 || rest.length < 2 || rest.length > 3) {
        throw new IllegalArgumentException(
            "--term " + text + ": expected OUTPUT=LOSS:TARGET[:WEIGHT], e.g. out=mse:y");
      }
      float weight = 1f;
      if (rest.length == 3) {
        try {
          weight = Float.parseFloat(rest[2]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "--term " + text + ": weight '" + rest[2] + "' is not a number", e);
        }
        if (!(weight >= 0) || Float.isInfinite(weight)) {
          throw new IllegalArgumentException(
              "--term " + text + ": weight must be a finite number ≥ 0, got " + rest[2]);
        }
      }
      return new ParsedTerm(text.substring(0, eq), LossChoice.parse(rest[0]), rest[1], weight);
    }

    @Override
    public String toString() {
      return output + "=" + loss.optionName() + ":" + target + ":" + weight;
    }
  }
}
