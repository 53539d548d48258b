"""deploy/k8s: every manifest valid against the Kubernetes schemas (shipped offline), and wired together."""

from __future__ import annotations

import copy
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.support import REPOSITORY_ROOT

MANIFESTS = REPOSITORY_ROOT / "deploy" / "k8s"
# The oldest Kubernetes release still supported upstream when these were written; the schemas ship with the package.
KUBERNETES_VERSION = "1.33.0"


def _documents() -> dict[str, dict[str, Any]]:
    documents = {}
    for path in sorted(MANIFESTS.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if document:
                documents[document["kind"]] = document
    return documents


@pytest.fixture(scope="module")
def manifests() -> dict[str, dict[str, Any]]:
    return _documents()


def test_the_four_objects_are_there(manifests) -> None:
    assert set(manifests) == {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"}


@pytest.mark.parametrize("kind", ["Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"])
def test_each_manifest_is_valid_for_kubernetes(manifests, kind: str) -> None:
    kubernetes_validate.validate(manifests[kind], KUBERNETES_VERSION, strict=True)


def test_the_validator_rejects_a_misspelt_field(manifests) -> None:
    broken = copy.deepcopy(manifests["Deployment"])
    container = broken["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbe"]["httpGet"]["paht"] = container["readinessProbe"]["httpGet"].pop("path")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_readiness_asks_streamlit_and_the_service_finds_the_pods(manifests) -> None:
    deployment, service = manifests["Deployment"], manifests["Service"]
    pod = deployment["spec"]["template"]
    container = pod["spec"]["containers"][0]
    probe = container["readinessProbe"]["httpGet"]
    assert probe["path"] == "/_stcore/health"
    assert probe["port"] in {port["name"] for port in container["ports"]}
    labels = pod["metadata"]["labels"]
    assert all(labels.get(key) == value for key, value in service["spec"]["selector"].items())
    assert service["spec"]["ports"][0]["targetPort"] in {port["name"] for port in container["ports"]}
    environment = {variable["name"]: variable for variable in container["env"]}
    assert environment["STREAMLIT_BROWSER_GATHER_USAGE_STATS"]["value"] == "false"
    assert "secretKeyRef" in environment["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]


def test_the_ingress_keeps_a_reader_on_one_pod_with_long_timeouts(manifests) -> None:
    ingress, service = manifests["Ingress"], manifests["Service"]
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/affinity-mode"] == "persistent"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] in {port["name"] for port in service["spec"]["ports"]}


def test_the_autoscaler_scales_the_deployment_on_cpu(manifests) -> None:
    autoscaler, deployment = manifests["HorizontalPodAutoscaler"], manifests["Deployment"]
    target = autoscaler["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert autoscaler["spec"]["minReplicas"] >= 2
    assert autoscaler["spec"]["metrics"][0]["resource"]["name"] == "cpu"


def test_the_manifests_are_the_four_files() -> None:
    assert sorted(path.name for path in MANIFESTS.glob("*.yaml")) == [
        "autoscaler.yaml",
        "deployment.yaml",
        "ingress.yaml",
        "service.yaml",
    ]
