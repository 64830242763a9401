package dev.sharesnap.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * An in-memory span exporter (OpenTelemetry's SDK testing kit) as a CDI bean: Quarkus' default
 * {@code cdi} trace exporter hands every finished span to it. It only receives spans in tests that
 * turn the SDK on (TracePropagationTest's profile); elsewhere the SDK is off and it stays empty.
 */
public class InMemorySpans {

  @Produces
  @Singleton
  InMemorySpanExporter exporter() {
    return InMemorySpanExporter.create();
  }
}
