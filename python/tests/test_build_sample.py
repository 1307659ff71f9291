"""The default build on the bundled sample: marts, reconciliation, and the hardware slice."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from conftest import SAMPLE_SEED, count_csv_records
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build


def test_build_creates_the_marts_and_reports_its_input(sample_build):
    assert {"dim_gpu_cards", "fct_training_run_impacts", "fct_training_runs_excluded", "agg_impacts_by_year",
            "scn_location_shifting", "scn_grid_decarbonization", "scn_hardware_lifespan",
            "rpt_trend_fits", "rpt_hardware_trends"} <= set(sample_build.row_counts)
    assert all(count > 0 for count in sample_build.row_counts.values())
    assert any("bundled sample" in line for line in sample_build.inputs)
    assert sample_build.warehouse.is_file()
    assert not list(sample_build.warehouse.parent.glob(".building*"))


def test_catalogue_has_150_cards_with_the_facts_the_method_needs(sample_build):
    with read_only(sample_build.warehouse) as db:
        complete = db.execute("""
            select count(*) from dim_gpu_cards
            where release_date between date '2013-01-01' and date '2025-12-31'
              and die_area_mm2 is not null and process_node_nm is not null and memory_gb is not null
              and tdp_w is not null and gwp_embodied_kgco2e is not null""").fetchone()[0]
        segments = dict(db.execute("select segment, count(*) from dim_gpu_cards group by 1").fetchall())
    assert complete >= 150
    assert set(segments) == {"data_centre", "workstation", "consumer"}


def test_every_sample_record_is_estimated_or_excluded_once(sample_build):
    records = count_csv_records(SAMPLE_SEED)
    with read_only(sample_build.warehouse) as db:
        estimated = db.execute("select count(*) from fct_training_run_impacts").fetchone()[0]
        excluded = db.execute("select count(*) from fct_training_runs_excluded").fetchone()[0]
        rows = db.execute("""
            select source_row_number from fct_training_run_impacts
            union all select source_row_number from fct_training_runs_excluded""").fetchall()
    assert estimated + excluded == records
    assert sorted(r[0] for r in rows) == list(range(1, records + 1))
    assert estimated >= 80


def test_sample_shows_the_trend_over_2013_2025(sample_build):
    with read_only(sample_build.warehouse) as db:
        years = db.execute(
            "select publication_year, estimated_run_count, median_energy_kwh from agg_impacts_by_year"
            " where analysis_scope = 'paper' and method_profile = 'best_estimate' order by 1").fetchall()
    assert [y for y, *_ in years] == list(range(2013, 2026))
    early = sum(m for y, _, m in years if y <= 2016) / 4
    late = sum(m for y, _, m in years if y >= 2022) / 4
    assert late > 100 * early, "median energy per run should grow by orders of magnitude"


def test_embodied_shares_match_the_papers_findings(sample_build):
    with read_only(sample_build.warehouse) as db:
        gwp_share, adpe_share = db.execute(
            "select sum(gwp_embodied_kgco2e) / sum(gwp_total_kgco2e), sum(adpe_embodied_kgsbeq) / sum(adpe_total_kgsbeq) "
            "from fct_training_run_impacts").fetchone()
    assert 0.1 < gwp_share < 0.6   # a large share of GWP
    assert adpe_share > 0.95       # near all of ADPe


def test_marts_carry_their_descriptions_into_duckdb(sample_build):
    with read_only(sample_build.warehouse) as db:
        undocumented = db.execute("""
            select table_name, column_name from duckdb_columns()
            where schema_name = 'main' and not internal
              and (comment is null or comment = '')""").fetchall()
        table_comments = db.execute("""
            select table_name, comment from duckdb_tables() where schema_name = 'main'""").fetchall()
    assert undocumented == []
    assert len(table_comments) >= 14 and all(comment for _, comment in table_comments)


def test_the_warehouse_opens_read_only_with_plain_duckdb(sample_build):
    connection = duckdb.connect(str(sample_build.warehouse), read_only=True)
    try:
        assert (connection.execute("select count(*) from main.dim_gpu_cards").fetchone()[0]
                == sample_build.row_counts["dim_gpu_cards"])
    finally:
        connection.close()


def test_report_on_the_build_shows_every_figure_and_the_warehouse_fits(sample_build, tmp_path):
    from training_impacts.figures import FIGURES
    from training_impacts.report import format_factor, write_report

    result = write_report(sample_build.warehouse, tmp_path / "reports")
    html = result["report_html"].read_text(encoding="utf-8")
    markdown = result["report_md"].read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == len(FIGURES) and 'src="http' not in html
    assert result["fits_source"] == {"trend": "rpt_trend_fits", "hardware": "rpt_hardware_trends",
                                     "scenario": "rpt_scenario_trend_fits",
                                     "performance_ratio": "rpt_performance_ratio_fits"}
    with read_only(sample_build.warehouse) as db:
        energy_growth = db.execute(
            "select growth_factor_per_year from rpt_trend_fits"
            " where metric = 'energy_kwh' and analysis_scope = 'paper' and method_profile = 'best_estimate'").fetchone()[0]
        ratio = db.execute(
            "select fitted_ratio from rpt_performance_ratio_fits where subset = 'all' and analysis_scope = 'paper'").fetchone()[0]
    assert result["numbers"]["growth_factor_per_year"]["energy_kwh"] == pytest.approx(energy_growth)
    assert format_factor(energy_growth) in markdown
    assert result["numbers"]["fitted_performance_ratio"] == pytest.approx(ratio)
    assert all(finding in ("supported", "partly supported", "not supported", "not testable")
               for finding in result["numbers"]["findings"].values())


def test_report_states_the_findings_under_both_method_profiles(sample_build, tmp_path):
    from training_impacts.report import write_report

    result = write_report(sample_build.warehouse, tmp_path / "reports")
    markdown = result["report_md"].read_text(encoding="utf-8")
    numbers = result["numbers"]
    with read_only(sample_build.warehouse) as db:
        growth = dict(db.execute("""
            select method_profile, growth_factor_per_year from rpt_trend_fits
            where analysis_scope = 'paper' and metric = 'gwp_total_kgco2e'""").fetchall())
    assert numbers["method_profile"] == "best_estimate"
    assert set(numbers["profiles"]) == {"paper", "best_estimate"} == set(growth)
    for profile, summary in numbers["profiles"].items():
        assert summary["gwp_growth_factor_per_year"] == pytest.approx(growth[profile])
        assert set(summary["findings"]) == {"1", "2", "3"}
    # the comparison's embodied shares (summed from agg_impacts_by_year) against the findings' own
    # (summed over the runs of fct_training_run_impacts): two paths to the build's profile's shares
    for criterion, share in numbers["embodied_share"].items():
        assert numbers["profiles"]["best_estimate"]["embodied_share"][criterion] == pytest.approx(share, rel=1e-9)
    assert "### The findings under each method profile" in markdown
    assert "`paper`" in markdown and "`best_estimate`" in markdown
    assert set(numbers["validation"]) <= {"paper", "best_estimate"}


def test_report_sets_the_three_analysis_scopes_side_by_side(sample_build, tmp_path):
    from training_impacts.report import format_factor, write_report

    result = write_report(sample_build.warehouse, tmp_path / "reports")
    markdown = result["report_md"].read_text(encoding="utf-8")
    scopes = result["numbers"]["scopes"]
    with read_only(sample_build.warehouse) as db:
        counts = db.execute("""
            select count(*) filter (where accelerator_vendor = 'NVIDIA' and hardware_source = 'named'),
                   count(*) filter (where hardware_source = 'named'),
                   count(*) filter (where accelerator_vendor <> 'NVIDIA')
            from fct_training_run_impacts
            where run_source = 'epoch' and publication_year between 2013 and 2025""").fetchone()
        named_growth = db.execute("""
            select growth_factor_per_year from rpt_trend_fits
            where analysis_scope = 'named_hardware' and metric = 'gwp_total_kgco2e'
              and method_profile = 'best_estimate'""").fetchone()[0]
    assert list(scopes) == ["paper", "named_hardware", "with_imputed"]
    assert (scopes["paper"]["runs"], scopes["named_hardware"]["runs"]) == counts[:2]
    assert scopes["named_hardware"]["other_vendor_runs"] == counts[2] > 0        # the sample's TPU runs
    assert scopes["with_imputed"]["runs"] == scopes["named_hardware"]["runs"]    # imputation is off by default
    assert scopes["named_hardware"]["gwp_growth_factor_per_year"] == pytest.approx(named_growth)
    assert "### Beyond the paper's NVIDIA runs" in markdown and "impute_missing_hardware" in markdown
    assert f"`named_hardware` ×{format_factor(named_growth)}/yr" in markdown


def test_validate_command_passes_on_the_build_and_writes_data_docs(sample_build, tmp_path, capsys):
    from training_impacts.cli import main

    docs = tmp_path / "data_docs"
    assert main(["validate", "--warehouse", str(sample_build.warehouse), "--data-docs-dir", str(docs)]) == 0
    assert (docs / "index.html").is_file()


def test_data_docs_read_offline(sample_build, tmp_path):
    """Every stylesheet and script of every Data Docs page is a file of the site (installed by make
    from the npm registry), none an internet address."""
    import re

    from training_impacts.quality.offline_docs import ASSETS_DIR, CDN_FILES
    from training_impacts.quality.validate import validate_warehouse

    if not all((ASSETS_DIR / path).is_file() for path in CDN_FILES.values()):
        pytest.skip(f"Data Docs assets not installed in {ASSETS_DIR} (make installs them with npm)")
    docs = tmp_path / "data_docs"
    report = validate_warehouse(sample_build.warehouse, data_docs_dir=docs)
    assert report.data_docs_offline.startswith("Data Docs read offline")
    pages = list(docs.rglob("*.html"))
    assert len(pages) > 2
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # stylesheets and scripts (GX's own favicon link is broken on deep pages, online or not)
        assets = re.findall(r'<(?:script[^>]*\ssrc|link rel="stylesheet"[^>]*\shref)="([^"]+)"', text)
        assert assets, page
        online = [a for a in assets if re.match(r"https?://", a)]
        assert online == [], f"{page}: {online}"
        assert all((page.parent / a).resolve().is_file() for a in assets), page
    fonts = docs / "static" / "vendor" / "@fortawesome" / "fontawesome-free" / "webfonts"
    assert any(fonts.glob("*.woff2"))


def test_the_printed_query_command_opens_the_warehouse(sample_build):
    """The build summary's `query:` line names the DuckDB command line installed with the project
    (duckdb-cli, pinned with duckdb), and that command reads the warehouse."""
    import subprocess
    import sys
    from pathlib import Path

    from training_impacts.build import summary

    cli = Path(sys.executable).with_name("duckdb")
    assert f"query: {cli} -readonly {sample_build.warehouse}" in summary(sample_build)
    counted = subprocess.run([str(cli), "-readonly", str(sample_build.warehouse), "-csv", "-noheader", "-c",
                              "select count(*) from fct_training_run_impacts"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert int(counted) == sample_build.row_counts["fct_training_run_impacts"]


def test_report_on_the_sample_says_so_and_reads_as_a_study(sample_build, tmp_path):
    """A build on the bundled sample says so before anything else; the sections of a study come in
    order; the coverage figure's counts add up to the input's records (counted from the CSV)."""
    from training_impacts.report import write_report

    result = write_report(sample_build.warehouse, tmp_path / "reports")
    markdown = result["report_md"].read_text(encoding="utf-8")
    first_section = markdown.index("\n## ")
    assert "**Built on the bundled sample.**" in markdown[:first_section]
    assert f"holds the {count_csv_records(SAMPLE_SEED)}-record sample" in markdown[:first_section]
    assert "## Summary of the results on the sample" in markdown and "## Summary of the findings" not in markdown
    order = ["## Summary", "## Findings", "## Data and coverage", "## Validation against published footprints",
             "## Method and parameters", "## Limitations", "## References", "## Provenance", "## Appendix"]
    assert [markdown.index(heading) for heading in order] == sorted(markdown.index(h) for h in order)
    assert result["numbers"]["is_bundled_sample"] is True
    coverage = pd.DataFrame(result["numbers"]["coverage"])
    assert coverage["records"].sum() == count_csv_records(SAMPLE_SEED)
    assert "Data on Notable AI Models" not in markdown and "Data on AI Models" in markdown  # Epoch's dataset's name
    for name in result["appendix"]:
        assert f"(tables/{name}.csv)" in markdown and (tmp_path / "reports" / "tables" / f"{name}.csv").is_file()


def test_meta_build_inputs_hash_the_file_the_build_read(sample_build):
    """The warehouse's SHA-256 of its input (DuckDB's sha256 over the bytes) against hashlib's."""
    import hashlib

    with read_only(sample_build.warehouse) as db:
        rows = {r[0]: r[1:] for r in db.execute(
            "select input_name, path, sha256, bytes, is_bundled_sample, git_commit from main.meta_build_inputs").fetchall()}
    path, digest, size, bundled, _ = rows["epoch_models"]
    assert Path(path).resolve() == SAMPLE_SEED.resolve() and bundled is True
    assert digest == hashlib.sha256(SAMPLE_SEED.read_bytes()).hexdigest() and size == SAMPLE_SEED.stat().st_size
    assert rows["custom_runs"][1] is None
    assert set(rows) == {"epoch_models", "carbon_intensity", "custom_runs", "project_code"}


