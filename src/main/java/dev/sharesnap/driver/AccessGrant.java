package dev.sharesnap.driver;

/**
 * One client an export admits: {@code accessTo} is an IP address or CIDR network in canonical form
 * (e.g. {@code 10.0.0.0/24}, {@code 0.0.0.0/0} for everyone), {@code readOnly} its access level.
 */
public record AccessGrant(String accessTo, boolean readOnly) {}
