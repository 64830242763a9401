package dev.sharesnap.domain;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code ip} rule's {@code access_to}: an address or a network, checked as Manila does with
 * Python's {@code ipaddress.ip_network} (strict: host bits must be zero), with its messages. Never
 * resolves a name: only literals are accepted.
 */
public final class IpNetwork {

  private static final Pattern V4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private IpNetwork() {}

  /**
   * The canonical {@code address/prefix} of {@code accessTo} (e.g. {@code 10.0.0.1/32} for {@code
   * 10.0.0.1}), by which duplicates are found; IPv6 only when {@code ipv6} (Manila 2.38+).
   *
   * @throws IllegalArgumentException with Python's message when it is no valid network
   */
  public static String canonical(String accessTo, boolean ipv6) {
    String invalid =
        "'" + accessTo + "' does not appear to be an IPv4" + (ipv6 ? " or IPv6" : "") + " network";
    int slash = accessTo.indexOf('/');
    String addr = slash < 0 ? accessTo : accessTo.substring(0, slash);
    byte[] bytes = parse(addr, ipv6);
    if (bytes == null) {
      throw new IllegalArgumentException(invalid);
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = accessTo.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
        throw new IllegalArgumentException(invalid);
      }
      prefix = Integer.parseInt(p);
    }
    BigInteger value = new BigInteger(1, bytes);
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    if (!value.and(hostMask).equals(BigInteger.ZERO)) {
      throw new IllegalArgumentException(accessTo + " has host bits set");
    }
    try {
      return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(invalid);
    }
  }

  private static byte[] parse(String addr, boolean ipv6) {
    Matcher m = V4.matcher(addr);
    if (m.matches()) {
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        String octet = m.group(i + 1);
        // Python refuses leading zeros (ambiguous octal) and octets over 255
        if (octet.length() > 1 && octet.startsWith("0") || Integer.parseInt(octet) > 255) {
          return null;
        }
        b[i] = (byte) Integer.parseInt(octet);
      }
      return b;
    }
    if (!ipv6 || !V6.matcher(addr).matches()) {
      return null;
    }
    try {
      // a literal with a colon: InetAddress parses it without any lookup
      byte[] b = InetAddress.getByName(addr).getAddress();
      return b.length == 16 ? b : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
