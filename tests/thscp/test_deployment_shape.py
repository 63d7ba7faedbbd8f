"""docker-compose.yml shows the shape of a deployment on several machines (issue 18)."""

from pathlib import Path

import pytest
import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_two_web_replicas_serve_behind_a_reverse_proxy():
    assert SERVICES["web"]["deploy"]["replicas"] == 2
    assert "ports" not in SERVICES["web"]  # reached only through the proxy
    assert SERVICES["proxy"]["ports"] == ["127.0.0.1:8000:8000"]


def test_there_is_one_beat_and_a_worker_apart_from_the_web_nodes():
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "thscp", "beat"]
    assert SERVICES["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "thscp", "worker"]


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_no_app_process_keeps_files_on_its_own_disk(service):
    assert "volumes" not in SERVICES[service]
    assert SERVICES[service]["environment"]["STORAGE_URL"].startswith("s3://")


def test_the_stack_has_an_s3_compatible_store_whose_bucket_is_private():
    assert "s3" in SERVICES
    assert "mc anonymous set none" in " ".join(SERVICES["bucket"]["command"])


def test_the_web_replicas_are_checked_by_the_health_endpoint_without_the_beat():
    check = " ".join(SERVICES["web"]["healthcheck"]["test"])

    assert "/health/" in check
    assert SERVICES["web"]["environment"]["HEALTH_REQUIRED"] == "database,broker"


DOCKERFILE = (Path(__file__).resolve().parents[2] / "Dockerfile").read_text()


PACKAGES = ["thscp", "governance", "reviews", "priorities", "dataset", "training", "ops"]


@pytest.mark.parametrize("package", PACKAGES)
def test_the_image_holds_every_package_the_processes_and_backups_run(package):
    assert f"COPY {package} {package}" in DOCKERFILE


def test_the_image_has_postgresql_client_programs_of_the_server_version_compose_runs():
    server_major = SERVICES["db"]["image"].split(":")[1].split(".")[0]

    assert f"ARG POSTGRES_MAJOR={server_major}" in DOCKERFILE
    assert "postgresql-client-${POSTGRES_MAJOR}" in DOCKERFILE
