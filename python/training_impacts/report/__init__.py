"""The study's report: figures, fit tables and the three findings, as Markdown and as one
self-contained HTML file (images embedded as base64 PNG; no external CSS, JS or images).

    from training_impacts.report import write_report
    result = write_report("warehouse/training_impacts.duckdb", "reports/latest")

The report reads what the build wrote and never refits: the trends are the build's `rpt_*`
tables, the parameters the vars it recorded in `meta_build_parameters`; a table the warehouse
lacks is said to be absent where it would be used. In the order the data flows:

- `inputs`: the one list of tables read, in one short read-only connection;
- `selection`: the tables cut to the build's method profile, Epoch's runs and the paper's scope;
- `findings`, `comparison`, `study`: pure functions, frames in, verdicts and sentences out;
- `analysis`: the findings, totals, coverage and key numbers of one warehouse;
- `context`, `render`, `templates/`: the Markdown from a Jinja2 template, the HTML from the
  Markdown (Python-Markdown) in a small HTML template;
- `writer`: `write_report`, which runs them and writes the files;
- `formatting`: how a number or the user's text is printed.
"""

from .formatting import code_span, format_ci, format_factor, format_ratio, format_share, format_years
from .writer import write_report

__all__ = ["code_span", "format_ci", "format_factor", "format_ratio", "format_share", "format_years", "write_report"]
