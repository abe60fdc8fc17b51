"""The review workbench: a local web application on a run's outputs (``triglot review OUT``).

Starlette routes that parse a request, call the library (:class:`align.pipeline.ReviewSession`,
the review store, the glossary, the concordance) and present the result with Jinja2
templates and a little plain JavaScript (``static/workbench.js``; no build step).

Pages: ``/`` documents · ``/doc/{id}`` units side by side with their flags · ``/terms``
termbase vetting · ``/search?q=`` concordance · ``/files/…`` the run's own files.
JSON API (POST): ``/api/doc/{id}/edit``, ``/api/doc/{id}/flag``, ``/api/doc/{id}/rewrite``,
``/api/rules``, ``/api/rules/{n}/delete``, ``/api/terms/status``, ``/api/terms/{id}``;
``/api/decisions.json`` and ``.csv`` export the decisions.

Security, because it is a server: it binds 127.0.0.1 unless told otherwise and answers
only to the host names it was started on (no DNS rebinding); the address it prints
carries a token made at start; the first visit trades it for a cookie (HttpOnly,
SameSite=Strict) and every request needs it; every write also needs the token in an
``X-Triglot-Token`` header (which a page of another site cannot send) and, when the
browser says where the request came from, the workbench's own origin; only files under
OUT are served; every text goes through Jinja2's autoescaping; bodies are bounded.
"""
from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import (FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse,
                                 Response)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from glossary.models import CANDIDATE, STATUSES

from ..checks.review import review_statuses
from ..errors import BadInputError, ConflictError, TriglotError, UsageError
from ..models import FLAG_STATUSES
from ..pipeline import ReviewSession
from ..checks.base import SILENCED
from ..report.html import cut_at_marks, unit_links
from ..review import EDIT_OPS, EditOp, texts_hash
from ..review.export import decisions_to_dict, render_decisions_csv

COOKIE = "triglot_token"  # + "_<port>": two workbenches in one browser keep their own
HEADER = "x-triglot-token"
MAX_BODY = 256 * 1024
HERE = Path(__file__).parent


