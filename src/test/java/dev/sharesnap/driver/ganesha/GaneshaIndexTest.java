package dev.sharesnap.driver.ganesha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index of export files that ganesha.conf includes, without a Ganesha. */
class GaneshaIndexTest {

  @TempDir Path dir;

  @Test
  void newExportsDirectory_getsAnIndexWithNoExport() throws Exception {
    Path exports = dir.resolve("exports.d");
    new GaneshaExports("unix:path=/nonexistent", exports.toString(), Duration.ofSeconds(1));

    assertEquals(List.of(), includes(exports));
  }

  @Test
  void index_includesEveryExportFile_inIdOrder_andNothingElse() throws Exception {
    GaneshaExports ganesha =
        new GaneshaExports("unix:path=/nonexistent", dir.toString(), Duration.ofSeconds(1));
    for (String f :
        List.of("export-1001.conf", "export-999.conf", ".export-5.conf.tmp", "x.conf")) {
      Files.writeString(dir.resolve(f), "EXPORT {}\n");
    }

    ganesha.writeIndex();

    assertEquals(
        List.of(
            "%include \"" + dir.resolve("export-999.conf") + "\"",
            "%include \"" + dir.resolve("export-1001.conf") + "\""),
        includes(dir));
  }

  private static List<String> includes(Path dir) throws Exception {
    return Files.readAllLines(dir.resolve(GaneshaExports.INDEX)).stream()
        .filter(l -> !l.startsWith("#"))
        .toList();
  }
}
