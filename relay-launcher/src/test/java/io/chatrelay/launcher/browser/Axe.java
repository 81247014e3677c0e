package io.chatrelay.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;

/** Runs axe-core in the page with the WCAG 2.2 A and AA rules and fails on any violation, listing each one. */
final class Axe {

  static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

  private Axe() {}

  static void assertNoViolations(WebDriver driver, String state) {
    Results results = new AxeBuilder().withTags(TAGS).analyze(driver);
    assertThat(results.isErrored()).as("axe ran on %s: %s", state, results.getErrorMessage()).isFalse();
    assertThat(results.getPasses()).as("axe checked something on %s", state).isNotEmpty();
    assertThat(results.getViolations()).as("WCAG 2.2 A/AA violations on %s:%n%s", state,
        describe(results.getViolations())).isEmpty();
  }

  private static String describe(List<Rule> violations) {
    return violations.stream()
        .map(rule -> "- " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + "\n"
            + rule.getNodes().stream().map(node -> "    " + node.getTarget() + " " + node.getHtml())
                .collect(Collectors.joining("\n")))
        .collect(Collectors.joining("\n"));
  }
}
