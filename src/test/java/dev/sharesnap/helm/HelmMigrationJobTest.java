package dev.sharesnap.helm;

import static dev.sharesnap.helm.RenderedChart.at;
import static dev.sharesnap.helm.RenderedChart.map;
import static dev.sharesnap.helm.RenderedChart.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migration.mode: a pre-install/pre-upgrade hook Job that runs the service's image in migrate-only
 * mode while the pods only check the schema (job, the default), or every pod migrating at start
 * (startup).
 */
class HelmMigrationJobTest {

  @TempDir Path scratch;

  @Test
  void byDefault_aHookJobMigratesBeforeInstallAndUpgrade() {
    Map<String, Object> job = render(scratch, "").get("Job");
    assertEquals("batch/v1", job.get("apiVersion"));
    assertEquals("snap-sharesnap-migrate", at(job, "metadata", "name"));
    assertEquals(
        Map.of(
            "helm.sh/hook", "pre-install,pre-upgrade",
            "helm.sh/hook-weight", "10",
            "helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded"),
        at(job, "metadata", "annotations"));
    assertEquals(1, at(job, "spec", "backoffLimit"));
    assertEquals(300, at(job, "spec", "activeDeadlineSeconds"));
    assertEquals("Never", at(job, "spec", "template", "spec", "restartPolicy"));
  }

  @Test
  void job_runsTheDeploymentsImageInMigrateOnlyModeOnTheSameDatabase() {
    RenderedChart chart =
        render(
            scratch,
            """
            image: {repository: registry.example.org/sharesnap, tag: 1.2.3, pullPolicy: Always}
            database: {host: pg.db.svc, name: snaps, user: snapper, parameters: {sslmode: require}}
            extraEnv: [{name: JAVA_OPTS_APPEND, value: -XX:MaxRAMPercentage=75}]
            """);
    Map<String, Object> job = chart.jobContainer();
    Map<String, Object> service = chart.container();
    assertEquals("registry.example.org/sharesnap:1.2.3", job.get("image"));
    assertEquals(service.get("image"), job.get("image"));
    assertEquals("Always", job.get("imagePullPolicy"));

    assertEquals("only", chart.envValue(job, "SHARESNAP_MIGRATION_MODE"));
    for (String name :
        List.of("QUARKUS_DATASOURCE_JDBC_URL", "SHARESNAP_DB_USER", "SHARESNAP_DB_PASSWORD")) {
      assertEquals(chart.env(service, name), chart.env(job, name), name);
    }
    assertEquals(
        "jdbc:postgresql://pg.db.svc:5432/snaps?sslmode=require",
        chart.envValue(job, "QUARKUS_DATASOURCE_JDBC_URL"));
    assertEquals(
        Map.of("name", "sharesnap-db", "key", "password"),
        at(chart.env(job, "SHARESNAP_DB_PASSWORD").orElseThrow(), "valueFrom", "secretKeyRef"));
    assertEquals("-XX:MaxRAMPercentage=75", chart.envValue(job, "JAVA_OPTS_APPEND"));
    assertTrue(
        chart.env(job, "QUARKUS_DATASOURCE_REACTIVE_URL").isEmpty(), "Flyway needs JDBC only");
  }

  @Test
  void job_isAsLockedDownAsThePods() {
    RenderedChart chart = render(scratch, "");
    Map<String, Object> pod = map(chart.get("Job"), "spec", "template", "spec");
    assertEquals(chart.podSpec().get("securityContext"), pod.get("securityContext"));
    assertEquals(
        chart.container().get("securityContext"), chart.jobContainer().get("securityContext"));
    assertEquals(true, at(chart.jobContainer(), "securityContext", "readOnlyRootFilesystem"));
    assertEquals(false, pod.get("automountServiceAccountToken"));
    assertEquals(
        List.of(Map.of("name", "tmp", "mountPath", "/tmp")),
        chart.jobContainer().get("volumeMounts"));
    assertEquals("512Mi", at(chart.jobContainer(), "resources", "limits", "memory"));
  }

  @Test
  void job_usesNothingThatTheReleaseCreatesAfterItsHooks() {
    RenderedChart chart = render(scratch, "");
    Map<String, Object> pod = map(chart.get("Job"), "spec", "template", "spec");
    assertFalse(
        pod.containsKey("serviceAccountName"), "the chart's ServiceAccount is not there yet");
    assertEquals(
        List.of("tmp"),
        chart.<Map<String, Object>>list(pod, "volumes").stream().map(v -> v.get("name")).toList());

    RenderedChart existing =
        render(scratch, "serviceAccount: {create: false, name: sharesnap-runner}");
    assertEquals(
        "sharesnap-runner",
        at(existing.get("Job"), "spec", "template", "spec", "serviceAccountName"),
        "an existing account is there before the hook");
  }

  @Test
  void jobPod_isNeitherServedNorCountedByThePdb() {
    RenderedChart chart = render(scratch, "podDisruptionBudget: {enabled: true}");
    Map<String, Object> labels = map(chart.get("Job"), "spec", "template", "metadata", "labels");
    assertEquals("migration", labels.get("app.kubernetes.io/component"));
    assertFalse(
        labels.entrySet().containsAll(map(chart.get("Service"), "spec", "selector").entrySet()));
    assertFalse(
        labels
            .entrySet()
            .containsAll(
                map(chart.get("PodDisruptionBudget"), "spec", "selector", "matchLabels")
                    .entrySet()));
  }

  @Test
  void jobMode_podsOnlyCheckTheSchema() {
    assertEquals("check", render(scratch, "").envValue("SHARESNAP_MIGRATION_MODE"));
  }

  @Test
  void startupMode_rendersNoJob_andPodsMigrateAtStart() {
    RenderedChart chart = render(scratch, "migration: {mode: startup}");
    assertTrue(chart.find("Job").isEmpty());
    assertEquals("startup", chart.envValue("SHARESNAP_MIGRATION_MODE"));
  }

  @Test
  void unknownMode_isRejected() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RenderedChart.template(scratch, "snap", "migration: {mode: never}"));
    assertTrue(e.getMessage().contains("/migration/mode"), e::getMessage);
  }
}
