package dev.sharesnap.helm;

import static dev.sharesnap.helm.RenderedChart.at;
import static dev.sharesnap.helm.RenderedChart.map;
import static dev.sharesnap.helm.RenderedChart.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Helm chart in helm/sharesnap: strict lint, then renders with chosen values checked manifest
 * by manifest. Plain JUnit, no Quarkus: the chart is rendered offline by the Helm SDK (helm-java).
 */
class HelmChartTest {

  private static final String FULLNAME = RenderedChart.RELEASE + "-sharesnap";

  @TempDir Path scratch;

  @Test
  void lint_passesStrict() {
    RenderedChart.assertLintsClean(RenderedChart.CHART);
  }

  @Test
  void defaults_renderAccountConfigClaimServiceDeploymentAndMigrationJob() {
    RenderedChart chart = render(scratch, "");
    assertEquals(
        List.of(
            "ConfigMap", "Deployment", "Job", "PersistentVolumeClaim", "Service", "ServiceAccount"),
        chart.kinds());
  }

  @Test
  void defaults_createNoPdbHpaOrServiceMonitor() {
    RenderedChart chart = render(scratch, "");
    assertTrue(chart.find("PodDisruptionBudget").isEmpty());
    assertTrue(chart.find("HorizontalPodAutoscaler").isEmpty());
    assertTrue(chart.find("ServiceMonitor").isEmpty());
    assertEquals(1, at(chart.get("Deployment"), "spec", "replicas"));
  }

  @Test
  void values_withPdbAndHpa_renderThem() {
    RenderedChart chart =
        render(
            scratch,
            """
            podDisruptionBudget: {enabled: true}
            autoscaling: {enabled: true, minReplicas: 3, maxReplicas: 6, targetCPUUtilizationPercentage: 60}
            """);
    Map<String, Object> selector = map(chart.get("Deployment"), "spec", "selector", "matchLabels");

    Map<String, Object> pdb = map(chart.get("PodDisruptionBudget"), "spec");
    assertEquals(1, pdb.get("minAvailable"));
    assertFalse(pdb.containsKey("maxUnavailable"));
    assertEquals(selector, at(pdb, "selector", "matchLabels"));

    Map<String, Object> hpa = map(chart.get("HorizontalPodAutoscaler"), "spec");
    assertEquals("autoscaling/v2", chart.get("HorizontalPodAutoscaler").get("apiVersion"));
    assertEquals(
        Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", FULLNAME),
        hpa.get("scaleTargetRef"));
    assertEquals(3, hpa.get("minReplicas"));
    assertEquals(6, hpa.get("maxReplicas"));
    Map<String, Object> metric = chart.<Map<String, Object>>list(hpa, "metrics").get(0);
    assertEquals("cpu", at(metric, "resource", "name"));
    assertEquals(60, at(metric, "resource", "target", "averageUtilization"));
    // The HPA owns the replica count: the Deployment must not reset it on every upgrade.
    assertFalse(map(chart.get("Deployment"), "spec").containsKey("replicas"));
  }

  @Test
  void pdb_withMaxUnavailable_usesItInsteadOfMinAvailable() {
    RenderedChart chart =
        render(scratch, "podDisruptionBudget: {enabled: true, maxUnavailable: 50%}");
    Map<String, Object> pdb = map(chart.get("PodDisruptionBudget"), "spec");
    assertEquals("50%", pdb.get("maxUnavailable"));
    assertFalse(pdb.containsKey("minAvailable"));
  }

  @Test
  void serviceMonitor_whenEnabled_scrapesQMetricsOnTheHttpPort() {
    RenderedChart chart =
        render(scratch, "serviceMonitor: {enabled: true, interval: 15s, labels: {release: prom}}");
    Map<String, Object> monitor = chart.get("ServiceMonitor");
    assertEquals("monitoring.coreos.com/v1", monitor.get("apiVersion"));
    assertEquals("prom", at(monitor, "metadata", "labels", "release"));
    assertEquals(
        map(chart.get("Service"), "spec", "selector"),
        at(monitor, "spec", "selector", "matchLabels"));
    Map<String, Object> endpoint =
        chart.<Map<String, Object>>list(monitor, "spec", "endpoints").get(0);
    assertEquals(
        Map.of("port", "http", "path", "/q/metrics", "interval", "15s", "scrapeTimeout", "10s"),
        endpoint);
  }

