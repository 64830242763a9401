package dev.sharesnap.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * oslo.policy's check language, for the subset Manila uses: checks ({@code @}, {@code !}, {@code
 * role:X}, {@code rule:X}, {@code key:value}), {@code and}, {@code or}, {@code not}
 * (case-insensitive, {@code not} binding tightest, then {@code and}, then {@code or}) and
 * parentheses. Tokens are split on whitespace and parentheses peeled off their ends, as oslo does.
 * Unlike oslo.policy, which logs a bad rule and denies it, a syntax error here is an exception: a
 * typo in policy.yaml should stop the service, not lock users out.
 */
public final class PolicyParser {

  private final String text;
  private final List<String> tokens;
  private int pos;

  private PolicyParser(String text) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  /** Parses one check string; an empty or blank string always passes, as in oslo.policy. */
  public static PolicyCheck parse(String checkString) {
    if (checkString == null || checkString.isBlank()) {
      return new PolicyCheck.Always();
    }
    PolicyParser p = new PolicyParser(checkString);
    PolicyCheck check = p.or();
    if (p.pos < p.tokens.size()) {
      throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
    }
    return check;
  }

  private PolicyCheck or() {
    List<PolicyCheck> parts = new ArrayList<>(List.of(and()));
    while (peekKeyword("or")) {
      pos++;
      parts.add(and());
    }
    return parts.size() == 1 ? parts.get(0) : new PolicyCheck.Or(List.copyOf(parts));
  }

  private PolicyCheck and() {
    List<PolicyCheck> parts = new ArrayList<>(List.of(not()));
    while (peekKeyword("and")) {
      pos++;
      parts.add(not());
    }
    return parts.size() == 1 ? parts.get(0) : new PolicyCheck.And(List.copyOf(parts));
  }

  private PolicyCheck not() {
    if (peekKeyword("not")) {
      pos++;
      return new PolicyCheck.Not(not());
    }
    return atom();
  }

  private PolicyCheck atom() {
    if (pos >= tokens.size()) {
      throw error(
          pos == 0 ? "empty expression" : "a check is missing after '" + tokens.get(pos - 1) + "'");
    }
    String token = tokens.get(pos++);
    if (token.equals("(")) {
      PolicyCheck inner = or();
      if (pos >= tokens.size() || !tokens.get(pos).equals(")")) {
        throw error("'(' is not closed");
      }
      pos++;
      return inner;
    }
    if (token.equals(")") || isKeyword(token)) {
      throw error("a check is expected where '" + token + "' is");
    }
    return check(token);
  }

  private PolicyCheck check(String token) {
    if (token.equals("@")) {
      return new PolicyCheck.Always();
    }
    if (token.equals("!")) {
      return new PolicyCheck.Never();
    }
    int colon = token.indexOf(':');
    if (colon <= 0 || colon == token.length() - 1) {
      throw error("'" + token + "' is not a check (expected kind:value, '@' or '!')");
    }
    String kind = token.substring(0, colon);
    String value = token.substring(colon + 1);
    return switch (kind) {
      case "role" -> new PolicyCheck.Role(value);
      case "rule" -> new PolicyCheck.Rule(value);
      case "http", "https" -> throw error("'" + kind + ":' checks are not supported");
      default -> new PolicyCheck.Generic(kind, value);
    };
  }

  private boolean peekKeyword(String keyword) {
    return pos < tokens.size() && tokens.get(pos).toLowerCase(Locale.ROOT).equals(keyword);
  }

  private static boolean isKeyword(String token) {
    String t = token.toLowerCase(Locale.ROOT);
    return t.equals("and") || t.equals("or") || t.equals("not");
  }

  private PolicyFileException error(String what) {
    return new PolicyFileException("bad check string \"" + text + "\": " + what);
  }

  /**
   * Whitespace-separated tokens, with leading '(' and trailing ')' split off as their own tokens.
   */
  private static List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    for (String raw : text.trim().split("\\s+")) {
      String tok = raw;
      while (tok.startsWith("(")) {
        out.add("(");
        tok = tok.substring(1);
      }
      int closing = 0;
      while (tok.endsWith(")")) {
        closing++;
        tok = tok.substring(0, tok.length() - 1);
      }
      if (!tok.isEmpty()) {
        out.add(tok);
      }
      for (int i = 0; i < closing; i++) {
        out.add(")");
      }
    }
    return out;
  }
}