class Workbench:
    """State of one workbench server: the run's outputs, the review session, the token."""

    def __init__(self, session: ReviewSession, token: str | None = None) -> None:
        import jinja2

        self.session = session
        self.out_dir = session.out_dir.resolve()
        self.token = token or secrets.token_urlsafe(24)
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(HERE / "templates")),
            autoescape=True, trim_blocks=True, lstrip_blocks=True)
        self.templates.filters["unit_links"] = unit_links

    def render(self, name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        page = self.templates.get_template(name).render(token=self.token, **values)
        return HTMLResponse(page, status_code=status_code, headers=_NO_STORE)

    # ------------------------------------------------------------------ views
    # Each reads files and SQLite: the handlers run them in a worker thread, never on the loop.
    def document_rows(self, doc_id: str) -> dict:
        """Everything the units page shows of one document."""
        alignment = self.session.alignment(doc_id)
        flags = self.session.flags(doc_id)
        decisions = self.session.review.decisions(doc_id)
        reviews = review_statuses(flags, decisions, self.session.review.rules())
        langs = list(alignment.texts)
        by_unit: dict[int, list] = {}
        for flag in flags:
            review = reviews.get(flag.key)
            decision = decisions.get(flag.key)
            by_unit.setdefault(flag.unit, []).append({
                "key": flag.key, "kind": flag.kind, "severity": flag.severity, "probability": flag.probability,
                "diverging": flag.diverging, "message": flag.message, "langs": list(flag.langs),
                "status": review.status if review else "open", "comment": review.comment if review else "",
                "revision": decision.revision if decision else 0, "highlights": flag.highlights,
            })
        rows = []
        for u, unit in enumerate(alignment.units):
            unit_flags = by_unit.get(u, [])
            cells = []
            for lang in langs:
                ids = unit.ids.get(lang, ())
                sentences = [{"id": i, "text": alignment.texts[lang].sentences[i].text} for i in ids]
                marks = [span for f in unit_flags for span in _spans_in(f, lang)]
                cells.append({"lang": lang, "sentences": sentences,
                              "pieces": _pieces(alignment.unit_text(unit, lang) if ids else "", marks)})
            rows.append({"unit": u, "number": u + 1, "score": unit.score, "cells": cells, "flags": unit_flags,
                         "kinds": sorted({f["kind"] for f in unit_flags}),
                         "statuses": sorted({f["status"] for f in unit_flags})})
        kinds = sorted({f.kind for f in flags})
        edits, applied = self.session.edit_state(doc_id)
        return {"doc_id": doc_id, "langs": langs, "rows": rows, "kinds": kinds,
                "revision": self.session.review.revision(doc_id), "edits": edits, "edits_applied": applied,
                "report": (self.out_dir / doc_id / "check.html").is_file(),
                "no_check_json": not (self.out_dir / doc_id / "check.json").is_file(),
                "counts": {s: sum(1 for r in rows for f in r["flags"] if f["status"] == s) for s in FLAG_STATUSES}}

    def document_list(self) -> list[dict]:
        """Every document with its counts; open flags as the decisions and rules stand now."""
        rules = self.session.review.rules()
        docs = []
        for doc_id in self.session.documents():
            info = {"doc_id": doc_id, "units": 0, "flags": 0, "open": 0, "edits": 0, "edits_applied": True,
                    "sentences": {}}
            try:
                alignment = self.session.alignment(doc_id)
                info["units"] = len(alignment.units)
                info["sentences"] = {lang: len(t.sentences) for lang, t in alignment.texts.items()}
                flags = self.session.flags(doc_id)
                reviews = review_statuses(flags, self.session.review.decisions(doc_id), rules)
                info["flags"] = len(flags)
                info["open"] = sum(1 for f in flags if f.key not in reviews or reviews[f.key].status not in SILENCED)
                stored = self.session.review.units(doc_id)
                if stored is not None:
                    info["edits"] = stored.edits
                    info["edits_applied"] = stored.texts_hash == texts_hash(alignment.texts)
            except TriglotError as exc:
                info["error"] = f"unreadable outputs ({exc})"
            docs.append(info)
        return docs


_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
             "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                        "frame-ancestors 'none'", "Referrer-Policy": "no-referrer"}


def _spans_in(flag: dict, lang: str):
    return [(a, b, (flag["kind"], flag["status"])) for a, b in flag["highlights"].get(lang, ())]


def _pieces(text: str, marks) -> list[dict]:
    """``text`` cut at the highlighted spans (start, end, (kind, status)): [{text, kinds, open}]."""
    return [{"text": piece, "kinds": " ".join(sorted({k for k, _ in covering})),
             "open": any(s not in SILENCED for _, s in covering)}
            for piece, covering in cut_at_marks(text, marks)]


# ---------------------------------------------------------------------- requests


async def _json_body(request: Request) -> dict:
    """A write's JSON body, after the token and origin checks that every write passes."""
    bench: Workbench = request.app.state.bench
    given = request.headers.get(HEADER, "")
    if not hmac.compare_digest(given.encode(), bench.token.encode()):
        raise HTTPException(403, "missing or wrong X-Triglot-Token header: reload the page")
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
        raise HTTPException(403, f"cross-site request refused (origin {origin})")
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise HTTPException(415, "send JSON (Content-Type: application/json)")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise HTTPException(413, f"request body over {MAX_BODY // 1024} KiB")
    body = bytearray()
    async for chunk in request.stream():  # a chunked body too: never more than the bound in memory
        body += chunk
        if len(body) > MAX_BODY:
            raise HTTPException(413, f"request body over {MAX_BODY // 1024} KiB")
    try:
        data = json.loads(bytes(body) or b"{}")
    except ValueError:
        raise HTTPException(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(400, "the body must be a JSON object")
    return data


def _int(data: dict, name: str, default: int | None = None) -> int:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise HTTPException(400, f"{name} must be a whole number")
    return value


def _str(data: dict, name: str, default: str = "") -> str:
    value = data.get(name, default)
    if not isinstance(value, str):
        raise HTTPException(400, f"{name} must be a string")
    return value


def cookie_name(port: int | None) -> str:
    return f"{COOKIE}_{port}" if port else COOKIE


def _doc(request: Request) -> str:
    bench: Workbench = request.app.state.bench
    doc_id = request.path_params["doc_id"]
    try:
        bench.session.document_dir(doc_id)
    except UsageError:
        raise HTTPException(404, f"no document {doc_id!r} in this run") from None
    return doc_id


async def index(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    docs = await _threaded(bench.document_list)
    run_files = [p.name for p in (bench.out_dir / "glossary.tbx", bench.out_dir / "glossary.tsv",
                                  bench.out_dir / "review-decisions.json", bench.out_dir / "review-decisions.csv")
                 if p.is_file()]
    return bench.render("index.html.j2", docs=docs, out_dir=str(bench.out_dir), run_files=run_files)


async def document(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    doc_id = _doc(request)
    rows = await _threaded(bench.document_rows, doc_id)
    return bench.render("document.html.j2", **rows, statuses=FLAG_STATUSES,
                        rules=await _threaded(bench.session.review.rules), ops=EDIT_OPS)


async def terms(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    status = request.query_params.get("status", "")

    def read():
        with bench.session.glossary() as store:
            if store is None:
                return [], {}
            return (sorted(store.entries([status] if status in STATUSES else None),
                           key=lambda e: (-e.confidence, e.entry_id)), {s: store.count([s]) for s in STATUSES})

    entries, counts = await _threaded(read)
    return bench.render("terms.html.j2", entries=entries, counts=counts, status=status,
                        statuses=STATUSES, has_glossary=bench.session.has_glossary)


async def search(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    query = request.query_params.get("q", "")
    hits = await _threaded(bench.session.concordance.search, query) if query.strip() else []
    results = []
    for hit in hits:
        cells = [{"lang": lang, "pieces": _pieces(text, [(a, b, ("match", "open")) for a, b in hit.spans.get(lang, ())])}
                 for lang, text in hit.texts.items()]
        results.append({"hit": hit, "cells": cells})
    return bench.render("search.html.j2", query=query, results=results)


async def files(request: Request) -> Response:
    """A file of the run (a report, a TMX): only under OUT, never a link out of it."""
    bench: Workbench = request.app.state.bench
    relative = request.path_params["path"]
    target = (bench.out_dir / relative).resolve()
    if not target.is_relative_to(bench.out_dir) or target.name.startswith(".") or not target.is_file():
        raise HTTPException(404, "no such file in this run's outputs")
    if target.suffix == ".db" or target.name.endswith((".db-journal", ".db-wal")):
        raise HTTPException(404, "the databases are not served")
    # A report's own script may run, but sandboxed: no access to the workbench's origin or cookie.
    return FileResponse(target, headers={"X-Content-Type-Options": "nosniff",
                                         "Content-Security-Policy": "sandbox allow-scripts"})


async def api_edit(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    data = await _json_body(request)
    doc_id = _doc(request)
    op = _str(data, "op")
    if op not in EDIT_OPS:
        raise HTTPException(400, f"unknown edit {op!r}; choose from {', '.join(EDIT_OPS)}")
    edit = EditOp(op, _int(data, "unit"), _str(data, "lang"), _int(data, "sentence", -1), _str(data, "to"))
    revision, alignment = await _threaded(bench.session.edit, doc_id, edit, _int(data, "revision"))
    return JSONResponse({"ok": True, "revision": revision, "units": len(alignment.units),
                         "done": edit.describe()})


async def api_undo(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    data = await _json_body(request)
    doc_id = _doc(request)
    revision, alignment = await _threaded(bench.session.undo, doc_id, _int(data, "revision"))
    return JSONResponse({"ok": True, "revision": revision, "units": len(alignment.units), "done": "last edit undone"})


async def api_rewrite(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    await _json_body(request)
    doc_id = _doc(request)
    written = await _threaded(bench.session.rewrite, doc_id)
    return JSONResponse({"ok": True, "written": [str(p.relative_to(bench.out_dir)) for p in written]})


async def api_flag(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    data = await _json_body(request)
    doc_id = _doc(request)
    comment = data.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise HTTPException(400, "comment must be a string")
    decision = await _threaded(bench.session.decide, doc_id, _str(data, "key"), _str(data, "status"), comment,
                               _int(data, "revision"))
    return JSONResponse({"ok": True, "status": decision.status, "comment": decision.comment,
                         "revision": decision.revision})


async def api_rule(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    data = await _json_body(request)
    rule = await _threaded(bench.session.add_rule, _str(data, "pattern"), _str(data, "kind"),
                           bool(data.get("regex")), _str(data, "note"))
    return JSONResponse({"ok": True, "id": rule.id})


async def api_rule_delete(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    await _json_body(request)
    await _threaded(bench.session.remove_rule, int(request.path_params["rule_id"]))
    return JSONResponse({"ok": True})


async def api_term_status(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    data = await _json_body(request)
    status = _str(data, "status")
    if status not in STATUSES:
        raise HTTPException(400, f"unknown status {status!r}; choose from {', '.join(STATUSES)}")
    if not bench.session.has_glossary:
        raise HTTPException(404, "this run has no glossary")
    least, ids = data.get("min_confidence"), data.get("ids")
    if "min_confidence" in data:
        if isinstance(least, bool) or not isinstance(least, (int, float)) or not 0 <= least <= 1:
            raise HTTPException(400, "min_confidence must be a number from 0 to 1")
    elif not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or not ids or len(ids) > 100_000:
        raise HTTPException(400, "ids must be a list of entry ids")

    def decide() -> int:
        with bench.session.glossary() as store:
            chosen = ([e.entry_id for e in store.entries([CANDIDATE]) if e.confidence >= least]
                      if "min_confidence" in data else ids)
            missing = [i for i in chosen if store.get(i) is None]
        if missing:
            raise HTTPException(404, f"no entry {missing[0]!r}")
        return len(bench.session.set_term_status(chosen, status)) if chosen else 0

    changed = await _threaded(decide)
    return JSONResponse({"ok": True, "changed": changed, "status": status})


async def api_term_edit(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    data = await _json_body(request)
    terms = data.get("terms", {})
    if not isinstance(terms, dict) or not all(isinstance(v, str) for v in terms.values()):
        raise HTTPException(400, "terms must map a language to a form")
    fields = {name: _str(data, name) for name in ("note", "definition", "domain") if name in data}

    def update():
        with bench.session.glossary() as store:
            entry = store.get(request.path_params["entry_id"]) if store else None
        if entry is None:
            raise HTTPException(404, "no such entry")
        forms, variants = dict(entry.terms), {k: list(v) for k, v in entry.variants.items()}
        for lang, value in terms.items():
            value, old = " ".join(value.split()), entry.terms.get(lang)
            if lang not in ("zh", "fr", "en") or value == old:
                continue
            kept = [v for v in variants.get(lang, []) if v != value]
            if not value:  # cleared: its first variant (if any) becomes the term
                forms.pop(lang, None)
                if kept:
                    forms[lang] = kept.pop(0)
            else:  # a new preferred form: the old one stays, as a variant
                forms[lang] = value
                kept = ([old] if old else []) + kept
            variants[lang] = kept
        try:
            edited = replace(entry, terms=forms, variants={k: tuple(v) for k, v in variants.items() if v}, **fields)
        except BadInputError as exc:
            raise HTTPException(400, str(exc)) from None
        return bench.session.update_term(edited)

    saved = await _threaded(update)
    return JSONResponse({"ok": True, "entry_id": saved.entry_id, "terms": dict(saved.terms), "note": saved.note,
                         "definition": saved.definition, "domain": saved.domain})


async def api_decisions_json(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    return JSONResponse(await _threaded(decisions_to_dict, bench.session.review))


async def api_decisions_csv(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    return Response(await _threaded(render_decisions_csv, bench.session.review), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="review-decisions.csv"'})


async def _threaded(function, *args):
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args)


# ---------------------------------------------------------------------- the app


class _TokenGate:
    """ASGI middleware: the Host header must name the workbench (no DNS rebinding); the
    token of the printed address is traded for a cookie; every request without it is
    refused (static files included)."""

    def __init__(self, app, token: str, hosts: tuple[str, ...]) -> None:
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        if "*" not in self.hosts and host_name(request.headers.get("host", "")) not in self.hosts:
            return await PlainTextResponse("unknown host", status_code=400)(scope, receive, send)
        name = cookie_name((scope.get("server") or (None, None))[1])
        given = request.query_params.get("token")
        if given is not None and hmac.compare_digest(given.encode(), self.token.encode()):
            query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            response = RedirectResponse(request.url.path + (f"?{query}" if query else ""), status_code=303)
            response.set_cookie(name, self.token, httponly=True, samesite="strict", path="/")
            return await response(scope, receive, send)
        cookie = request.cookies.get(name, "")
        if not hmac.compare_digest(cookie.encode(), self.token.encode()):
            page = ("<!DOCTYPE html><meta charset=utf-8><title>triglot review</title>"
                    "<p>Open the address <code>triglot review</code> printed (it carries this session's token).</p>")
            return await HTMLResponse(page, status_code=403)(scope, receive, send)
        return await self.app(scope, receive, send)


def host_name(header: str) -> str:
    """The host of a Host header: ``[::1]:8765`` → ``::1``, ``localhost:8765`` → ``localhost``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _error_handlers(bench: Workbench) -> dict:
    def respond(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/") or request.method != "GET":
            return JSONResponse({"ok": False, "error": message}, status_code=status)
        return bench.render("error.html.j2", status_code=status, status=status, message=message)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        return respond(request, exc.status_code, str(exc.detail))

    async def triglot_error(request: Request, exc: TriglotError) -> Response:
        status = 409 if isinstance(exc, ConflictError) else 400 if isinstance(exc, (UsageError, BadInputError)) else 500
        return respond(request, status, str(exc))

    return {HTTPException: http_error, TriglotError: triglot_error}


def create_app(session: ReviewSession, *, token: str | None = None,
               hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")) -> Starlette:
    """The workbench application; ``hosts`` are the names a Host header may give ("*": any,
    for a server listening on every interface)."""
    bench = Workbench(session, token)
    routes = [
        Route("/", index), Route("/doc/{doc_id}", document), Route("/terms", terms), Route("/search", search),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/files/{path:path}", files),
        Route("/api/doc/{doc_id}/edit", api_edit, methods=["POST"]),
        Route("/api/doc/{doc_id}/flag", api_flag, methods=["POST"]),
        Route("/api/doc/{doc_id}/undo", api_undo, methods=["POST"]),
        Route("/api/doc/{doc_id}/rewrite", api_rewrite, methods=["POST"]),
        Route("/api/rules", api_rule, methods=["POST"]),
        Route("/api/rules/{rule_id:int}/delete", api_rule_delete, methods=["POST"]),
        Route("/api/terms/status", api_term_status, methods=["POST"]),
        Route("/api/terms/{entry_id}", api_term_edit, methods=["POST"]),
        Route("/api/decisions.json", api_decisions_json), Route("/api/decisions.csv", api_decisions_csv),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers=_error_handlers(bench),
                    middleware=[Middleware(_TokenGate, token=bench.token, hosts=tuple(h.lower() for h in hosts))])
    app.state.bench = bench
    return app

