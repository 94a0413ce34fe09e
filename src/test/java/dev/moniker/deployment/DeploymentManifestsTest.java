package dev.moniker.deployment;

import dev.moniker.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes and Knative manifests, checked offline (no cluster and no schema validator can be installed here):
 * each object has what the API requires, the references between them hold (ConfigMap, Secret, Service ports,
 * selectors, the HPA's target), the container is hardened (read-only root with a writable /tmp, non-root, no
 * capabilities), probes use the health endpoints, the grace period outlasts the gateway's drain, and the gateway
 * file inside the ConfigMap passes the gateway's own validation.
 */
class DeploymentManifestsTest {

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(String file) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(Path.of(file)))) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        return objects;
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<String, Object>) current).get(key);
            assertNotNull(current, "missing " + String.join(".", path));
        }
        return (T) current;
    }

    /** {@link #at} as a plain object, for comparisons. */
    private static Object value(Object node, String... path) {
        return at(node, path);
    }

    @Test
    void everyObjectHasWhatTheApiRequires() throws IOException {
        for (String file : List.of("deployment/kubernetes/moniker.yaml", "deployment/knative/service.yaml",
                "deployment/prometheus/servicemonitor.yaml")) {
            for (Map<String, Object> object : objects(file)) {
                assertTrue(object.get("apiVersion") instanceof String, file + ": apiVersion");
                assertTrue(object.get("kind") instanceof String, file + ": kind");
                String name = at(object, "metadata", "name");
                assertTrue(name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), file + ": a DNS-1123 name: " + name);
            }
        }
    }

    @Test
    void theKubernetesObjectsReferToEachOther() throws IOException {
        List<Map<String, Object>> objects = objects("deployment/kubernetes/moniker.yaml");
        Map<String, Object> deployment = find(objects, "Deployment");
        Map<String, Object> container = at(deployment, "spec", "template", "spec", "containers", "0");
        Map<String, String> podLabels = at(deployment, "spec", "template", "metadata", "labels");
        assertEquals(value(deployment, "spec", "selector", "matchLabels"), podLabels);
        assertEquals(value(find(objects, "Service"), "spec", "selector"), podLabels, "the Service selects the pods");
        assertEquals(value(find(objects, "PodDisruptionBudget"), "spec", "selector", "matchLabels"), podLabels);
        assertEquals("moniker", value(find(objects, "HorizontalPodAutoscaler"), "spec", "scaleTargetRef", "name"));
        assertEquals("http", value(find(objects, "Service"), "spec", "ports", "0", "targetPort"));
        assertEquals("http", value(container, "ports", "0", "name"));
        assertEquals(12000, (int) value(container, "ports", "0", "containerPort"));
        assertEquals(value(find(objects, "Secret"), "metadata", "name"), value(container, "envFrom", "0", "secretRef", "name"));
        assertEquals(value(find(objects, "ConfigMap"), "metadata", "name"),
                value(deployment, "spec", "template", "spec", "volumes", "0", "configMap", "name"));
        hardened(container, at(deployment, "spec", "template", "spec", "volumes"));
        assertTrue((int) at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds") > 25,
                "the grace period outlasts QUARKUS_SHUTDOWN_TIMEOUT (25s)");
        assertEquals(Map.of("cpu", "250m", "memory", "64Mi"), value(container, "resources", "requests"));
    }

    @Test
    void theKnativeServiceIsHardenedAndProbedLikeTheDeployment() throws IOException {
        List<Map<String, Object>> objects = objects("deployment/knative/service.yaml");
        Map<String, Object> service = find(objects, "Service");
        assertEquals("serving.knative.dev/v1", service.get("apiVersion"));
        Map<String, Object> container = at(service, "spec", "template", "spec", "containers", "0");
        hardened(container, at(service, "spec", "template", "spec", "volumes"));
        assertEquals("0", value(service, "spec", "template", "metadata", "annotations", "autoscaling.knative.dev/min-scale"));
    }

    /** Read-only root with a memory /tmp, non-root, no capabilities; probes on the health endpoints; config mounted. */
    private static void hardened(Map<String, Object> container, List<Map<String, Object>> volumes) {
        assertEquals(true, value(container, "securityContext", "readOnlyRootFilesystem"));
        assertEquals(true, value(container, "securityContext", "runAsNonRoot"));
        assertEquals(false, value(container, "securityContext", "allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), value(container, "securityContext", "capabilities", "drop"));
        assertEquals("/q/health/ready", value(container, "readinessProbe", "httpGet", "path"));
        assertEquals("/q/health/live", value(container, "livenessProbe", "httpGet", "path"));
        List<Map<String, Object>> mounts = at(container, "volumeMounts");
        assertTrue(mounts.stream().anyMatch(m -> "/tmp".equals(m.get("mountPath"))), "a writable /tmp");
        String configDir = mounts.stream().filter(m -> Boolean.TRUE.equals(m.get("readOnly")))
                .map(m -> (String) m.get("mountPath")).findFirst().orElseThrow();
        List<Map<String, Object>> env = at(container, "env");
        assertEquals(configDir + "/moniker.yaml", env.stream().filter(e -> "MONIKER_CONFIG".equals(e.get("name")))
                .map(e -> e.get("value")).findFirst().orElseThrow());
        assertTrue(volumes.stream().anyMatch(v -> v.get("emptyDir") != null), "/tmp is an emptyDir");
    }

    @Test
    void theGatewayFilesInTheConfigMapsPassTheGatewaysOwnValidation() throws IOException {
        for (String file : List.of("deployment/kubernetes/moniker.yaml", "deployment/knative/service.yaml")) {
            String gatewayFile = at(find(objects(file), "ConfigMap"), "data", "moniker.yaml");
            Path written = dir.resolve(Objects.hash(file) + ".yaml");
            Files.writeString(written, gatewayFile);
            List<String> notes = new ArrayList<>();
            ConfigLoader.Origin origin = ConfigLoader.fileOrigin(written, file);
            assertFalse(ConfigLoader.load(origin, ConfigLoader.withPlaceholders(origin, Map.of(), notes))
                    .routingTable().aliases().isEmpty(), file);
        }
    }
}