@pytest.mark.parametrize("table, replacement, refusal", [
    ("int_training_runs__impact_figures", "null as gwp_use_kgco2e", "NOT NULL constraint failed"),
    ("int_training_runs__impact_figures", "-1.0 as pe_embodied_mj", "CHECK constraint failed"),
    # every total above zero: what keeps each embodied share, computed when read, within [0, 1]
    ("int_training_runs__impact_figures", "0.0 as adpe_use_kgsbeq, 0.0 as adpe_embodied_kgsbeq", "CHECK constraint failed"),
    ("int_training_runs__gpu_hours", "'guessed' as gpu_hours_method", "CHECK constraint failed"),
    ("int_training_runs__method_choices", "1.5 as performance_ratio, 'fixed_default' as performance_ratio_source",
     "CHECK constraint failed"),
    ("int_training_runs__checks", "'elsewhere' as hardware_source", "CHECK constraint failed"),
    # a record that passes the checks must have a catalogue accelerator
    ("int_training_runs__checks", "null as gpu_card_id, null as exclusion_reason", "CHECK constraint failed"),
])
def test_the_per_run_tables_refuse_rows_their_contract_forbids(sample_build, tmp_path, table, replacement, refusal):
    """The YAML's not-null, range and accepted-values rules of the run's figures are constraints
    DuckDB enforces on write (no separate test scans the tables): a row breaking one is refused,
    naming the table. Each fact is stored once, in the table of the step that decides it;
    fct_training_run_impacts is a view joining them."""
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_build.warehouse, copy)
    db = duckdb.connect(str(copy))
    try:
        with pytest.raises(duckdb.ConstraintException, match=refusal) as refused:
            db.execute(f"insert into intermediate.{table} select * replace ({replacement}) from intermediate.{table} limit 1")
        assert table in str(refused.value)
    finally:
        db.close()
