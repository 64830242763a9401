package dev.sharesnap.driver;

/**
 * Outcome of adopting an existing share: where clients now mount it and its size (used space
 * rounded up to whole GiB, at least 1, as Manila's generic drivers report it).
 */
public record ManagedShare(String exportPath, int sizeGiB) {}