  @Test
  void deployment_runsAsNonRootWithReadOnlyRoot() {
    RenderedChart chart = render(scratch, "");
    Map<String, Object> pod = map(chart.podSpec(), "securityContext");
    assertEquals(true, pod.get("runAsNonRoot"));
    assertEquals(185, pod.get("runAsUser"));
    assertEquals("RuntimeDefault", at(pod, "seccompProfile", "type"));

    Map<String, Object> container = map(chart.container(), "securityContext");
    assertEquals(true, container.get("readOnlyRootFilesystem"));
    assertEquals(false, container.get("allowPrivilegeEscalation"));
    assertEquals(List.of("ALL"), at(container, "capabilities", "drop"));
    assertFalse(map(container, "capabilities").containsKey("add"));

    // The read-only root needs a writable /tmp, from an emptyDir.
    assertEquals("/tmp", at(chart.mount("tmp").orElseThrow(), "mountPath"));
    assertEquals("256Mi", at(chart.volume("tmp").orElseThrow(), "emptyDir", "sizeLimit"));
    assertEquals(false, chart.podSpec().get("automountServiceAccountToken"));
  }

  @Test
  void probes_pointAtQuarkusHealthEndpointsOnPort8786() {
    Map<String, Object> container = render(scratch, "").container();
    assertEquals(
        List.of(Map.of("name", "http", "containerPort", 8786, "protocol", "TCP")),
        container.get("ports"));
    assertEquals(
        Map.of("path", "/q/health/started", "port", "http"),
        at(container, "startupProbe", "httpGet"));
    assertEquals(
        Map.of("path", "/q/health/live", "port", "http"),
        at(container, "livenessProbe", "httpGet"));
    assertEquals(
        Map.of("path", "/q/health/ready", "port", "http"),
        at(container, "readinessProbe", "httpGet"));
    assertEquals(60, at(container, "startupProbe", "failureThreshold"));
  }

  @Test
  void service_sendsPort8786ToThePods() {
    RenderedChart chart = render(scratch, "");
    Map<String, Object> service = map(chart.get("Service"), "spec");
    assertEquals("ClusterIP", service.get("type"));
    assertEquals(
        List.of(Map.of("name", "http", "port", 8786, "targetPort", "http", "protocol", "TCP")),
        service.get("ports"));
    Map<String, Object> podLabels =
        map(chart.get("Deployment"), "spec", "template", "metadata", "labels");
    assertEquals(
        Map.of("app.kubernetes.io/name", "sharesnap", "app.kubernetes.io/instance", "snap"),
        service.get("selector"));
    assertTrue(
        podLabels.entrySet().containsAll(map(service, "selector").entrySet()),
        "pods carry the selector labels");
  }

  @Test
  void databasePassword_comesFromAnExistingSecret() {
    RenderedChart chart =
        render(
            scratch, "database: {passwordSecret: {name: pg-credentials, key: sharesnap-password}}");
    Map<String, Object> password = chart.env("SHARESNAP_DB_PASSWORD").orElseThrow();
    assertFalse(password.containsKey("value"), "the password is never a literal");
    assertEquals(
        Map.of("name", "pg-credentials", "key", "sharesnap-password"),
        at(password, "valueFrom", "secretKeyRef"));
    assertTrue(chart.find("Secret").isEmpty(), "the chart creates no Secret");
  }

  @Test
  void databaseValues_buildBothUrlsAndTheUser() {
    RenderedChart chart =
        render(
            scratch,
            "database: {host: pg.db.svc, port: 6432, name: snaps, user: snapper, parameters:"
                + " {sslmode: require}}");
    assertEquals(
        "postgresql://pg.db.svc:6432/snaps?sslmode=require",
        chart.envValue("QUARKUS_DATASOURCE_REACTIVE_URL"));
    assertEquals(
        "jdbc:postgresql://pg.db.svc:6432/snaps?sslmode=require",
        chart.envValue("QUARKUS_DATASOURCE_JDBC_URL"));
    assertEquals("snapper", chart.envValue("SHARESNAP_DB_USER"));
  }

