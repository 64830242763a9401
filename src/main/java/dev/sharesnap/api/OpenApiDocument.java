package dev.sharesnap.api;

import dev.sharesnap.api.fault.FaultSchema;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Document-wide parts of /q/openapi: the description of microversions and of the folded project
 * segment, and the fault responses that routes refer to by name ({@code @APIResponse(responseCode =
 * "404", ref = "itemNotFound")}).
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "sharesnap: OpenStack Manila v2 snapshot API",
            version = "2.73",
            description =
                "Manila's Shared File Systems API v2 for snapshots, and the shares and share types"
                    + " their users need. Every route is also served under /v2/{project_id}/..."
                    + " (Manila's form; the project must be the caller's). The microversion is"
                    + " chosen with the X-OpenStack-Manila-API-Version header, 2.0 (default) to"
                    + " 2.73; an operation's description names the range in which it exists and"
                    + " the versions that change its fields. Errors are Manila fault bodies"
                    + " (FaultBody). docs/api-coverage.md has the full table."),
    components =
        @Components(
            responses = {
              @APIResponse(
                  name = "badRequest",
                  responseCode = "400",
                  description = "Malformed body or invalid input (Manila's badRequest)",
                  content =
                      @Content(
                          mediaType = "application/json",
                          schema = @Schema(implementation = FaultSchema.class))),
              @APIResponse(
                  name = "unauthorized",
                  responseCode = "401",
                  description = "No or invalid token",
                  content =
                      @Content(
                          mediaType = "application/json",
                          schema = @Schema(implementation = FaultSchema.class))),
              @APIResponse(
                  name = "forbidden",
                  responseCode = "403",
                  description = "The policy denies the call",
                  content =
                      @Content(
                          mediaType = "application/json",
                          schema = @Schema(implementation = FaultSchema.class))),
              @APIResponse(
                  name = "itemNotFound",
                  responseCode = "404",
                  description =
                      "No such resource visible to the caller, or a route outside the requested"
                          + " microversion",
                  content =
                      @Content(
                          mediaType = "application/json",
                          schema = @Schema(implementation = FaultSchema.class))),
              @APIResponse(
                  name = "conflict",
                  responseCode = "409",
                  description = "The resource's status does not allow the call",
                  content =
                      @Content(
                          mediaType = "application/json",
                          schema = @Schema(implementation = FaultSchema.class))),
              @APIResponse(
                  name = "overLimit",
                  responseCode = "413",
                  description = "A quota would be exceeded",
                  content =
                      @Content(
                          mediaType = "application/json",
                          schema = @Schema(implementation = FaultSchema.class))),
              @APIResponse(
                  name = "unprocessableEntity",
                  responseCode = "422",
                  description =
                      "The body lacks its entity key or a required parameter (Manila's 422, a"
                          + " computeFault body)",
                  content =
                      @Content(
                          mediaType = "application/json",
                          schema = @Schema(implementation = FaultSchema.class))),
              @APIResponse(
                  name = "notAcceptable",
                  responseCode = "406",
                  description = "Microversion outside 2.0 to 2.73",
                  content =
                      @Content(
                          mediaType = "application/json",
                          schema = @Schema(implementation = FaultSchema.class)))
            }))
public class OpenApiDocument extends Application {
  // SmallRye OpenAPI reads @OpenAPIDefinition from the JAX-RS Application class. This one overrides
  // nothing and declares no @ApplicationPath, so every resource is still discovered at the root.
}
