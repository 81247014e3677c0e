package io.chatrelay.edge.page.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A form field a person has to correct, rendered the GOV.UK way: an error summary at the top of the page linking to
 * the field, and the same message next to the field.
 *
 * @param fieldId the id of the input the summary links to
 * @param message what to do, such as "Enter a message"
 */
public record FieldError(String fieldId, String message) {

  private static final Template SUMMARY = Template.load("error-summary");
  private static final Template MESSAGE = Template.load("error-message");

  public FieldError {
    Objects.requireNonNull(fieldId, "fieldId");
    Objects.requireNonNull(message, "message");
  }

  public static Html summary(Optional<FieldError> error) {
    return error.map(e -> SUMMARY.render(Map.of("fieldId", e.fieldId(), "message", e.message())))
        .orElse(Html.EMPTY);
  }

  /**
   * The placeholders a field's template uses for its error state: {@code groupClass}, {@code inputClass},
   * {@code errorMessage} and {@code describedBy} (the hint, then the error when there is one).
   *
   * @param errorId the id the inline message takes (usually the field's id)
   * @param inputErrorClass the modifier class of the erroneous input, or empty
   */
  public static Map<String, Object> fieldState(Optional<FieldError> error, String errorId, String hintId,
      String inputErrorClass) {
    Map<String, Object> values = new HashMap<>();
    values.put("groupClass", error.isPresent() ? " govuk-form-group--error" : "");
    values.put("inputClass", error.isPresent() && !inputErrorClass.isEmpty() ? " " + inputErrorClass : "");
    values.put("errorMessage", error.map(e -> MESSAGE.render(Map.of("fieldId", errorId, "message", e.message())))
        .orElse(Html.EMPTY));
    values.put("describedBy", error.isPresent() ? hintId + " " + errorId + "-error" : hintId);
    return values;
  }
}
