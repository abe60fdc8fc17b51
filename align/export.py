"""Export stage: an ``Alignment`` → TMX (multilingual and bilingual), TSV, XLIFF and XLSX files.

Files written into ``out_dir`` for a document ``D``:

- ``D.tmx``        every language in one ``<tu>`` per trilingual unit;
- ``D.zh-fr.tmx``, ``D.zh-en.tmx``, ``D.fr-en.tmx``  one per language pair, because
  many tools read only bilingual TMX;
- ``D.zh-fr.tsv`` …  the same pairs as ``source<TAB>target<TAB>score``;
- ``D.zh-fr.xlf``, ``D.zh-en.xlf``  XLIFF 1.2, source zh (``formats/xliff.py``);
- ``D.xlsx``       one spreadsheet row a unit, every language, confidence and flags.

The divergences the checks left open are marked in the TMX (a prop and a note), the XLIFF
(``state="needs-review-translation"`` and a note) and the spreadsheet's flags column.

Bilingual files use the pairwise beads (``alignment.pairs``) when present: they
are finer than the trilingual units (zh 12–13 ↔ fr 13–14 ↔ en 14 is one unit, but
two 1-1 zh-fr beads), and a CAT tool only inserts a translation when a whole
segment matches.  Without pairwise beads the units are projected onto the pair.

Beads with an empty side (1-0, 0-1) are left out and counted; n-m beads become
one unit with the sentences joined (no space for Chinese, a space otherwise, as
``Alignment.unit_text`` does).  A missing language version leaves out the files
that need it, and the multilingual file says in a header note what is missing.
Everything is rendered in memory before the first file is written, and each
file is written atomically, so a failure leaves no half-written file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .errors import BadInputError
from .formats.base import Rendered, TmDocument, TmFlag, TmUnit, TmVariant, Writer
from .formats.tmx import TmxSettings, TmxWriter, resolve_creation_date
from .formats.tsv import TsvSettings, TsvWriter
from .formats.xliff import XliffSettings, XliffWriter
from .formats.xlsx import XlsxWriter
from .lang.langid import LANGUAGES, ordered_languages
from .lang.numbers import extract_numbers
from .models import AlignedUnit, Alignment
from .textio import write_bytes_atomic


@dataclass(frozen=True)
class FileReport:
    path: Path
    format: str  # "tmx" or "tsv"
    langs: tuple[str, ...]  # source language first
    units: int  # <tu>s or rows written
    merged: int  # of which n-m beads with more than one sentence on a side
    omitted: int  # beads left out because a side is empty (1-0, 0-1)
    cleaned_chars: int = 0  # characters the format cannot carry (dropped or made spaces)
    cleaned_units: tuple[str, ...] = ()  # keys (u7, b7) of the units concerned


@dataclass(frozen=True)
class ExportSummary:
    doc_id: str
    files: tuple[FileReport, ...]
    missing_languages: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # files not written, with the reason

    @property
    def omitted(self) -> int:
        return sum(f.omitted for f in self.files)

    @property
    def cleaned_chars(self) -> int:
        return sum(f.cleaned_chars for f in self.files)

    def combined(self, other: "ExportSummary") -> "ExportSummary":
        return ExportSummary(
            self.doc_id,
            self.files + other.files,
            tuple(dict.fromkeys(self.missing_languages + other.missing_languages)),
            self.skipped + other.skipped,
        )


@dataclass(frozen=True)
class _Planned:
    report: FileReport
    data: bytes


# --- public stage functions ---------------------------------------------------


def export_tmx(
    alignment: Alignment,
    out_dir: Path,
    settings: TmxSettings | None = None,
    *,
    environ: Mapping[str, str] | None = None,
) -> ExportSummary:
    """Write ``D.tmx`` and the bilingual ``D.a-b.tmx`` files; return what was written."""
    planned, summary = _plan_tmx(alignment, Path(out_dir), settings or TmxSettings(), environ)
    _write_all(planned)
    return summary


def export_tsv(
    alignment: Alignment, out_dir: Path, settings: TsvSettings | None = None
) -> ExportSummary:
    """Write ``D.a-b.tsv`` for each language pair; return what was written."""
    planned, summary = _plan_tsv(alignment, Path(out_dir), settings or TsvSettings())
    _write_all(planned)
    return summary


def export_alignment(
    alignment: Alignment,
    out_dir: Path,
    tmx: TmxSettings | None = None,
    tsv: TsvSettings | None = None,
    *,
    xliff: XliffSettings | None = None,
    flags: "UnitFlags | None" = None,
    inputs_date: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ExportSummary:
    """TMX, TSV, XLIFF and XLSX together (the ``triglot run`` stage): all rendered before any
    write.  ``flags``: the divergences left open, by unit, marked in the TMX, XLIFF and XLSX;
    ``inputs_date``: the documents' date if the caller knows it (else :func:`document_date`),
    the creation date unless a setting or SOURCE_DATE_EPOCH gives one."""
    out = Path(out_dir)
    tmx = tmx or TmxSettings()
    xliff = xliff or XliffSettings(srclang=tmx.srclang, lang_tags=tmx.lang_tags)
    date = resolve_creation_date(tmx.creation_date, environ, inputs_date or document_date(alignment, tmx.srclang))
    planned_tmx, summary = _plan_tmx(alignment, out, tmx, environ, flags, date)
    planned_tsv, summary_tsv = _plan_tsv(alignment, out, tsv or TsvSettings())
    planned = planned_tmx + planned_tsv
    summary = summary.combined(summary_tsv)
    if xliff.write:
        planned_xliff, summary_xliff = _plan_xliff(alignment, out, xliff, date, flags)
        planned += planned_xliff
        summary = summary.combined(summary_xliff)
    langs = [lang for lang in available_languages(alignment) if lang in tmx.lang_tags]
    if len(langs) >= 2:  # the spreadsheet: every version, source first, one row a unit
        src = tmx.srclang if tmx.srclang in langs else langs[0]
        document, omitted = multilingual_document(alignment, (src, *[x for x in langs if x != src]), flags)
        xlsx = XlsxWriter(date)
        planned.append(_render(xlsx, document, out / xlsx.filename(_file_stem(alignment.doc_id)), "xlsx", omitted))
        summary = summary.combined(ExportSummary(alignment.doc_id, (planned[-1].report,)))
    _write_all(planned)
    return summary


CORPUS_STEM = "corpus"  # out/corpus.tmx, out/corpus.zh-fr.tmx …: the memory of a whole run


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    langs: tuple[str, ...]  # source language first
    documents: int  # documents that had this file
    units: int  # units written
    duplicates: int  # units left out: an earlier document had the same texts


def export_corpus_memory(document_dirs: Sequence[tuple[str, Path]], out_dir: Path,
                         settings: TmxSettings | None = None, signature: str = "") -> list[CorpusFile]:
    """The translation memory of a whole corpus: ``corpus.tmx`` (every language) and
    ``corpus.a-b.tmx`` per pair, joined from the TMX files each document wrote under
    ``<folder>/tmx/`` (``document_dirs``: (document id, folder), in the run's order), each
    unit once: a unit with the same text in every language as an earlier one is left out
    (boilerplate repeated across an archive), the first keeping its document id, flags
    and notes.  The creation date is the latest of the documents' own.  Each file is
    written atomically; the documents' files are read one at a time.  A corpus file this
    call does not write (no document has that pair, or none at all) is removed, so none
    is left from an earlier run."""
    from .formats.tmx import PROP_DOC_ID, join_memories

    settings = settings or TmxSettings()
    writer = TmxWriter(settings, resolve_creation_date(settings.creation_date))
    wanted = [("", (settings.srclang, *[x for x in LANGUAGES if x != settings.srclang]))] if settings.multilingual else []
    for a, b in settings.pairs:
        wanted.append((f".{a}-{b}", (b, a) if settings.srclang == b else (a, b)))
    reports = []
    for suffix, langs in wanted if document_dirs else ():
        paths = [path for doc_id, folder in document_dirs
                 for path in [folder / "tmx" / writer.filename(f"{_file_stem(doc_id)}{suffix}")] if path.is_file()]
        if not paths:
            continue
        dates = [found.group(1).decode() for path in paths
                 for found in [_CREATION_DATE_RE.search(_head_of(path))] if found]
        head = TmxWriter(settings, max(dates) if dates else writer.creation_date).render(TmDocument(
            CORPUS_STEM, langs, (), signature,
            (f"The units of {len(paths)} documents, each unit once: its {PROP_DOC_ID} prop names the "
             f"first document that has it.",))).data
        joined = join_memories(head, ((str(path), path.read_bytes()) for path in paths))
        target = out_dir / writer.filename(f"{CORPUS_STEM}{suffix}")
        write_bytes_atomic(target, joined.data)
        reports.append(CorpusFile(target, langs, len(paths), joined.added, joined.already))
    written = {f.path.name for f in reports}
    for old in (*out_dir.glob(f"{CORPUS_STEM}.tmx"), *out_dir.glob(f"{CORPUS_STEM}.*-*.tmx")):
        if old.name not in written and old.is_file():
            old.unlink()
    return reports


_CREATION_DATE_RE = re.compile(rb'creationdate="([0-9TZ]+)"')


def _head_of(path: Path, size: int = 4096) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


# --- building format-neutral documents (pure) ----------------------------------


def document_date(alignment: Alignment, srclang: str = "zh") -> str | None:
    """The date a document gives itself, as a TMX date: the latest full date (year, month and
    day) its source version mentions (a joint statement's date; the visit it reports ends on
    it), else the other versions'; None when no version has one."""
    for lang in (srclang, *[x for x in alignment.texts if x != srclang]):
        text = alignment.texts.get(lang)
        found = [end for s in (text.sentences if text else ()) for m in extract_numbers(lang, s.text)
                 if m.kind in ("date", "range") for end in m.ends if end and None not in end]
        valid = []
        for year, month, day in found:
            try:
                valid.append(datetime(year, month, day))
            except ValueError:
                continue
        if valid:
            return max(valid).strftime("%Y%m%dT000000Z")
    return None


def available_languages(alignment: Alignment) -> tuple[str, ...]:
    """Languages with a non-empty text, in triglot's order (zh, fr, en, then others)."""
    return tuple(ordered_languages([lang for lang, text in alignment.texts.items() if text.sentences]))


def missing_languages(alignment: Alignment) -> tuple[str, ...]:
    present = set(available_languages(alignment))
    return tuple(lang for lang in LANGUAGES if lang not in present)


# Open divergence flags by trilingual unit index: what the pipeline hands the export (the
# checks' own values stay in the check stage).
UnitFlags = Mapping[int, Sequence[TmFlag]]


def multilingual_document(alignment: Alignment, langs: Sequence[str],
                          flags: UnitFlags | None = None) -> tuple[TmDocument, int]:
    """One unit per trilingual unit over ``langs`` (source first); returns (document, omitted)."""
    units: list[TmUnit] = []
    omitted = 0
    for index, unit in enumerate(alignment.units):
        variants = tuple(
            _variant(alignment, lang, unit.ids.get(lang, ()), f"unit {index}")
            for lang in langs
            if unit.ids.get(lang)
        )
        variants = tuple(v for v in variants if v.text)
        if len(variants) < 2:
            omitted += 1 if variants else 0
            continue
        units.append(TmUnit(f"u{index}", variants, unit.score, tuple((flags or {}).get(index, ()))))
    notes = tuple(
        f"No {lang} version was available: this file has no {lang} segments."
        for lang in missing_languages(alignment)
    )
    document = TmDocument(alignment.doc_id, tuple(langs), tuple(units), alignment.signature, notes)
    return document, omitted


def pair_document(alignment: Alignment, src: str, tgt: str,
                  flags: UnitFlags | None = None) -> tuple[TmDocument, int]:
    """One unit per src-tgt bead (pairwise beads if present, else projected units); a bead
    carries the flags of its trilingual unit that concern its two languages."""
    unit_of = {(lang, i): u for u, unit in enumerate(alignment.units) for lang, ids in unit.ids.items() for i in ids}
    units: list[TmUnit] = []
    omitted = 0
    for index, (src_ids, tgt_ids, score) in enumerate(_pair_beads(alignment, src, tgt)):
        if not src_ids and not tgt_ids:
            continue  # a unit with neither language is no bead of this pair
        where = f"{src}-{tgt} bead {index}"
        variants = (
            _variant(alignment, src, src_ids, where),
            _variant(alignment, tgt, tgt_ids, where),
        )
        if not all(v.text for v in variants):
            omitted += 1
            continue
        owners = {unit_of[(src, i)] for i in src_ids if (src, i) in unit_of}
        owners |= {unit_of[(tgt, i)] for i in tgt_ids if (tgt, i) in unit_of}
        bead_flags = tuple(flag for u in sorted(owners) for flag in (flags or {}).get(u, ())
                           if src in flag.langs and tgt in flag.langs)
        units.append(TmUnit(f"b{index}", variants, score, bead_flags))
    return TmDocument(alignment.doc_id, (src, tgt), tuple(units), alignment.signature), omitted


def _pair_beads(
    alignment: Alignment, a: str, b: str
) -> Iterable[tuple[tuple[int, ...], tuple[int, ...], float]]:
    pair = alignment.pairs.get((a, b)) or alignment.pairs.get((b, a))
    if pair is None:
        return [(u.ids.get(a, ()), u.ids.get(b, ()), u.score) for u in alignment.units]
    if (pair.src_lang, pair.tgt_lang) == (a, b):
        return [(bead.src, bead.tgt, bead.score) for bead in pair.beads]
    if (pair.src_lang, pair.tgt_lang) == (b, a):
        return [(bead.tgt, bead.src, bead.score) for bead in pair.beads]
    raise BadInputError(
        f"{alignment.doc_id}: pair alignment stored under {a}-{b} is "
        f"{pair.src_lang}-{pair.tgt_lang}"
    )


def _variant(alignment: Alignment, lang: str, ids: tuple[int, ...], where: str) -> TmVariant:
    count = len(alignment.texts[lang].sentences) if lang in alignment.texts else 0
    bad = [i for i in ids if not 0 <= i < count]
    if bad:
        raise BadInputError(
            f"{alignment.doc_id}: {where} refers to {lang} sentence {bad[0]}, "
            f"but the {lang} text has {count} sentences"
        )
    # One joining rule for the whole project: Alignment.unit_text.
    text = alignment.unit_text(AlignedUnit({lang: ids}), lang) if ids else ""
    return TmVariant(lang, text, tuple(ids))


# --- planning and writing ------------------------------------------------------


def _plan_tmx(
    alignment: Alignment, out_dir: Path, settings: TmxSettings, environ: Mapping[str, str] | None,
    flags: "UnitFlags | None" = None, date: str | None = None,
) -> tuple[list[_Planned], ExportSummary]:
    stem = _file_stem(alignment.doc_id)
    present = available_languages(alignment)
    if len(present) < 2:
        raise BadInputError(
            f"{alignment.doc_id}: nothing to export: need two language versions, "
            f"have {', '.join(present) or 'none'}"
        )
    writer = TmxWriter(settings, date or resolve_creation_date(settings.creation_date, environ))
    planned: list[_Planned] = []
    skipped: list[str] = []
    tagged = [lang for lang in present if lang in settings.lang_tags]
    skipped += [
        f"{lang} text not exported to TMX: no language tag configured"
        for lang in present
        if lang not in settings.lang_tags
    ]
    if settings.multilingual and len(tagged) >= 2:
        src = settings.srclang if settings.srclang in tagged else tagged[0]
        langs = (src, *[lang for lang in tagged if lang != src])
        document, omitted = multilingual_document(alignment, langs, flags)
        planned.append(_render(writer, document, out_dir / writer.filename(stem), "tmx", omitted))
    _plan_pairs(alignment, writer, "tmx", settings.pairs, settings.srclang, out_dir, planned, skipped, flags)
    return planned, _summary(alignment, planned, skipped)


def _plan_xliff(alignment: Alignment, out_dir: Path, settings: XliffSettings, date: str,
                flags: "UnitFlags | None") -> tuple[list[_Planned], ExportSummary]:
    """One XLIFF file from the source language to each other language present."""
    present = [lang for lang in available_languages(alignment) if lang in settings.lang_tags]
    planned: list[_Planned] = []
    skipped: list[str] = []
    if settings.srclang not in present:
        skipped.append(f"no XLIFF: no {settings.srclang} text to be the source")
        return planned, _summary(alignment, planned, skipped)
    writer = XliffWriter(settings, date)
    stem = _file_stem(alignment.doc_id)
    for tgt in present:
        if tgt != settings.srclang:
            document, omitted = pair_document(alignment, settings.srclang, tgt, flags)
            path = out_dir / writer.filename(f"{stem}.{settings.srclang}-{tgt}")
            planned.append(_render(writer, document, path, "xliff", omitted))
    return planned, _summary(alignment, planned, skipped)


def _plan_tsv(
    alignment: Alignment, out_dir: Path, settings: TsvSettings
) -> tuple[list[_Planned], ExportSummary]:
    planned: list[_Planned] = []
    skipped: list[str] = []
    _plan_pairs(alignment, TsvWriter(settings), "tsv", settings.pairs, settings.srclang, out_dir, planned, skipped)
    return planned, _summary(alignment, planned, skipped)


def _plan_pairs(alignment: Alignment, writer: Writer, fmt: str, pairs, srclang: str, out_dir: Path,
                planned: list[_Planned], skipped: list[str], flags: "UnitFlags | None" = None) -> None:
    """One bilingual file per language pair that both versions exist for."""
    stem = _file_stem(alignment.doc_id)
    present = available_languages(alignment)
    for a, b in pairs:
        name = writer.filename(f"{stem}.{a}-{b}")
        lacking = [lang for lang in (a, b) if lang not in present]
        if lacking:
            skipped.append(f"{name} not written: no {' or '.join(lacking)} text")
            continue
        src, tgt = (b, a) if srclang == b else (a, b)
        document, omitted = pair_document(alignment, src, tgt, flags)
        planned.append(_render(writer, document, out_dir / name, fmt, omitted))


def _render(writer: Writer, document: TmDocument, path: Path, fmt: str, omitted: int) -> _Planned:
    rendered: Rendered = writer.render(document)
    report = FileReport(
        path=path,
        format=fmt,
        langs=document.langs,
        units=len(document.units),
        merged=sum(1 for u in document.units if u.merged),
        omitted=omitted,
        cleaned_chars=rendered.cleaned_chars,
        cleaned_units=rendered.cleaned_units,
    )
    return _Planned(report, rendered.data)


def _summary(alignment: Alignment, planned: list[_Planned], skipped: list[str]) -> ExportSummary:
    return ExportSummary(
        alignment.doc_id,
        tuple(p.report for p in planned),
        missing_languages(alignment),
        tuple(skipped),
    )


def _file_stem(doc_id: str) -> str:
    if not doc_id or doc_id in (".", "..") or any(c in doc_id for c in "/\\\0"):
        raise BadInputError(f"document id {doc_id!r} cannot be used as a file name")
    return doc_id


def _write_all(planned: Sequence[_Planned]) -> None:
    for item in planned:
        path = item.report.path
        try:
            write_bytes_atomic(path, item.data)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise BadInputError(f"cannot write {path.name} into {path.parent}: {reason}") from None
