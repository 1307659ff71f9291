"""Data Docs that read offline: great-expectations' pages load their stylesheets and scripts
from CDNs, so without a network they are unstyled and their tables empty. `make` installs the
same packages from the npm registry into .venv/data_docs_assets (data_docs_assets/package.json);
`make_offline` copies the files the pages use into the site's static/vendor/ folder and points
every page at them. Without the installed assets the pages are left as they are (online only),
and `make_offline` says so.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

# Where make installs the npm packages: beside the virtual environment's Python.
ASSETS_DIR = Path(sys.prefix) / "data_docs_assets" / "node_modules"

# Each CDN address in great-expectations 1.24's Data Docs templates -> the same file in its npm
# package (a folder where the file loads siblings: Font Awesome's css/ needs ../webfonts/).
CDN_FILES = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap/dist/js/bootstrap.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table/dist/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table/dist/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        "@forevolve/bootstrap-dark/dist/css/bootstrap-prefers-dark.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.js/dist/umd/popper.min.js",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega/build/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite/build/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed/build/vega-embed.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "@fortawesome/fontawesome-free/css/all.min.css",
}
# whole folders copied with a file of CDN_FILES: files that load others by relative path
COPIED_WITH = {"@fortawesome/fontawesome-free/css/all.min.css": "@fortawesome/fontawesome-free/webfonts"}
VENDOR = Path("static") / "vendor"


def make_offline(site_dir: Path, assets_dir: Path = ASSETS_DIR) -> str:
    """Copy the assets into site_dir/static/vendor and rewrite every page's CDN addresses to
    relative paths. Returns one line saying what was done (or why not)."""
    missing = sorted({path for path in CDN_FILES.values() if not (assets_dir / path).is_file()})
    if missing:
        return (f"Data Docs load their styles and scripts from the internet: {len(missing)} asset(s) not "
                f"installed in {assets_dir} (make installs them with npm), e.g. {missing[0]}")
    vendor = site_dir / VENDOR
    for path in CDN_FILES.values():
        (vendor / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(assets_dir / path, vendor / path)
        if path in COPIED_WITH:
            shutil.copytree(assets_dir / COPIED_WITH[path], vendor / COPIED_WITH[path], dirs_exist_ok=True)
    pages = 0
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        rewritten = text
        for url, path in CDN_FILES.items():
            relative = Path(os.path.relpath(vendor / path, page.parent)).as_posix()
            rewritten = rewritten.replace(f'"{url}"', f'"{relative}"')
        if rewritten != text:
            page.write_text(rewritten, encoding="utf-8")
            pages += 1
    return f"Data Docs read offline: {pages} page(s) point at {vendor}"
