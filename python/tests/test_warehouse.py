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


def test_the_memory_cap_reaches_dbts_duckdb_connection(monkeypatch, tmp_path):
    """profiles.yml passes TRAINING_IMPACTS_MEMORY_LIMIT (default 3GB) to DuckDB's settings."""
    import os
    import subprocess

    from training_impacts.build import dbt_executable

    root = str(project_root())
    env = dict(os.environ, DBT_PROJECT_DIR=root, TRAINING_IMPACTS_DB=str(tmp_path / "w.duckdb"))
    for limit, expected in ((None, "'memory_limit': '3GB'"), ("1234MB", "'memory_limit': '1234MB'")):
        env.pop("TRAINING_IMPACTS_MEMORY_LIMIT", None)
        if limit:
            env["TRAINING_IMPACTS_MEMORY_LIMIT"] = limit
        output = subprocess.run([dbt_executable(), "debug", "--project-dir", root, "--profiles-dir", root,
                                 "--log-path", str(tmp_path / "logs")],
                                env=env, capture_output=True, text=True, check=True).stdout
        assert expected in output, output[-2000:]
