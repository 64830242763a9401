package dev.sharesnap.driver.nfs;

import dev.sharesnap.driver.BlockingExecutor;
import dev.sharesnap.driver.DriverException;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * The NFS backend's one choke point for file work: each operation runs on the driver's bounded pool
 * with its timeout, is logged with its duration, and its failure leaves as a {@link
 * DriverException} (I/O errors and interruptions transient, a cancelled copy permanent).
 */
final class NfsWork implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(NfsDriver.class);

  private final BlockingExecutor blocking;

  NfsWork(BlockingExecutor blocking) {
    this.blocking = blocking;
  }

  <T> Uni<T> run(String operation, IoWork<T> work) {
    return blocking.run(
        operation,
        () -> {
          long start = System.nanoTime();
          try {
            T result = work.call();
            LOG.debugf("%s done in %d ms", operation, (System.nanoTime() - start) / 1_000_000);
            return result;
          } catch (NfsCopy.CancelledException e) {
            LOG.infof("%s: copy cancelled, its temporary tree removed", operation);
            throw DriverException.permanent(operation + " was cancelled");
          } catch (IOException | UncheckedIOException e) {
            throw DriverException.transientFailure(operation + " failed: " + e.getMessage(), e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DriverException.transientFailure(operation + " was interrupted", e);
          }
        });
  }

  @Override
  public void close() {
    blocking.close();
  }

  /** Blocking file work. */
  @FunctionalInterface
  interface IoWork<T> {
    T call() throws IOException, InterruptedException;
  }
}
