"""The deployment files: compose.yaml read with PyYAML against the Compose keys it uses (and checked by
`docker-compose config` where Debian's docker-compose is installed), the Dockerfile's promises (Debian,
Tesseract with Indonesian, not root), and every PK_ variable they set is a real setting."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from api.config import Settings
from tests.conftest import ROOT

SERVICE_KEYS = {"build", "image", "command", "environment", "ports", "volumes", "depends_on", "healthcheck",
                "restart", "stop_grace_period"}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_has_the_services_and_only_keys_compose_knows(compose: dict) -> None:
    assert {key for key in compose if not key.startswith("x-")} == {"services", "volumes"}
    services = compose["services"]
    assert set(services) == {"api", "worker", "postgres", "redis"}
    for name, service in services.items():
        assert set(service) <= SERVICE_KEYS, (name, set(service) - SERVICE_KEYS)
        for dependency, rule in service.get("depends_on", {}).items():
            assert dependency in services and rule["condition"] in CONDITIONS, (name, dependency)
        for mount in service.get("volumes", []):
            volume = mount.split(":", 1)[0]
            assert volume in compose["volumes"], (name, volume)
        healthcheck = service.get("healthcheck")
        assert healthcheck is None or healthcheck["test"][0] in ("CMD", "CMD-SHELL"), name


def test_the_worker_scales_and_shares_everything_with_the_api(compose: dict) -> None:
    api, worker = compose["services"]["api"], compose["services"]["worker"]
    assert worker["command"] == ["pk-extract", "worker"]
    assert "ports" not in worker and "container_name" not in worker  # `--scale worker=4` needs both absent
    assert api["environment"]["PK_WORKER_KIND"] == "celery"
    for shared in ("PK_DATABASE_URL", "PK_BROKER_URL", "PK_STORAGE_DIR"):
        assert api["environment"][shared] == worker["environment"][shared], shared
    assert api["volumes"] == worker["volumes"] == ["files:/data/files"]
    assert api["environment"]["PK_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert api["environment"]["PK_BROKER_URL"].startswith("redis://redis:")
    known = {f"PK_{name.upper()}" for name in Settings.model_fields}
    for name, service in compose["services"].items():
        environment = service.get("environment", {})
        settings = {key: value for key, value in environment.items() if key.startswith("PK_")}
        assert set(settings) <= known, (name, set(settings) - known)
        Settings.model_validate({key[3:].lower(): value for key, value in settings.items()})


def test_the_dockerfile_is_debian_with_indonesian_tesseract_and_not_root() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    bases = re.findall(r"^FROM (\S+)", text, flags=re.MULTILINE)
    assert bases and all("bookworm" in base or "trixie" in base for base in bases)
    for package in ("tesseract-ocr", "tesseract-ocr-ind", "tesseract-ocr-eng", "hunspell-id"):
        assert re.search(rf"\s{re.escape(package)}(\s|$)", text), package
    users = re.findall(r"^USER (\S+)", text, flags=re.MULTILINE)
    assert users and users[-1] not in ("root", "0")


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="Debian's docker-compose is not installed")
def test_docker_compose_accepts_the_file() -> None:
    checked = subprocess.run(["docker-compose", "-f", "compose.yaml", "config", "--quiet"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
