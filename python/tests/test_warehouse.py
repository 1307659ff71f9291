"""Paths: the warehouse file resolves against the project root, whatever the working directory; and
the connection dbt opens with profiles.yml."""

import duckdb

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


def _dbt_connection_settings(tmp_path, env: dict) -> dict:
    """What DuckDB says of the connection dbt opens with profiles.yml (dbt show runs the query on
    it): the memory cap, the spill folder and the attached file, read from dbt's JSON events."""
    import json
    import subprocess

    from training_impacts.build import dbt_command

    root = str(project_root())
    query = ("select current_setting('memory_limit') as memory_limit, "
             "current_setting('temp_directory') as temp_directory, "
             "(select path from duckdb_databases() where database_name = 'training_impacts') as attached_path")
    output = subprocess.run([*dbt_command(), "show", "--project-dir", root, "--profiles-dir", root,
                             "--log-path", str(tmp_path / "logs"), "--target-path", str(tmp_path / "target"),
                             "--inline", query, "--output", "json", "--log-format", "json"],
                            env=env, capture_output=True, text=True, check=True).stdout
    events = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    previews = [event["data"]["preview"] for event in events if "preview" in event.get("data", {})]
    assert previews, output[-2000:]
    return json.loads(previews[-1])[0]


def test_the_memory_cap_reaches_dbts_duckdb_connection(tmp_path):
    """profiles.yml passes TRAINING_IMPACTS_MEMORY_LIMIT (default 3GB) to the connection dbt opens:
    DuckDB reports the same limit as a connection of its own given the same string."""
    import os

    env = dict(os.environ, DBT_PROJECT_DIR=str(project_root()), TRAINING_IMPACTS_DB=str(tmp_path / "w.duckdb"))
    for limit in (None, "1234MB"):
        env.pop("TRAINING_IMPACTS_MEMORY_LIMIT", None)
        if limit:
            env["TRAINING_IMPACTS_MEMORY_LIMIT"] = limit
        with duckdb.connect(config={"memory_limit": limit or "3GB"}) as own:
            expected = own.execute("select current_setting('memory_limit')").fetchone()[0]
        assert _dbt_connection_settings(tmp_path, env)["memory_limit"] == expected


def test_dbt_attaches_the_warehouse_file_and_spills_beside_it(tmp_path):
    """The connection dbt opens has the warehouse file attached under the fixed catalog name
    training_impacts, and DuckDB's spill folder beside it (that no write-ahead log is written is
    the behaviour the next test checks)."""
    import os

    warehouse = tmp_path / "attached_here.duckdb"
    env = dict(os.environ, DBT_PROJECT_DIR=str(project_root()), TRAINING_IMPACTS_DB=str(warehouse))
    settings = _dbt_connection_settings(tmp_path, env)
    assert settings["attached_path"] == str(warehouse)
    assert settings["temp_directory"] == f"{warehouse}.tmp"


def test_without_a_wal_a_table_committed_beside_an_open_transaction_is_kept_at_close(tmp_path):
    """What the profile relies on, in the pinned DuckDB: with RECOVERY_MODE no_wal_writes, a table
    committed while another transaction is open writes no WAL (the double write it saves) and is
    still in the file after the connection closes (the checkpoint at close)."""
    import duckdb

    path = tmp_path / "no_wal.duckdb"
    connection = duckdb.connect()
    connection.execute(f"attach '{path}' as no_wal (recovery_mode no_wal_writes)")
    other = connection.cursor()
    other.execute("begin")
    other.execute("select count(*) from duckdb_tables()").fetchall()
    connection.execute("create table no_wal.main.runs as select range as run from range(200000)")
    assert not path.with_name(path.name + ".wal").exists()
    other.execute("commit")
    connection.close()
    with duckdb.connect(str(path), read_only=True) as reopened:
        assert reopened.execute("select count(*), sum(run) from runs").fetchone() == (200000, 199999 * 200000 // 2)
