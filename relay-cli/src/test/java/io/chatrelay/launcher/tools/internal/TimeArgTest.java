package io.chatrelay.launcher.tools.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TimeArgTest {

  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private final TimeArg times = new TimeArg(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void shouldReadInstantsDatesAndAges() {
    assertThat(times.convert("2026-01-14T09:30:00Z")).isEqualTo(Instant.parse("2026-01-14T09:30:00Z"));
    assertThat(times.convert("2026-01-14T09:30")).isEqualTo(Instant.parse("2026-01-14T09:30:00Z"));
    assertThat(times.convert("2026-01-14")).isEqualTo(Instant.parse("2026-01-14T00:00:00Z"));
    assertThat(times.convert("now")).isEqualTo(NOW);
    assertThat(times.convert("2h")).isEqualTo(Instant.parse("2026-01-15T08:00:00Z"));
    assertThat(times.convert("30m")).isEqualTo(Instant.parse("2026-01-15T09:30:00Z"));
    assertThat(times.convert("7d")).isEqualTo(Instant.parse("2026-01-08T10:00:00Z"));
    assertThat(times.convert("90s")).isEqualTo(Instant.parse("2026-01-15T09:58:30Z"));
  }

  @Test
  void shouldRefuseAnythingElseSayingWhatIsAccepted() {
    assertThatThrownBy(() -> times.convert("yesterday"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("'yesterday' is not a time").hasMessageContaining("2026-01-15T10:00:00Z");
    assertThatThrownBy(() -> times.convert("2026-13-01")).isInstanceOf(CommandLine.TypeConversionException.class);
    assertThatThrownBy(() -> times.convert("5y")).isInstanceOf(CommandLine.TypeConversionException.class);
  }
}
