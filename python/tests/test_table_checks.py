"""The generic test table_checks (macros/tests/test_table_checks.sql), which holds every key, null,
value and range check of a table in one dbt node: on a copy of the sample build with faults put
in by hand, it fails, and names each fault with the number of rows at fault; on the untouched
tables it passes."""

from __future__ import annotations

import shutil

import duckdb

from conftest import run_dbt


def _stored_failures(warehouse, test_name: str) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        schema, = connection.execute(
            "select table_schema from information_schema.tables where table_name = ?", [test_name]).fetchone()
        rows = connection.execute(f'select failed_check, failing_rows from "{schema}"."{test_name}"').fetchall()
    return dict(rows)


def test_table_checks_name_every_fault_and_pass_a_clean_table(sample_build, tmp_path):
    warehouse = tmp_path / "faulty.duckdb"
    shutil.copyfile(sample_build.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("set search_path = 'reference,main'")
        cards = connection.execute("select count(*) from gpu_cards").fetchone()[0]
        # seed gpu_cards: one key made null, one repeated, a name repeated, a segment unknown
        connection.execute("""
            update gpu_cards set gpu_card_id = null where gpu_card_id = (select min(gpu_card_id) from gpu_cards);
            insert into gpu_cards select * from gpu_cards where gpu_card_id = (select max(gpu_card_id) from gpu_cards);
            update gpu_cards set segment = 'gaming_rig' where gpu_card_id = (select min(gpu_card_id) from gpu_cards);
        """)
        # mart dim_accelerators: a row repeated, a vendor outside the list, a TDP above its range on two rows
        connection.execute("""
            insert into dim_accelerators select * from dim_accelerators where accelerator_id = 'tpu_v4';
            update dim_accelerators set vendor = 'Acme' where accelerator_id = 'amd_instinct_mi250x';
            update dim_accelerators set tdp_w = 30000 where accelerator_id in ('tpu_v3', 'tpu_v5p');
        """)
        assert connection.execute("select count(*) from gpu_cards").fetchone()[0] == cards + 1

    completed = run_dbt(warehouse, tmp_path, "test", "--store-failures", "--select", "table_checks_gpu_cards",
                        "table_checks_dim_accelerators", "table_checks_accelerators")
    assert completed.returncode == 1, completed.stdout[-4000:]
    assert "PASS table_checks_accelerators" in completed.stdout
    assert _stored_failures(warehouse, "table_checks_gpu_cards") == {
        "primary_key(gpu_card_id)": 3,          # the null key, and the two rows of the repeated one
        "unique(card_name)": 2,
        "accepted_values(segment)": 1,
    }
    assert _stored_failures(warehouse, "table_checks_dim_accelerators") == {
        "unique(accelerator_id)": 2,
        "accepted_values(vendor)": 1,
        "in_range(tdp_w, 20, 25000)": 2,
    }
