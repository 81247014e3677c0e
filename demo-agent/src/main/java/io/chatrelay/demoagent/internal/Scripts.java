package io.chatrelay.demoagent.internal;

import io.chatrelay.demoagent.Answer;
import io.chatrelay.demoagent.Persona;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * What each persona says. A few topics per persona are recognised by keyword (first match wins); anything else gets
 * the persona's fallback, which quotes a summary of the question so different questions get different replies.
 */
public final class Scripts {

  /** Long enough to recognise the question, short enough to keep replies readable. */
  static final int QUOTE_LENGTH = 80;

  private record Topic(Pattern keywords, String reply, double confidence) {}

  private record Script(String greeting, List<Topic> topics, String fallback, double fallbackConfidence) {}

  private static final Map<Persona, Script> SCRIPTS = new EnumMap<>(Persona.class);

  static {
    SCRIPTS.put(Persona.BankRep, new Script(
        "Hello, how can I help with your banking today?",
        List.of(
            topic("fees?|charges?|overdrafts?",
                "Our everyday current account has no monthly fee. Arranged overdrafts have one published rate, "
                    + "and we text you before any charge is applied.", 0.92),
            topic("accounts?|open(ing)?",
                "To open an account we need proof of identity and of address; most applications are decided "
                    + "online within one working day.", 0.88),
            topic("loans?|mortgages?|borrow(ing)?|credit",
                "Lending decisions follow an affordability check. You can see an eligibility estimate first, "
                    + "and it does not affect your credit score.", 0.85)),
        "Thank you for asking about \u201c%s\u201d. I will check this with our customer team and come back with "
            + "the details that apply to your account.", 0.55));
    SCRIPTS.put(Persona.TradeBodyRep, new Script(
        "Hello, I can tell you how our members and the industry approach an issue.",
        List.of(
            topic("regulations?|regulators?|compliance|rules?",
                "Our members follow the industry codes we agree with the regulator, and we brief every member "
                    + "before a new rule takes effect.", 0.9),
            topic("members?|membership|join(ing)?",
                "Membership is open to firms authorised in the sector. Members get policy briefings, seats on "
                    + "working groups and a voice in consultations.", 0.87),
            topic("consultations?|polic(y|ies)|standards?",
                "We respond to every public consultation on behalf of the industry, after our working groups "
                    + "have agreed a common position.", 0.84)),
        "On \u201c%s\u201d: we would gather our members' views first and then publish an industry position.",
        0.5));
    SCRIPTS.put(Persona.PaymentsEcosystemRep, new Script(
        "Hello, I can explain how payments move between providers, schemes and customers.",
        List.of(
            topic("fraud|scams?|push payment",
                "Authorised push payment scams are tackled with Confirmation of Payee checks and reimbursement "
                    + "rules shared by all payment providers.", 0.91),
            topic("open banking|apis?|third[- ]party",
                "Open banking lets regulated providers read account data and start payments through secure, "
                    + "standard APIs, always with the customer's consent.", 0.89),
            topic("faster payments?|transfers?|send money|instant",
                "Faster Payments settle most transfers within seconds, at any hour, between participating "
                    + "providers.", 0.86)),
        "Regarding \u201c%s\u201d: the answer depends on the payment scheme involved, so I would start by "
            + "identifying which scheme carries the payment.", 0.52));
  }

  private Scripts() {}

  public static Answer answer(Persona persona, String question) {
    Script script = SCRIPTS.get(persona);
    String summary = Text.summary(question, QUOTE_LENGTH);
    if (summary.isEmpty()) {
      return new Answer(persona.role() + ": " + script.greeting(), 0.6);
    }
    for (Topic topic : script.topics()) {
      if (topic.keywords().matcher(question).find()) {
        return new Answer(persona.role() + ": " + topic.reply(), topic.confidence());
      }
    }
    // String.format would interpret a '%' inside the user's text if it were the format; here it is only an argument.
    return new Answer(persona.role() + ": " + String.format(script.fallback(), summary), script.fallbackConfidence());
  }

  public static Answer longAnswer(Persona persona, String question, int words) {
    if (words < 0) {
      throw new IllegalArgumentException("words must not be negative, got " + words);
    }
    Answer first = answer(persona, question);
    List<String> source = new ArrayList<>(List.of(first.text().split("\\s+")));
    for (Topic topic : SCRIPTS.get(persona).topics()) {
      source.addAll(List.of(topic.reply().split("\\s+")));
    }
    StringJoiner text = new StringJoiner(" ");
    for (int i = 0; i < words; i++) {
      text.add(source.get(i % source.size()));
    }
    return new Answer(text.toString(), first.confidence());
  }

  private static Topic topic(String keywordAlternatives, String reply, double confidence) {
    Pattern keywords = Pattern.compile(
        "\\b(?:" + keywordAlternatives + ")\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    return new Topic(keywords, reply, confidence);
  }
}
