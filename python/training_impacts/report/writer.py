"""Writing: `write_report` reads the warehouse (inputs.py), selects and analyses it
(selection.py, analysis.py), draws the figures, writes the appendix's CSV files and renders the
Markdown and HTML (context.py, render.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from training_impacts import figures
from training_impacts.warehouse import warehouse_path as default_warehouse_path

from .analysis import analyse, key_numbers
from .context import TITLE, template_context
from .formatting import clean
from .inputs import Warehouse, read_warehouse
from .render import render_html, render_markdown
from .selection import FIT_TABLES, Selection, select


def _table(tables: dict, name: str) -> pd.DataFrame:
    return tables[name] if tables.get(name) is not None else pd.DataFrame()


def draw_figures(warehouse: Warehouse, sel: Selection, a: dict, folder: Path, start_year: int,
                 end_year: int) -> list[Path]:
    """Every figure of figures.FIGURES, as PNG and SVG in `folder`; the paths written."""
    label, tables = a["source"]["label"], sel.tables
    cards, by_year = _table(tables, "dim_gpu_cards"), _table(tables, "agg_impacts_by_year")
    location, decarb, lifespan = (tables.get(name) for name in
                                  ("scn_location_shifting_by_year", "scn_grid_decarbonization_by_year",
                                   "scn_hardware_lifespan_by_year"))
    # GPU-h2 at the paper's one assumed ratio, so the build's fitted-ratio line reads against it
    paper_runs = warehouse.paper_runs if warehouse.paper_runs is not None and len(warehouse.paper_runs) else sel.runs
    ratio_fit = {key: clean(value) for key, value in a["ratio_fit"]["all"].items()}  # {}: no line, no fit
    assumed = {} if a["assumed_ratio"] is None else {"assumed_ratio": float(a["assumed_ratio"])}
    written = figures.gpu_hours_h1_vs_h2(paper_runs, folder, label, ratio_fit=ratio_fit, **assumed)
    written += figures.energy_over_time(sel.runs, folder, label, start_year, end_year,
                                        uncertainty=tables.get("fct_training_run_impacts_uncertainty"))
    written += figures.gwp_over_time(sel.runs, folder, label, start_year, end_year)
    written += figures.embodied_share_by_year(by_year, folder, label)
    written += figures.scenarios(location, decarb, folder, label, baseline_by_year=by_year)
    written += figures.hardware(cards, folder, f"project GPU catalogue (dim_gpu_cards, {len(cards)} cards)",
                                start_year, end_year)
    written += figures.lifespan(lifespan, folder, label)
    written += figures.validation(a["validated"], folder, label)
    written += figures.coverage(a["coverage"], folder, label)
    return written


def write_appendix(out_dir: Path, tables: dict[str, pd.DataFrame | None]) -> dict[str, Path]:
    """Each long table as out_dir/tables/<name>.csv; returns the files written, by name."""
    folder = out_dir / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in tables.items():
        if frame is not None and len(frame):
            path = folder / f"{name}.csv"
            frame.to_csv(path, index=False)
            written[name] = path
    return written


def appendix_tables(warehouse: Warehouse, sel: Selection, a: dict) -> dict[str, pd.DataFrame | None]:
    return {
        "trend_fits": sel.fits["trend"], "hardware_trends": sel.fits["hardware"],
        "scenario_trend_fits": sel.fits["scenario"], "performance_ratio_fits": sel.fits["performance_ratio"],
        "growth_factor_uncertainty": sel.tables.get("rpt_growth_factor_uncertainty"),
        "impacts_by_year": sel.tables.get("agg_impacts_by_year"), "coverage": a["coverage"],
        "build_parameters": warehouse.metadata.parameter_rows, "validation": a["validated"],
    }


def write_report(warehouse_path: str | Path | None = None, out_dir: str | Path = "reports",
                 start_year: int | None = None, end_year: int | None = None) -> dict:
    """Write out_dir/figures/<name>.png|svg, out_dir/tables/<name>.csv, out_dir/report.md and
    out_dir/report.html from the warehouse (opened read-only; nothing is fitted here).

    Returns a dict: `report_md`, `report_html`, `figures` (paths), `appendix` (CSV paths by
    name), `scenario_tables_present`, `fits_source` (the build's fit table each fit was read
    from, None where the warehouse lacks it) and `numbers` (the key numbers as floats, plus
    their printed forms under `text`).
    """
    warehouse = read_warehouse(Path(warehouse_path) if warehouse_path else default_warehouse_path(),
                               start_year, end_year)
    start_year, end_year = warehouse.start_year, warehouse.end_year  # the build's, unless given
    out_dir = Path(out_dir)
    (out_dir / "figures").mkdir(parents=True, exist_ok=True)
    sel = select(warehouse, start_year, end_year)
    a = analyse(warehouse, sel, start_year, end_year)
    written = draw_figures(warehouse, sel, a, out_dir / "figures", start_year, end_year)
    appendix = write_appendix(out_dir, appendix_tables(warehouse, sel, a))
    markdown = render_markdown(template_context(warehouse, sel, a, appendix, start_year, end_year))
    md_path, html_path = out_dir / "report.md", out_dir / "report.html"
    md_path.write_text(markdown, encoding="utf-8")
    html_path.write_text(render_html(markdown, TITLE, out_dir), encoding="utf-8")
    return {
        "report_md": md_path,
        "report_html": html_path,
        "figures": written,
        "appendix": appendix,
        "scenario_tables_present": sel.scenario_present,
        "fits_source": {key: None if sel.fits[key] is None else name for key, (name, _) in FIT_TABLES.items()},
        "numbers": key_numbers(warehouse, sel, a),
    }
