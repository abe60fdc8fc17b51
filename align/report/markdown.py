"""Markdown: a summary a reviewer can read in a terminal or a pull request."""
from __future__ import annotations

import re
from pathlib import Path

from ..checks.base import CheckResult
from ..textio import write_text_atomic


def _text(text: str) -> str:
    """Text from the versions as Markdown shows it and never runs: HTML escaped (a version
    may hold ``<script>``); table bars, brackets and backticks backslashed (no cell breaks,
    no link or code span made from a version's text)."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`\[\]|])", r"\\\1", text).replace("\n", " ")


def render_markdown(result: CheckResult) -> str:
    lines = [f"# Divergence report: {_text(result.doc_id)}", ""]
    closed = len(result.flags) - len(result.open_flags)
    decided = f" ({closed} dismissed or ignored by reviewers)" if closed else ""
    lines.append(f"Versions: {', '.join(result.langs)} · {len(result.flags)} flags{decided} · "
                 f"{len(result.unit_scores)} aligned units")
    lines.append("")
    counts = result.counts_by_kind()
    if counts:
        lines += ["| kind | flags |", "| --- | ---: |"]
        lines += [f"| {kind} | {n} |" for kind, n in counts.items()]
        lines.append("")
    if result.document_scores:
        lines.append("## Document scores")
        lines.append("")
        for check, pairs in result.document_scores.items():
            for pair, scores in pairs.items():
                parts = ", ".join(f"{k} {v}" for k, v in scores.items() if "signature" not in k)
                lines.append(f"- {check} {pair}: {parts}")
                for k, v in scores.items():
                    if "signature" in k:
                        lines.append(f"  - `{v}`")
        lines.append("")
    if result.flags:
        cut = f" (cut-off {result.threshold:.2f})" if result.threshold is not None else ""
        lines += ["## Flags, most probable first" + cut, "",
                  "| unit | kind | severity | probability | odd version | message | review |",
                  "| ---: | --- | --- | ---: | --- | --- | --- |"]
        for f in by_probability(result.flags):
            p = "–" if f.probability is None else f"{f.probability:.2f}"
            lines.append(f"| {f.unit + 1} | {f.kind} | {f.severity} | {p} | {f.diverging or '–'} | "
                         f"{_text(f.message)} | {_review(result, f)} |")
        lines.append("")
        lines.append("## Details")
        for f in result.flags:
            ids = " · ".join(f"{lang} {'+'.join(str(i) for i in f.ids.get(lang, ())) or '–'}"
                             for lang in result.langs)
            lines += ["", f"### Unit {f.unit + 1} — {f.kind} ({f.severity})", "",
                      _text(f.message), "", f"Sentences: {ids}", ""]
            if result.review_of(f).status != "open" or result.review_of(f).comment:
                lines += [f"Review: {_review(result, f)}", ""]
            for lang in result.langs:
                if lang in f.texts:
                    lines.append(f"> **{lang}** {_text(f.texts[lang])}")
                    lines.append(">")
            if lines[-1] == ">":
                lines.pop()
    else:
        lines += ["No divergence flagged.", ""]
    if result.skipped:
        lines += ["", "## Not checked", ""]
        lines += [f"- {s.check}: {_text(s.reason)}" for s in result.skipped]
    lines += ["", f"Signature: `{result.signature}`", ""]
    return "\n".join(lines)


def _review(result: CheckResult, flag) -> str:
    review = result.review_of(flag)
    return review.status + (f" — {_text(review.comment)}" if review.comment else "")


def by_probability(flags):
    """Most probable first; flags the model did not judge last; then in unit order."""
    return sorted(flags, key=lambda f: (f.probability is None, -(f.probability or 0.0), f.sort_key()))


def write_markdown(result: CheckResult, path: Path) -> None:
    write_text_atomic(Path(path), render_markdown(result))
