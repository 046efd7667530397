"""docker-compose.yml and Dockerfile (Docker does not run here: parse and cross-check)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from settings import Settings

ROOT = Path(__file__).parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_image_and_healthcheck() -> None:
    services = compose()["services"]
    assert set(services) == {"neo4j", "workbench"}
    neo4j = services["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/${CIVICFUSION_NEO4J_PASSWORD")
    assert all(p.startswith("127.0.0.1:") for p in neo4j["ports"])  # loopback only
    assert {v.split(":")[1] for v in neo4j["volumes"]} == {"/data", "/logs"}
    wb = services["workbench"]
    assert wb["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert wb["environment"]["CIVICFUSION_NEO4J_URI"] == "bolt://neo4j:7687"
    assert wb["command"][-1].endswith("civicfusion serve")
    assert wb["ports"] == ["127.0.0.1:8050:8050"]  # the workbench on the host's loopback


def test_dockerfile_copies_every_package() -> None:
    import tomllib

    dockerfile = (ROOT / "Dockerfile").read_text()
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]
    for top in {p.split(".")[0] for p in packages}:
        assert f"COPY {top} ./{top}" in dockerfile, top


def test_app_environment_names_are_real_settings() -> None:
    fields = {f"CIVICFUSION_{name.upper()}" for name in Settings.model_fields}
    env = compose()["services"]["workbench"]["environment"]
    assert set(env) <= fields
    used = set(
        re.findall(r"\$\{(CIVICFUSION_[A-Z0-9_]+)", (ROOT / "docker-compose.yml").read_text())
    )
    assert used <= fields, used - fields
    example = set(re.findall(r"(CIVICFUSION_[A-Z0-9_]+)=", (ROOT / ".env.example").read_text()))
    assert example <= fields, example - fields


def test_neo4j_settings_in_compose_are_neo4j_5_names() -> None:
    env = compose()["services"]["neo4j"]["environment"]
    # NEO4J_<setting with . -> _ and _ -> __>: server.memory.heap.max_size and friends.
    for key in env:
        if key.startswith("NEO4J_") and key != "NEO4J_AUTH":
            setting = key[len("NEO4J_") :].replace("__", "\0").replace("_", ".").replace("\0", "_")
            assert setting.split(".")[0] in {"server", "db", "dbms"}, setting


def test_dockerfile_copies_existing_paths_and_runs_the_cli() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.1[1-9]", text, re.M)
    for line in re.findall(r"^COPY (.+)$", text, re.M):
        for src in line.split()[:-1]:
            assert (ROOT / src).exists(), src
    assert 'ENTRYPOINT ["civicfusion"]' in text
    assert "USER civicfusion" in text  # not root
