from __future__ import annotations

from pathlib import Path

import pytest

from settings import Settings


def test_defaults() -> None:
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.neo4j_uri == "bolt://127.0.0.1:7687"
    assert s.neo4j_user == "neo4j" and s.neo4j_database == "neo4j"
    assert s.home == Path("./var")
    assert s.neo4j_version.startswith("5.26.")
    assert s.bolt_port == 7687 and s.uri_is_local


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CIVICFUSION_NEO4J_URI", "neo4j://graph.agency.example:7690")
    monkeypatch.setenv("CIVICFUSION_NEO4J_USER", "analyst")
    monkeypatch.setenv("CIVICFUSION_NEO4J_PASSWORD", "s3cret-pass")
    monkeypatch.setenv("CIVICFUSION_NEO4J_DATABASE", "intel")
    monkeypatch.setenv("CIVICFUSION_HOME", str(tmp_path))
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.bolt_host == "graph.agency.example" and s.bolt_port == 7690
    assert not s.uri_is_local
    assert s.neo4j_user == "analyst" and s.neo4j_database == "intel"
    assert s.resolved_password() == "s3cret-pass"
    assert "s3cret-pass" not in repr(s)  # secrets are not printed
    assert s.neo4j_dir == tmp_path.resolve() / "neo4j"


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("CIVICFUSION_NEO4J_URI=bolt://localhost:9999\nCIVICFUSION_NEO4J_HEAP=1g\n")
    s = Settings(_env_file=env)  # type: ignore[call-arg]
    assert s.bolt_port == 9999 and s.neo4j_heap == "1g"


def test_generated_password_is_read_from_home(tmp_path: Path) -> None:
    s = Settings(_env_file=None, home=tmp_path)  # type: ignore[call-arg]
    assert s.resolved_password() is None
    s.password_file.parent.mkdir(parents=True)
    s.password_file.write_text("generated-pw-123\n")
    assert s.resolved_password() == "generated-pw-123"
