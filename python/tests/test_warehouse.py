"""Paths: the warehouse file resolves against the project root, whatever the working directory."""

from training_impacts.warehouse import DEFAULT_WAREHOUSE, project_root, warehouse_path


def test_default_warehouse_is_under_the_project_root(monkeypatch, tmp_path):
    monkeypatch.delenv("TRAINING_IMPACTS_DB", raising=False)
    root = project_root()
    monkeypatch.chdir(tmp_path)
    assert warehouse_path() == root / DEFAULT_WAREHOUSE


def test_relative_env_path_resolves_against_the_project_root(monkeypatch, tmp_path):
    root = project_root()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRAINING_IMPACTS_DB", "elsewhere/my.duckdb")
    assert warehouse_path() == root / "elsewhere" / "my.duckdb"
    monkeypatch.setenv("TRAINING_IMPACTS_DB", str(tmp_path / "abs.duckdb"))
    assert warehouse_path() == tmp_path / "abs.duckdb"
