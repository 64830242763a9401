package dev.sharesnap.driver;

/** The export ids a backend may give, both ends included. */
public record ExportIdRange(int first, int last) {}
