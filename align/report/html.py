"""The reviewer's HTML report: one self-contained file (inline CSS, JS and SVG).

Three versions side by side, one row per aligned unit, the spans that flags
point at highlighted; filters by kind and severity (client-side, also settable
from the address: ``report.html#kind=number,name&severity=high&unflagged=0&cutoff=0.8&sort=probability``);
a probability cut-off above the model's threshold, and units sorted by their most probable flag;
a count per kind; and a picture of the alignment per language pair: the
sentence similarity matrix with the chosen path drawn over it.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..checks.base import KINDS, SEVERITIES, CheckResult, Flag
from ..models import FLAG_STATUSES, Alignment
from ..textio import write_text_atomic

TEMPLATE = "report.html.j2"


def render_html(result: CheckResult, alignment: Alignment) -> str:
    from .jinja import template as compiled

    template = compiled(TEMPLATE)
    langs = [lang for lang in result.langs if lang in alignment.texts]
    by_unit: dict[int, list[Flag]] = {}
    for flag in result.flags:
        by_unit.setdefault(flag.unit, []).append(flag)
    rows = []
    for u, unit in enumerate(alignment.units):
        flags = by_unit.get(u, [])
        cells = []
        for lang in langs:
            ids = tuple(unit.ids.get(lang, ()))
            text = alignment.unit_text(unit, lang) if ids else ""
            cells.append({
                "lang": lang,
                "ids": "+".join(str(i) for i in ids) or "–",
                "pieces": _pieces(text, [f for f in flags if lang in f.highlights], lang),
            })
        rows.append({
            "unit": u,
            "number": u + 1,
            "cells": cells,
            "flags": flags,
            "kinds": " ".join(sorted({f.kind for f in flags})),
            "statuses": " ".join(sorted({result.review_of(f).status for f in flags})),
            "severities": " ".join(sorted({f.severity for f in flags})),
            # for "most probable first": unjudged flags (terminology) sort after judged ones
            "probability": max((f.probability for f in flags if f.probability is not None), default=0.0),
        })
    counts = result.counts_by_kind()
    kinds = [k for k in KINDS if k in counts] + [k for k in counts if k not in KINDS]
    severity_counts = {s: sum(1 for f in result.flags if f.severity == s) for s in SEVERITIES}
    pictures = [
        {"pair": f"{a}-{b}", "svg": alignment_svg(result.similarity[(a, b)], alignment, a, b,
                                                  {f.unit for f in result.flags})}
        for (a, b) in sorted(result.similarity, key=lambda p: (langs.index(p[0]), langs.index(p[1])))
        if a in langs and b in langs
    ]
    status_counts = {s: sum(1 for f in result.flags if result.review_of(f).status == s) for s in FLAG_STATUSES}
    return template.render(
        result=result, langs=langs, rows=rows, kinds=kinds, counts=counts,
        severities=SEVERITIES, severity_counts=severity_counts, pictures=pictures,
        statuses=FLAG_STATUSES, status_counts=status_counts, review_of=result.review_of,
    )


_UNIT_RE = re.compile(r"\b(units?) (\d+)\b")


def unit_links(message: str):
    """A flag message, HTML-escaped, with "unit 8" made a link to that unit's row."""
    from markupsafe import Markup, escape

    return Markup(_UNIT_RE.sub(lambda m: f'{m.group(1)} <a href="#unit-{m.group(2)}" class="unit-link">'
                                         f'{m.group(2)}</a>', str(escape(message))))


def write_html(result: CheckResult, alignment: Alignment, path: Path) -> None:
    write_text_atomic(Path(path), render_html(result, alignment))


def cut_at_marks(text: str, marks) -> list[tuple[str, list]]:
    """``text`` cut at the edges of ``marks`` (start, end, payload): each piece with the
    payloads of the marks covering it (none: plain text).  Spans are clipped to the text."""
    marks = [(max(0, s), min(len(text), e), x) for s, e, x in marks]
    marks = [(s, e, x) for s, e, x in marks if s < e]
    cuts = sorted({0, len(text)} | {p for s, e, _ in marks for p in (s, e)})
    return [(text[a:b], [x for s, e, x in marks if s <= a and b <= e]) for a, b in zip(cuts, cuts[1:])]


