package dev.sharesnap.api.view;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A response body that writes itself to the Jackson generator of the REST layer's writer. Hot views
 * (snapshot show and lists) build no map per object: the fields go straight to the output, in
 * Manila's order, once.
 */
@Schema(type = SchemaType.OBJECT)
public final class JsonBody implements JsonSerializable {

  /** Writes one complete JSON value. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private final Writer writer;

  public JsonBody(Writer writer) {
    this.writer = writer;
  }

  @Override
  public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
    writer.write(g);
  }

  @Override
  public void serializeWithType(
      JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer) throws IOException {
    writer.write(g);
  }
}
