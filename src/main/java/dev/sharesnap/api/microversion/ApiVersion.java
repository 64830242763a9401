package dev.sharesnap.api.microversion;

import dev.sharesnap.domain.ApiException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Manila API microversion such as 2.73. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

  private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d*)\\.([1-9]\\d*|0)$");

  /**
   * Parses the value of {@code X-OpenStack-Manila-API-Version}. Manila accepts only
   * MajorNum.MinorNum, so {@code latest}, {@code 2}, {@code 2.01} are all rejected with 400.
   */
  public static ApiVersion parse(String value) {
    Matcher m = FORMAT.matcher(value);
    if (!m.matches()) {
      throw ApiException.badRequest(
          "API Version String "
              + value
              + " is of invalid format. Must be of format MajorNum.MinorNum.");
    }
    try {
      return new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "API Version String "
              + value
              + " is of invalid format. Must be of format MajorNum.MinorNum.");
    }
  }

  public boolean atLeast(ApiVersion other) {
    return compareTo(other) >= 0;
  }

  public boolean atMost(ApiVersion other) {
    return compareTo(other) <= 0;
  }

  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
