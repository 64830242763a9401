package dev.sharesnap.driver.ganesha;

import dev.sharesnap.driver.AccessGrant;
import dev.sharesnap.driver.DriverException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The one choke point to NFS-Ganesha: writes an export's file into the exports directory and asks
 * Ganesha's D-Bus export manager to add, update or remove it, as Manila's Ganesha helpers do. Each
 * call is a {@code dbus-send} child process with a timeout; callers run it on the driver's blocking
 * pool. D-Bus errors become {@link DriverException}s: a bus or Ganesha that does not answer is
 * transient (retried), a refused export file is permanent (with Ganesha's reason). Shared by the
 * NFS driver (FSAL VFS: directories) and the CephFS driver's NFS mode (FSAL CEPH: subvolumes); the
 * caller gives the FSAL block. Export files are readable by their owner only, as a CephFS export
 * holds the cephx key Ganesha mounts the subvolume with.
 *
 * <p>D-Bus changes live only as long as the Ganesha process. So that a restarted Ganesha serves
 * every export again by itself, the directory also holds {@value #INDEX}: one {@code %include} line
 * per export file, rewritten from the directory's listing after every change (under a lock shared
 * by the threads of this process and, through a file lock, by other replicas writing the same
 * directory). The operator's ganesha.conf includes it, as Manila's Ganesha helpers have it.
 */
public final class GaneshaExports {

  private static final Logger LOG = Logger.getLogger(GaneshaExports.class);
  private static final String MGR = "org.ganesha.nfsd.exportmgr.";

  /** The file ganesha.conf includes: one {@code %include} per export file. */
  public static final String INDEX = "INDEX.conf";

  private static final Pattern EXPORT_FILE = Pattern.compile("export-(\\d+)\\.conf");
  private static final Object INDEX_LOCK = new Object();

  /** The FSAL block body of an export of a local directory. */
  public static final String FSAL_VFS = "Name = VFS;";

  private final String dbusAddress;
  private final Duration commandTimeout;
  private final Path dir;

  /**
   * Exports written to {@code exportsDir}, sent to the Ganesha on the bus at {@code dbusAddress};
   * each D-Bus call may take {@code commandTimeout}.
   */
  public GaneshaExports(String dbusAddress, String exportsDir, Duration commandTimeout) {
    this.dbusAddress = dbusAddress;
    this.commandTimeout = commandTimeout;
    this.dir = Path.of(exportsDir).toAbsolutePath().normalize();
    try {
      // ganesha.conf may include the index before the first export exists
      Files.createDirectories(dir);
      writeIndex();
    } catch (IOException e) {
      LOG.warnf("cannot write %s in %s: %s", INDEX, dir, e.getMessage());
    }
  }

  /**
   * Makes export {@code id} serve {@code path} at {@code pseudo} to exactly {@code grants}: added
   * when Ganesha lacks it, updated in place when it has it (clients keep their mounts). {@code
   * fsal} is the body of the export's FSAL block ({@link #FSAL_VFS} for a directory).
   */
  public void apply(
      int id, String path, String pseudo, List<AccessGrant> grants, boolean readOnly, String fsal)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path file = dir.resolve("export-" + id + ".conf");
    String previous = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    write(id, file, render(id, path, pseudo, grants, readOnly, fsal));
    try {
      send(id, file);
    } catch (DriverException e) {
      if (e.isTransient()) {
        throw e;
      }
      // Ganesha refused the file: a restarted Ganesha must not meet it either
      if (previous == null) {
        Files.deleteIfExists(file);
        writeIndex();
      } else {
        write(id, file, previous);
      }
      throw e;
    }
  }

  /** Writes export {@code id}'s file atomically (owner-only) and lists it in the index. */
  private void write(int id, Path file, String content) throws IOException {
    Path tmp = dir.resolve(".export-" + id + ".conf.tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    writeIndex();
  }

  private void send(int id, Path file) throws IOException, InterruptedException {
    String select = "string:EXPORT(Export_Id=" + id + ")";
    // Ask first rather than try AddExport: a refused AddExport of an active FSAL CEPH export has
    // already mounted CephFS again under the export's client uuid, and the MDS evicts the live
    // export's session for it (seen with Ganesha 4.3: NFS4ERR_SERVERFAULT until re-added)
    if (active(id)) {
      require(call("UpdateExport", "string:" + file, select), "update export " + id);
      return;
    }
    Reply added = call("AddExport", "string:" + file, select);
    if (added.ok()) {
      return;
    }
    // added meanwhile by another caller: update it in place
    if (added.err().contains("already active")) {
      require(call("UpdateExport", "string:" + file, select), "update export " + id);
      return;
    }
    require(added, "add export " + id);
  }

  /**
   * Rewrites {@value #INDEX} from the export files now in the directory, in export id order. Each
   * writer lists the directory after its own change and under the lock, so the last rewrite holds
   * every file that exists.
   */
  void writeIndex() throws IOException {
    synchronized (INDEX_LOCK) {
      try (FileChannel lock =
              FileChannel.open(
                  dir.resolve(".index.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = lock.lock()) {
        List<Integer> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "export-*.conf")) {
          for (Path f : files) {
            Matcher m = EXPORT_FILE.matcher(f.getFileName().toString());
            if (m.matches()) {
              ids.add(Integer.parseInt(m.group(1)));
            }
          }
        }
        Collections.sort(ids);
        StringBuilder b =
            new StringBuilder(
                "# written by sharesnap: every export it serves, for ganesha.conf to %include\n");
        ids.forEach(
            i ->
                b.append("%include \"")
                    .append(dir.resolve("export-" + i + ".conf"))
                    .append("\"\n"));
        Path tmp = dir.resolve("." + INDEX + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(
            tmp,
            dir.resolve(INDEX),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  /** Whether Ganesha serves export {@code id} now. */
  private boolean active(int id) throws IOException, InterruptedException {
    Reply shown = call("DisplayExport", "uint16:" + id);
    if (!shown.ok() && !shown.err().contains("Export id not found")) {
      require(shown, "look up export " + id);
    }
    return shown.ok();
  }

  /** Removes export {@code id}; one Ganesha does not know is already removed. */
  public void remove(int id) throws IOException, InterruptedException {
    Reply r = call("RemoveExport", "uint16:" + id);
    if (!r.ok() && !r.err().contains("Export id not found")) {
      require(r, "remove export " + id);
    }
    if (Files.deleteIfExists(dir.resolve("export-" + id + ".conf"))) {
      writeIndex();
    }
  }

  /**
   * The export block. {@code Access_Type = None} on the export itself, so only the CLIENT blocks
   * admit anyone whatever the server's EXPORT_DEFAULTS say; the most specific network comes first,
   * as Ganesha admits a client by the first block that matches it.
   */
  public static String render(
      int id, String path, String pseudo, List<AccessGrant> grants, boolean readOnly, String fsal) {
    StringBuilder b = new StringBuilder();
    b.append("# written by sharesnap; served through Ganesha's D-Bus export manager\n")
        .append("EXPORT {\n")
        .append("  Export_Id = ")
        .append(id)
        .append(";\n  Path = \"")
        .append(path)
        .append("\";\n  Pseudo = \"")
        .append(pseudo)
        .append("\";\n  Access_Type = None;\n  Squash = No_Root_Squash;\n")
        .append("  Protocols = 4;\n  Transports = TCP;\n  SecType = sys;\n");
    grants.stream()
        .sorted(Comparator.comparingInt(GaneshaExports::prefixLength).reversed())
        .forEach(
            g ->
                b.append("  CLIENT { Clients = ")
                    .append(client(g.accessTo()))
                    .append("; Access_Type = ")
                    .append(readOnly || g.readOnly() ? "RO" : "RW")
                    .append("; }\n"));
    return b.append("  FSAL { ").append(fsal).append(" }\n}\n").toString();
  }

  /** Ganesha's parser takes networks unquoted but rejects {@code 0.0.0.0/0}; {@code *} is all. */
  static String client(String accessTo) {
    return accessTo.equals("0.0.0.0/0") ? "*" : accessTo;
  }

  private static int prefixLength(AccessGrant g) {
    int slash = g.accessTo().indexOf('/');
    return slash < 0 ? 128 : Integer.parseInt(g.accessTo().substring(slash + 1));
  }

  private record Reply(boolean ok, String err) {}

  private Reply call(String method, String... args) throws IOException, InterruptedException {
    long start = System.nanoTime();
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                "dbus-send",
                "--bus=" + dbusAddress,
                "--print-reply",
                "--reply-timeout=" + commandTimeout.toMillis(),
                "--dest=org.ganesha.nfsd",
                "/org/ganesha/nfsd/ExportMgr",
                MGR + method));
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw DriverException.permanent("Cannot run dbus-send (package dbus-bin): " + e.getMessage());
    }
    p.getOutputStream().close();
    if (!p.waitFor(commandTimeout.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw DriverException.transientFailure(
          "Ganesha " + method + " timed out after " + commandTimeout.toSeconds() + " s",
          new TimeoutException());
    }
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    LOG.debugf(
        "ganesha %s %s: exit %d in %d ms %s",
        method,
        String.join(" ", args),
        p.exitValue(),
        (System.nanoTime() - start) / 1_000_000,
        err);
    return new Reply(p.exitValue() == 0, err);
  }

  /**
   * A failed call as a driver failure: Ganesha refusing the export file or its arguments is
   * permanent; anything else (no bus, Ganesha not on it, no reply) is transient.
   */
  private static void require(Reply r, String what) {
    if (r.ok()) {
      return;
    }
    String reason = "NFS-Ganesha could not " + what + ": " + r.err();
    if (r.err().contains("InvalidFileContent") || r.err().contains("InvalidArgs")) {
      throw DriverException.permanent(reason);
    }
    throw DriverException.transientFailure(reason, null);
  }
}
