package dev.sharesnap.policy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads an oslo.policy file: a YAML (or JSON, which YAML reads too) mapping of rule names to check
 * strings. Comments and an empty file are fine, as in oslo.policy; anything that is not a name →
 * string mapping is refused with the file and the offending key in the message.
 */
public final class PolicyFile {

  private PolicyFile() {}

  public static Map<String, String> read(Path path) {
    Object doc;
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new PolicyFileException("cannot read policy file " + path + ": " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new PolicyFileException(
          "policy file " + path + " is not valid YAML: " + e.getMessage(), e);
    }
    if (doc == null) {
      return Map.of();
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new PolicyFileException(
          "policy file " + path + " must map rule names to check strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object value = e.getValue();
      // oslo.policy reads a null value (key with nothing after the colon) as an empty check: always
      // allowed
      if (value != null && !(value instanceof String)) {
        throw new PolicyFileException(
            "policy file "
                + path
                + ": rule \""
                + e.getKey()
                + "\" must be a check string, not "
                + value);
      }
      out.put(String.valueOf(e.getKey()), value == null ? "" : (String) value);
    }
    return out;
  }
}