  @Test
  void nfsRoot_byDefault_isAClaimTheChartCreatesAndKeeps() {
    RenderedChart chart = render(scratch, "");
    Map<String, Object> claim = chart.get("PersistentVolumeClaim");
    assertEquals(FULLNAME + "-nfs", at(claim, "metadata", "name"));
    assertEquals("keep", at(claim, "metadata", "annotations", "helm.sh/resource-policy"));
    assertEquals(List.of("ReadWriteMany"), at(claim, "spec", "accessModes"));
    assertEquals("100Gi", at(claim, "spec", "resources", "requests", "storage"));
    assertFalse(map(claim, "spec").containsKey("storageClassName"), "cluster default class");

    assertEquals(
        FULLNAME + "-nfs",
        at(chart.volume("nfs-root").orElseThrow(), "persistentVolumeClaim", "claimName"));
    assertEquals("/srv/sharesnap", at(chart.mount("nfs-root").orElseThrow(), "mountPath"));
    assertEquals("/srv/sharesnap", chart.envValue("SHARESNAP_NFS_ROOT"));
  }

  @Test
  void nfsRoot_withExistingClaim_usesItAndCreatesNone() {
    RenderedChart chart =
        render(scratch, "nfs: {volume: {persistentVolumeClaim: {existingClaim: manila-exports}}}");
    assertTrue(chart.find("PersistentVolumeClaim").isEmpty());
    assertEquals(
        "manila-exports",
        at(chart.volume("nfs-root").orElseThrow(), "persistentVolumeClaim", "claimName"));
  }

  @Test
  void nfsRoot_onHostPath_mountsTheNodeDirectoryAtTheExportedPath() {
    RenderedChart chart =
        render(scratch, "nfs: {mountPath: /exports/manila, volume: {type: hostPath}}");
    assertTrue(chart.find("PersistentVolumeClaim").isEmpty());
    Map<String, Object> volume = chart.volume("nfs-root").orElseThrow();
    assertEquals(
        Map.of("path", "/exports/manila", "type", "DirectoryOrCreate"), volume.get("hostPath"));
    assertEquals("/exports/manila", at(chart.mount("nfs-root").orElseThrow(), "mountPath"));
    assertEquals("/exports/manila", chart.envValue("SHARESNAP_NFS_ROOT"));
  }

  @Test
  void nfsExportHost_isPassedOnlyWhenSet() {
    assertTrue(render(scratch, "").env("SHARESNAP_NFS_EXPORT_HOST").isEmpty());
    RenderedChart chart = render(scratch, "nfs: {exportHost: nfs1.example.org}");
    assertEquals("nfs1.example.org", chart.envValue("SHARESNAP_NFS_EXPORT_HOST"));
  }

  @Test
  void extraConfig_becomesPropertiesReadThroughConfigLocations() throws IOException {
    RenderedChart chart =
        render(
            scratch,
            "config: {sharesnap.tasks.concurrency: 4, sharesnap.nfs.worker-threads: 2000000}");
    Properties props = new Properties();
    props.load(
        new StringReader((String) at(chart.get("ConfigMap"), "data", "application.properties")));
    assertEquals(
        "265",
        props.getProperty("config_ordinal"),
        "above the built-in file, below the environment");
    assertEquals("4", props.getProperty("sharesnap.tasks.concurrency"));
    assertEquals(
        "2000000",
        props.getProperty("sharesnap.nfs.worker-threads"),
        "whole numbers are not 2e+06");
    assertEquals(3, props.size());

    assertEquals(
        "/etc/sharesnap/application.properties", chart.envValue("QUARKUS_CONFIG_LOCATIONS"));
    assertEquals(
        Map.of("name", "config", "mountPath", "/etc/sharesnap", "readOnly", true),
        chart.mount("config").orElseThrow());
    assertEquals(FULLNAME, at(chart.volume("config").orElseThrow(), "configMap", "name"));
  }

  @Test
  void policy_isAbsentByDefault_andAddedToTheConfigMapWhenSet() {
    assertFalse(map(render(scratch, "").get("ConfigMap"), "data").containsKey("policy.yaml"));
    RenderedChart chart =
        render(scratch, "policy: |\n  \"share:create_snapshot\": \"role:admin\"\n");
    assertEquals(
        "\"share:create_snapshot\": \"role:admin\"\n",
        at(chart.get("ConfigMap"), "data", "policy.yaml"));
    assertEquals("/etc/sharesnap/policy.yaml", chart.envValue("SHARESNAP_POLICY_FILE"));
  }

