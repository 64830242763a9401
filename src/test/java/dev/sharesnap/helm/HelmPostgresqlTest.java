package dev.sharesnap.helm;

import static dev.sharesnap.helm.RenderedChart.at;
import static dev.sharesnap.helm.RenderedChart.map;
import static dev.sharesnap.helm.RenderedChart.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional in-chart PostgreSQL (charts/postgresql), off by default, for trials. */
class HelmPostgresqlTest {

  private static final String PG = RenderedChart.RELEASE + "-postgresql";

  @TempDir Path scratch;

  @Test
  void subchart_passesStrictLint() {
    RenderedChart.assertLintsClean(RenderedChart.CHART.resolve("charts/postgresql"));
  }

  @Test
  void byDefault_noDatabaseIsDeployed() {
    RenderedChart chart = render(scratch, "");
    assertTrue(chart.find("StatefulSet").isEmpty());
    assertTrue(chart.find("Secret").isEmpty());
    assertEquals(
        "postgresql://postgresql:5432/sharesnap",
        chart.envValue("QUARKUS_DATASOURCE_REACTIVE_URL"));
  }

  @Test
  void enabled_deploysANonRootStatefulSetWithAClaimAndAService() {
    RenderedChart chart = render(scratch, "postgresql: {enabled: true}");
    Map<String, Object> sts = chart.get("StatefulSet");
    assertEquals(PG, at(sts, "metadata", "name"));
    assertEquals(PG, at(sts, "spec", "serviceName"));
    Map<String, Object> pod = map(sts, "spec", "template", "spec");
    assertEquals(true, at(pod, "securityContext", "runAsNonRoot"));
    assertEquals(999, at(pod, "securityContext", "runAsUser"));
    Map<String, Object> container = chart.<Map<String, Object>>list(pod, "containers").get(0);
    assertEquals("postgres:16.9", container.get("image"));
    assertEquals(true, at(container, "securityContext", "readOnlyRootFilesystem"));
    assertEquals(false, at(container, "securityContext", "allowPrivilegeEscalation"));
    assertEquals(List.of("ALL"), at(container, "securityContext", "capabilities", "drop"));
    assertEquals("sharesnap", chart.envValue(container, "POSTGRES_USER"));
    assertEquals("sharesnap", chart.envValue(container, "POSTGRES_DB"));
    assertEquals(
        Map.of("name", PG, "key", "password"),
        at(chart.env(container, "POSTGRES_PASSWORD").orElseThrow(), "valueFrom", "secretKeyRef"));

    Map<String, Object> claim =
        chart.<Map<String, Object>>list(sts, "spec", "volumeClaimTemplates").get(0);
    assertEquals("data", at(claim, "metadata", "name"));
    assertEquals("8Gi", at(claim, "spec", "resources", "requests", "storage"));

    Map<String, Object> service = chart.named("Service", PG);
    assertEquals(
        List.of(
            Map.of(
                "name", "postgresql", "port", 5432, "targetPort", "postgresql", "protocol", "TCP")),
        at(service, "spec", "ports"));
    assertEquals(map(sts, "spec", "selector", "matchLabels"), at(service, "spec", "selector"));
  }

  @Test
  void enabled_generatesAPassword_orStoresTheGivenOne() {
    String generated = password(render(scratch, "postgresql: {enabled: true}"));
    assertEquals(24, generated.length());
    assertEquals(
        "trial-only",
        password(render(scratch, "postgresql: {enabled: true, auth: {password: trial-only}}")));
  }

  @Test
  void enabled_pointsTheServiceAtIt_andItMigratesAtStart() {
    RenderedChart chart =
        render(scratch, "postgresql: {enabled: true, auth: {database: snaps, username: snapper}}");
    assertEquals(
        "postgresql://" + PG + ":5432/snaps", chart.envValue("QUARKUS_DATASOURCE_REACTIVE_URL"));
    assertEquals(
        "jdbc:postgresql://" + PG + ":5432/snaps", chart.envValue("QUARKUS_DATASOURCE_JDBC_URL"));
    assertEquals("snapper", chart.envValue("SHARESNAP_DB_USER"));
    assertEquals(
        Map.of("name", PG, "key", "password"),
        at(chart.env("SHARESNAP_DB_PASSWORD").orElseThrow(), "valueFrom", "secretKeyRef"));
    // Its database is created with the release, after pre-install hooks: no Job can migrate it.
    assertTrue(chart.find("Job").isEmpty());
    assertEquals("startup", chart.envValue("SHARESNAP_MIGRATION_MODE"));
  }

  @Test
  void enabled_withExistingSecret_createsNoSecretAndReadsThatOne() {
    RenderedChart chart =
        render(
            scratch,
            "postgresql: {enabled: true, auth: {existingSecret: pg-trial, secretKey: pw}}");
    assertTrue(chart.find("Secret").isEmpty());
    assertEquals(
        Map.of("name", "pg-trial", "key", "pw"),
        at(chart.env("SHARESNAP_DB_PASSWORD").orElseThrow(), "valueFrom", "secretKeyRef"));
  }

  @Test
  void unknownSubchartKey_isRejected() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RenderedChart.template(
                    scratch, "snap", "postgresql: {enabled: true, auth: {pasword: x}}"));
    assertTrue(e.getMessage().contains("pasword"), e::getMessage);
  }

  @Test
  void generatedSecret_isWrittenOnceAtInstall() {
    Map<String, Object> secret = render(scratch, "postgresql: {enabled: true}").named("Secret", PG);
    assertEquals("pre-install", at(secret, "metadata", "annotations", "helm.sh/hook"));
  }

  private static String password(RenderedChart chart) {
    Map<String, Object> secret = chart.named("Secret", PG);
    return new String(
        Base64.getDecoder().decode((String) at(secret, "data", "password")),
        StandardCharsets.UTF_8);
  }
}
