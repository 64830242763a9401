package dev.sharesnap.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metrics wrapper must forward every SPI method: a default method it does not override would
 * silently answer with the default instead of the wrapped driver's own (e.g. a backend's revert
 * support or its health check).
 */
class InstrumentedDriverTest {

  @Test
  void everyShareDriverMethod_isOverridden() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Method m : ShareDriver.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Method impl = InstrumentedDriver.class.getMethod(m.getName(), m.getParameterTypes());
      if (impl.getDeclaringClass() != InstrumentedDriver.class) {
        missing.add(m.getName());
      }
    }
    assertEquals(List.of(), missing, "InstrumentedDriver does not forward these methods");
  }
}