  @Test
  void configChange_changesThePodChecksumSoPodsRoll() {
    String before = checksum(render(scratch, ""));
    assertEquals(
        before, checksum(render(scratch, "replicaCount: 2")), "unrelated values keep the pods");
    assertNotEquals(before, checksum(render(scratch, "config: {quarkus.log.level: DEBUG}")));
  }

  @Test
  void cephfsValues_mountTheCephSecret() {
    assertTrue(render(scratch, "").volume("ceph").isEmpty(), "off by default");
    RenderedChart chart =
        render(scratch, "cephfs: {enabled: true, existingSecret: ceph-client-manila}");
    Map<String, Object> secret = map(chart.volume("ceph").orElseThrow(), "secret");
    assertEquals("ceph-client-manila", secret.get("secretName"));
    assertEquals(0440, secret.get("defaultMode"));
    assertEquals(
        Map.of("name", "ceph", "mountPath", "/etc/ceph", "readOnly", true),
        chart.mount("ceph").orElseThrow());
  }

  @Test
  void names_comeFromReleaseOrOverride_andLabelsAreStandard() {
    RenderedChart sameName = render(scratch, "sharesnap", "");
    assertEquals(
        "sharesnap", at(sameName.get("Deployment"), "metadata", "name"), "no sharesnap-sharesnap");
    RenderedChart overridden = render(scratch, "fullnameOverride: snapshots\nimage: {tag: 1.2.3}");
    Map<String, Object> deployment = overridden.get("Deployment");
    assertEquals("snapshots", at(deployment, "metadata", "name"));
    assertEquals(RenderedChart.NAMESPACE, at(deployment, "metadata", "namespace"));
    assertEquals("sharesnap:1.2.3", overridden.container().get("image"));
    Map<String, Object> labels = map(deployment, "metadata", "labels");
    assertEquals("sharesnap", labels.get("app.kubernetes.io/name"));
    assertEquals("snap", labels.get("app.kubernetes.io/instance"));
    assertEquals("1.2.3", labels.get("app.kubernetes.io/version"));
    assertEquals("Helm", labels.get("app.kubernetes.io/managed-by"));
    assertEquals("snapshots", overridden.podSpec().get("serviceAccountName"));
  }

  @Test
  void notes_withoutExportHost_warnThatClientsCannotMount() {
    String notes = RenderedChart.notes(scratch, "");
    assertTrue(notes.contains("port-forward svc/" + FULLNAME + " 8786:8786"), notes);
    assertTrue(notes.contains("create secret generic sharesnap-db"), notes);
    assertTrue(notes.contains("WARNING: nfs.exportHost is empty"), notes);
    String configured = RenderedChart.notes(scratch, "nfs: {exportHost: nfs1.example.org}");
    assertFalse(configured.contains("WARNING"), configured);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "replicas: 3                                   | additional properties 'replicas' not"
            + " allowed",
        "service: {port: 0}                            | /service/port",
        "nfs: {volume: {type: nfs}}                    | /nfs/volume/type",
        "database: {passwordSecret: {name: ''}}        | /database/passwordSecret/name",
        "cephfs: {enabled: true}                       | /cephfs/existingSecret",
        "autoscaling: {enabled: true, minReplicas: 5}  | minReplicas must not exceed",
      })
  void invalidValues_areRejectedWithAMessage(String values, String message) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> RenderedChart.template(scratch, "snap", values));
    assertTrue(e.getMessage().contains(message), e::getMessage);
  }

  @Test
  void kubernetesOlderThan123_isRefused() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                new Helm(RenderedChart.CHART)
                    .template()
                    .withName("snap")
                    .withKubeVersion("1.22.0")
                    .call());
    assertTrue(e.getMessage().contains("kubeVersion"), e::getMessage);
  }

  private static String checksum(RenderedChart chart) {
    return (String)
        at(
            chart.get("Deployment"),
            "spec",
            "template",
            "metadata",
            "annotations",
            "checksum/config");
  }
}
