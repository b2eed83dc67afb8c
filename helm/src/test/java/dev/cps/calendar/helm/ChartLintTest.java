package dev.cps.calendar.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChartLintTest {

    @Test
    void the_chart_lints_clean_in_strict_mode() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages())
                .as("warnings and errors")
                .noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }
}
