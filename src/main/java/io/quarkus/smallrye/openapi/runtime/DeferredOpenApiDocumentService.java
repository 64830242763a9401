package io.quarkus.smallrye.openapi.runtime;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.OpenApiFilter.RunStage;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * sharesnap's /q/openapi document, prepared on its first request instead of at every start.
 *
 * <p>The extension builds the document at build time, then at runtime init re-parses that 143 KB
 * file and writes it out as JSON and as YAML (SnakeYAML), whether or not anyone ever asks for it:
 * about 2 CPU-s of each start (docs/performance.md, "Where the start goes"). This bean replaces the
 * extension's {@link OpenApiDocumentService} (an alternative with priority): the recorder's call at
 * start only records its arguments, and the first {@link #getDocument} runs the extension's own
 * preparation with them, so the document served (runtime filters, formats) is the extension's, byte
 * for byte. The /q/openapi route is a blocking route, so that first request pays the cost on a
 * worker thread, never on the event loop.
 *
 * <p>It lives in the extension's package because {@code prepareDocument} is package-private there;
 * a Quarkus upgrade that changes that signature fails this build rather than silently starting to
 * prepare at start again. Only the packaged service ({@code prod}) has it: there one class loader
 * holds both classes, whereas dev and test mode load extensions in a parent class loader of the
 * application's, a different runtime package in which the override would not link. Those modes keep
 * the extension's eager service; {@code OpenApiDocumentIT} checks the packaged jar.
 */
@IfBuildProfile("prod")
@Alternative
@Priority(1)
@ApplicationScoped
@Unremovable // looked up by the extension (Arc.container().select), never injected
public class DeferredOpenApiDocumentService extends OpenApiDocumentService {

  private static final Logger LOG = Logger.getLogger(DeferredOpenApiDocumentService.class);

  /** Preparations recorded at start, by document name; each runs once, on first use. */
  private final Map<String, Runnable> pending = new HashMap<>();

  @Override
  synchronized void prepareDocument(
      AutoSecurityFilter autoSecurityFilter,
      Map<RunStage, List<String>> filtersToRun,
      String documentName) {
    pending.put(
        documentName, () -> super.prepareDocument(autoSecurityFilter, filtersToRun, documentName));
  }

  @Override
  public synchronized byte[] getDocument(String documentName, Format format) {
    Runnable preparation = pending.get(documentName);
    if (preparation != null) {
      long start = System.nanoTime();
      preparation.run(); // a failure propagates and leaves it pending for the next request
      pending.remove(documentName);
      LOG.infof(
          "OpenAPI document %s prepared on its first request in %d ms",
          documentName, (System.nanoTime() - start) / 1_000_000);
    }
    return super.getDocument(documentName, format);
  }
}
