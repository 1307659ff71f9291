"""The legibility check of the figures: `text_problems` (every drawn text inside the image and at
least `MIN_TEXT_PX` px once the PNG is shown `DISPLAY_WIDTH_PX` wide), the warning `_save`
gives of a problem (`FigureTextWarning`) and the record of each figure's last check
(`LAST_TEXT_PROBLEMS`)."""

from __future__ import annotations

import textwrap

from matplotlib.text import Text

# The report shows each PNG at most 960 CSS px wide (see `style.WIDTH`).
DISPLAY_WIDTH_PX = 960
MIN_TEXT_PX = 9.0

# figure name -> the text problems (`text_problems`) of its last drawing; empty when legible
LAST_TEXT_PROBLEMS: dict[str, list[str]] = {}


class FigureTextWarning(UserWarning):
    """A figure was saved with text cut by the image edge or too small to read in the report."""


def _drawn_texts(fig) -> list[Text]:
    """The texts one draw of `fig` renders. Recording the draw skips what is never drawn (tick
    labels out of view, children of hidden artists), which a walk of the artist tree would check."""
    drawn: dict[int, Text] = {}
    draw = Text.draw

    def recording(text, renderer):
        drawn[id(text)] = text
        return draw(text, renderer)

    Text.draw = recording
    try:
        fig.canvas.draw()
    finally:
        Text.draw = draw
    return list(drawn.values())


def text_problems(fig, display_width_px: int = DISPLAY_WIDTH_PX, min_px: float = MIN_TEXT_PX,
                  dpi: float | None = None) -> list[str]:
    """Draw `fig` and return one message per visible text (titles, labels, tick labels, legends,
    captions, annotations) whose box leaves the canvas, even partly, or whose font is below
    `min_px` CSS px once the PNG (saved at `dpi`, default the figure's) is shown at most
    `display_width_px` wide. The canvas is the saved image: figures are saved without a tight box."""
    dpi = dpi or fig.dpi
    pixel_width = fig.get_figwidth() * dpi
    scale = min(display_width_px, pixel_width) / pixel_width
    texts = _drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    canvas = fig.bbox
    problems = []
    for text in texts:
        content = text.get_text()
        if not text.get_visible() or not content.strip():
            continue
        name = repr(textwrap.shorten(" ".join(content.split()), 50, placeholder="…"))
        shown = text.get_fontsize() * dpi / 72 * scale
        if shown < min_px:
            problems.append(f"text {name}: {text.get_fontsize():g} pt is {shown:.1f} px at "
                            f"{display_width_px} px wide (< {min_px:g} px)")
        box = text.get_window_extent(renderer)
        if (box.x0 < canvas.x0 - 0.5 or box.y0 < canvas.y0 - 0.5
                or box.x1 > canvas.x1 + 0.5 or box.y1 > canvas.y1 + 0.5):
            problems.append(f"text {name}: outside the image (box x {box.x0:.0f}–{box.x1:.0f}, "
                            f"y {box.y0:.0f}–{box.y1:.0f} of {canvas.width:.0f}×{canvas.height:.0f} px)")
    return problems
