package io.chatrelay.bench.internal;

/**
 * One target of the issue, checked against what was measured.
 *
 * @param target what the product must do
 * @param measured what it did
 * @param status met, missed, or not measured in this mode
 * @param shortfall by how much it was missed, or empty
 */
public record Verdict(String target, String measured, Status status, String shortfall) {

  public enum Status { MET, MISSED, NOT_MEASURED }

  public static Verdict check(String target, String measured, boolean met, String shortfall) {
    return new Verdict(target, measured, met ? Status.MET : Status.MISSED, met ? "" : shortfall);
  }

  public static Verdict notMeasured(String target, String why) {
    return new Verdict(target, why, Status.NOT_MEASURED, "");
  }

  public String line() {
    String mark = switch (status) {
      case MET -> "[met]   ";
      case MISSED -> "[MISSED]";
      case NOT_MEASURED -> "[n/a]   ";
    };
    return mark + " " + target + ": " + measured + (shortfall.isEmpty() ? "" : " — " + shortfall);
  }
}
