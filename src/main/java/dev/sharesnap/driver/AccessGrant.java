package dev.sharesnap.driver;

/**
 * One client a share admits, {@code readOnly} its access level. For an export {@code accessTo} is
 * an IP address or CIDR network in canonical form (e.g. {@code 10.0.0.0/24}, {@code 0.0.0.0/0} for
 * everyone); for a backend's own client access (CephFS) it is the client's id (a cephx id).
 */
public record AccessGrant(String accessTo, boolean readOnly) {}
