package dev.sharesnap.driver;

/** Outcome of a share creation: the export path clients mount. */
public record ShareResult(String exportPath) {}
