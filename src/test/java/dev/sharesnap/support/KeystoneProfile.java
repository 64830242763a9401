package dev.sharesnap.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** sharesnap in keystone mode against the real Keystone of {@link KeystoneResource}. */
public class KeystoneProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(KeystoneResource.class));
  }
}
