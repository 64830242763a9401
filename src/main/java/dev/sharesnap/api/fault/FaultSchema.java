package dev.sharesnap.api.fault;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shape of the fault bodies {@link FaultMapper} writes, for the OpenAPI document only (the
 * mapper builds them as maps): one key, the fault name, holding the code and message.
 */
@Schema(
    name = "FaultBody",
    type = SchemaType.OBJECT,
    description =
        "Manila fault: a single key naming the fault (badRequest, unauthorized, forbidden,"
            + " itemNotFound, conflict, overLimit, notAcceptable, serviceUnavailable,"
            + " computeFault) whose value holds the HTTP code and a message",
    additionalProperties = FaultSchema.Fault.class,
    example =
        "{\"itemNotFound\": {\"code\": 404, \"message\": \"Snapshot abc could not be found.\"}}")
public final class FaultSchema {

  private FaultSchema() {}

  /** The value under the fault name. */
  @Schema(name = "Fault")
  public record Fault(
      @Schema(description = "HTTP status code", example = "404") int code,
      @Schema(description = "Manila's message") String message) {}
}
