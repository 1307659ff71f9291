"""BI tools read while the warehouse rebuilds: a reader in another process holds a read-only
connection to the warehouse during a whole `training-impacts build`; the build succeeds, the
reader keeps its old snapshot, and sees the new data when it reconnects."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, build

pytestmark = pytest.mark.build

THREE_RUNS = ROOT / "python" / "tests" / "data" / "bad_epoch_inputs" / "byte_order_mark.csv"

READER = textwrap.dedent("""
    import sys, duckdb
    path = sys.argv[1]
    def count():
        con = duckdb.connect(path, read_only=True)
        return con, con.execute("select count(*) from fct_training_run_impacts").fetchone()[0]
    con, n = count()
    print(n, flush=True)
    for line in sys.stdin:              # each line: query again, then reconnect and query
        print(con.execute("select count(*) from fct_training_run_impacts").fetchone()[0], flush=True)
        con.close()
        con, n = count()
        print(n, flush=True)
""")


def test_a_reader_holding_the_warehouse_does_not_block_a_build(sample_build, tmp_path):
    warehouse = tmp_path / "training_impacts.duckdb"
    shutil.copyfile(sample_build.warehouse, warehouse)
    before = sample_build.row_counts["fct_training_run_impacts"]
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert int(reader.stdout.readline()) == before          # the reader holds the file open

        # rebuild the same file from a three-run input while the reader holds it
        result = build(tmp_path, env={"EPOCH_MODELS_CSV": str(THREE_RUNS)})
        assert result.ok, result.output[-3000:]

        reader.stdin.write("again\n")
        reader.stdin.flush()
        assert int(reader.stdout.readline()) == before           # its open connection still sees the old file
        assert int(reader.stdout.readline()) == 3                # after reconnecting: the new build
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
