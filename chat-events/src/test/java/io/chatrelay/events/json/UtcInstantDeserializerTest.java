package io.chatrelay.events.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcInstantDeserializerTest {

  /** What every reader used before: Jackson's own Instant handling only. */
  private static final ObjectMapper PLAIN = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

  @Test
  void shouldReadEveryCanonicalUtcFormAsTheJdkDoes() {
    Random random = new Random(20261125);
    for (int i = 0; i < 20_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(253_402_300_799L), random.nextInt(1_000_000_000));
      int fractionDigits = random.nextInt(10);
      String pattern = "uuuu-MM-dd'T'HH:mm:ss" + (fractionDigits == 0 ? "" : "." + "S".repeat(fractionDigits)) + "'Z'";
      String text = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(instant);

      assertThat(UtcInstantDeserializer.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
    assertThat(UtcInstantDeserializer.parse("1970-01-01T00:00:00Z")).isEqualTo(Instant.EPOCH);
    assertThat(UtcInstantDeserializer.parse("9999-12-31T23:59:59.999999999Z")).isEqualTo(Instant.parse(
        "9999-12-31T23:59:59.999999999Z"));
  }

  @Test
  void shouldLeaveEveryOtherFormToJacksonAndReadItTheSameWay() throws Exception {
    String[] others = {"\"2026-11-25T23:34:05+01:00\"", "\"2026-11-25T23:34:05.5-03:30\"", "1764113645",
        "1764113645.5", "\"+10000-01-01T00:00:00Z\"", "\"2016-12-31T23:59:60Z\"", "\"2026-11-25t23:34:05z\""};
    for (String json : others) {
      assertThat(UtcInstantDeserializer.parse(json.replace("\"", ""))).as(json).isNull();
      assertThat(Json.mapper().readValue(json, Instant.class)).as(json).isEqualTo(PLAIN.readValue(json,
          Instant.class));
    }
  }

  @Test
  void shouldRefuseWhatJacksonRefuses() {
    String[] bad = {"\"2026-02-30T00:00:00Z\"", "\"2026-11-25T24:00:00Z\"", "\"2026-11-25T23:60:00Z\"",
        "\"2026-13-01T00:00:00Z\"", "\"2026-11-25T23:34:05.Z\"", "\"2026-11-25T23:34:05.1234567890Z\"",
        "\"2026-11-2xT23:34:05Z\"", "\"2026-11-25 23:34:05Z\"", "\"\u0661970-01-01T00:00:00Z\"", "\"tomorrow\"",
        "true"};
    for (String json : bad) {
      assertThat(outcome(Json.mapper(), json)).as(json).isEqualTo(outcome(PLAIN, json));
    }
  }

  private static String outcome(ObjectMapper mapper, String json) {
    try {
      return String.valueOf(mapper.readValue(json, Instant.class));
    } catch (Exception e) {
      return "refused";
    }
  }
}