def _pieces(text: str, flags: Iterable[Flag], lang: str) -> list[dict]:
    """Split ``text`` at flag highlights: [{text, kinds, title}] (kinds empty: plain text)."""
    marks = [(start, end, flag) for flag in flags for start, end in flag.highlights.get(lang, ())]
    return [{"text": piece,
             "kinds": " ".join(sorted({f.kind for f in covering})),
             "severities": " ".join(sorted({f.severity for f in covering})),
             "title": "; ".join(dict.fromkeys(f.message for f in covering))}
            for piece, covering in cut_at_marks(text, marks)]


def alignment_svg(matrix, alignment: Alignment, a: str, b: str, flagged_units: set[int],
                  cell: int | None = None) -> str:
    """The similarity matrix of ``a`` (rows) × ``b`` (columns) with the alignment path.

    Darker cells are more similar; the path (each aligned unit's block of
    sentences) is outlined, in red where the unit carries a flag, and links to the
    unit's row.  Cells are as large as a picture about 640 pixels wide allows (6 to
    18 pixels), with the sentence numbers on both axes every few sentences.
    """
    from markupsafe import escape

    a, b = str(escape(a)), str(escape(b))
    rows, cols = len(matrix), len(matrix[0]) if matrix else 0
    if cell is None:
        cell = max(6, min(18, 640 // max(rows, cols, 1)))
    pad = 40
    width, height = pad + cols * cell + 4, pad + rows * cell + 4
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if s * cell >= 20 or s == 1000)
    out = [
        f'<svg class="matrix" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{a}-{b} sentence similarity and alignment">',
        f'<text x="{pad}" y="11" class="axis">{b} →</text>',
        f'<text x="2" y="11" class="axis">{a} ↓</text>',
    ]
    for j in range(0, cols, step):
        out.append(f'<text x="{pad + j * cell + cell / 2:g}" y="{pad - 6}" class="tick" text-anchor="middle">{j}</text>')
    for i in range(0, rows, step):
        out.append(f'<text x="{pad - 4}" y="{pad + i * cell + cell / 2 + 3:g}" class="tick" text-anchor="end">{i}</text>')
    unit_of = {i: u for u, unit in enumerate(alignment.units) for i in unit.ids.get(a, ())}
    for i, row in enumerate(matrix):
        # a row's cells open the unit of its sentence
        out.append(f'<a href="#unit-{unit_of[i] + 1}">' if i in unit_of else "<g>")
        for j, value in enumerate(row):
            shade = max(0.0, min(1.0, (value - 0.1) / 0.8))
            out.append(
                f'<rect x="{pad + j * cell}" y="{pad + i * cell}" width="{cell}" height="{cell}" '
                f'fill="rgb({_c(shade, 250, 20)},{_c(shade, 250, 60)},{_c(shade, 255, 140)})">'
                f'<title>{a} {i} · {b} {j}: {value:.2f}</title></rect>'
            )
        out.append("</a>" if i in unit_of else "</g>")
    for u, unit in enumerate(alignment.units):
        ia, ib = unit.ids.get(a, ()), unit.ids.get(b, ())
        if not ia or not ib:
            continue
        x, y = pad + min(ib) * cell, pad + min(ia) * cell
        w, h = (max(ib) - min(ib) + 1) * cell, (max(ia) - min(ia) + 1) * cell
        cls = "path flagged" if u in flagged_units else "path"
        out.append(f'<a href="#unit-{u + 1}"><rect class="{cls}" data-unit="{u}" x="{x}" y="{y}" width="{w}" '
                   f'height="{h}"><title>unit {u + 1}</title></rect></a>')
    out.append("</svg>")
    return "\n".join(out)


def _c(shade: float, light: int, dark: int) -> int:
    return round(light + (dark - light) * shade)
