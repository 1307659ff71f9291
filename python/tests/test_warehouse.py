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


def test_dbt_attaches_the_warehouse_without_a_wal_and_spills_beside_it(tmp_path):
    """profiles.yml attaches the file under the fixed catalog name training_impacts with RECOVERY_MODE no_wal_writes
    (why: the comment there), and keeps DuckDB's spill folder beside it."""
    import os
    import subprocess

    from training_impacts.build import dbt_executable

    root = str(project_root())
    warehouse = tmp_path / "attached_here.duckdb"
    env = dict(os.environ, DBT_PROJECT_DIR=root, TRAINING_IMPACTS_DB=str(warehouse))
    output = subprocess.run([dbt_executable(), "debug", "--project-dir", root, "--profiles-dir", root,
                             "--log-path", str(tmp_path / "logs")],
                            env=env, capture_output=True, text=True, check=True).stdout
    assert f"'path': '{warehouse}', 'type': None, 'alias': 'training_impacts'" in output, output[-2000:]
    assert "'options': {'recovery_mode': 'no_wal_writes'}" in output
    assert f"'temp_directory': '{warehouse}.tmp'" in output


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
