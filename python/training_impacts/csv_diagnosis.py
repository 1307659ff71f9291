"""Why DuckDB could not read a CSV input, in words that name the file and the record.

DuckDB's CSV sniffer, when it gives up, prints its whole search space and suggests options a
user of this project cannot pass (sample_size, strict_mode, ...), naming no row. A build that
fails that way is diagnosed here, after the fact, so a build that reads its files costs nothing
more: `diagnose_csv` reads the file once with Python's CSV parser and names the first fault.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path

# how DuckDB's messages begin when it could not sniff or parse a CSV file, and how they name it
_DUCKDB_CSV_FAILURES = ("Error when sniffing file", "CSV Error on Line")
_FILE_IN_MESSAGE = re.compile(r'file "([^"]+)"')
# how many bytes are enough to tell line endings and backslash escapes apart
_PEEK_BYTES = 1 << 20


def _open_text(path: Path):
    raw = path.open("rb")
    if raw.peek(2)[:2] == b"\x1f\x8b":
        raw = gzip.GzipFile(fileobj=raw)
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


def diagnose_csv(path: Path) -> str | None:
    """The first reason `path` is not a plain comma-separated file with one field count, or none."""
    with _open_text(path) as handle:
        head = handle.read(_PEEK_BYTES)
    if "\r" in head and "\n" not in head:
        return "it uses CR-only line endings (old Mac style): save it with LF or CRLF line endings"
    if re.search(r'\\"', head):
        return ('it escapes quotes with a backslash (\\"): CSV escapes a quote inside a quoted field by doubling '
                'it (""); export it again as standard CSV')
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return "it is empty"
        for record, row in enumerate(reader, start=1):
            if row and len(row) != len(header):
                kind = "fewer" if len(row) < len(header) else "more"
                return (f"record {record} (ending on line {reader.line_num}) has {len(row)} fields, {kind} than the "
                        f"header's {len(header)}: a missing or extra comma, or a quote left open")
    return None


def explain_csv_failure(dbt_output: str) -> str:
    """One line for a build that failed reading a CSV input, or '' when the output shows no such failure."""
    if not any(failure in dbt_output for failure in _DUCKDB_CSV_FAILURES):
        return ""
    for name in dict.fromkeys(_FILE_IN_MESSAGE.findall(dbt_output)):
        path = Path(name)
        if path.is_file():
            reason = diagnose_csv(path)
            if reason:
                return f"{path}: cannot be read as CSV: {reason}"
    return ""
