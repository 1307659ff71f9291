"""Rendering: the report's Markdown from a Jinja2 template (templates/report.md.j2) and a
context dict, and its HTML from that Markdown with Python-Markdown (`tables` extension), wrapped
in templates/report.html.j2. The HTML is one self-contained file: each figures/<name>.png is
embedded as a base64 data URI in a <figure id="<name>">, and no raw HTML of the Markdown passes
through (a `<` in a model name or path is text, never markup)."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import formatting

FIGURE_SOURCE = re.compile(r"figures/([A-Za-z0-9_]+)\.png")


def _oneline(text: str) -> str:
    """A paragraph written over several template lines, as one line of Markdown (ending the line:
    the template's `trim_blocks` eats the newline after `{% endfilter %}`)."""
    return re.sub(r"\s*\n\s*", " ", text.strip()) + "\n"


def _growth(fit: dict) -> str:
    """A fit's growth factor a year, as printed."""
    return formatting.format_factor(fit.get("growth_factor_per_year"))


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("training_impacts.report", "templates"), trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined,
                      autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False))
    env.filters.update(
        factor=formatting.format_factor, ratio=formatting.format_ratio, share=formatting.format_share,
        ci=formatting.fit_ci, growth=_growth, tonnes=formatting.format_tonnes, code=formatting.code_span,
        cell=formatting.table_cell, oneline=_oneline,
        int_or_zero=lambda value: 0 if formatting.missing(value) else int(value))
    return env


def render_markdown(context: dict) -> str:
    """The report as Markdown: report.md.j2 rendered with `context`, blank lines collapsed."""
    text = _environment().get_template("report.md.j2").render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


class _FigureEmbedder(Treeprocessor):
    """Each paragraph holding only ![title](figures/<name>.png) becomes <figure id="<name>"> with
    the PNG inline (data URI), and the caption paragraph after it its <figcaption>."""

    def __init__(self, md, folder: Path):
        super().__init__(md)
        self.folder = folder

    def _image(self, block) -> tuple[etree.Element, Path] | None:
        if block.tag != "p" or len(block) != 1 or (block.text or "").strip() or (block[0].tail or "").strip():
            return None
        image = block[0]
        found = FIGURE_SOURCE.fullmatch(image.get("src", "")) if image.tag == "img" else None
        png = self.folder / "figures" / f"{found.group(1)}.png" if found else None
        return (image, png) if png is not None and png.is_file() else None

    def run(self, root):
        blocks = list(root)
        for block, following in zip(blocks, [*blocks[1:], None]):
            found = self._image(block)
            if found is None:
                continue
            image, png = found
            block.tag = "figure"
            block.set("id", png.stem)
            image.set("src", "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii"))
            if following is not None and following.tag == "p" and len(following) and following[0].tag == "em":
                root.remove(following)
                following.tag = "figcaption"
                block.append(following)


class _ReportExtension(Extension):
    """Raw HTML in the Markdown is escaped as text (Python-Markdown passes it through by
    default); the figures are embedded."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_FigureEmbedder(md, self.folder), "embed_figures", 5)


def render_html(markdown_text: str, title: str, folder: Path) -> str:
    """The report as one self-contained HTML page; `folder` holds figures/<name>.png."""
    body = markdown.markdown(markdown_text, extensions=["tables", _ReportExtension(Path(folder))],
                             output_format="html")
    return _environment().get_template("report.html.j2").render(title=title, body=body)
