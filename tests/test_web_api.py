"""The workbench's HTTP API on a real server (`triglot review --port 0` in a subprocess):
the token gate, CSRF and host checks, bad requests, conflicts, and escaping."""
from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

from align.pipeline import run
from support.review import DOC, Server, check_report, copy_run, run_config

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    made = tmp_path_factory.mktemp("run") / "out"
    assert run(run_config(made)).ok
    out = copy_run(made, tmp_path_factory.mktemp("served"))
    # a version holding markup: the workbench must show it as text
    alignment = out / DOC / "alignment.json"
    payload = json.loads(alignment.read_text(encoding="utf-8"))
    payload["texts"]["en"][0]["text"] = "<script>alert('x')</script> Joint Statement"
    alignment.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    served = Server(out)
    served.out = out
    yield served
    served.stop()


def request(server, method, path, body=None, *, cookie=True, token=True, headers=None):
    parts = urlsplit(server.base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    sent = dict(headers or {})
    if cookie:
        sent.setdefault("Cookie", server.cookie)
    if body is not None:
        sent.setdefault("Content-Type", "application/json")
        if token:
            sent.setdefault("X-Triglot-Token", server.token)
    conn.request(method, path, json.dumps(body) if body is not None else None, sent)
    response = conn.getresponse()
    data = response.read().decode("utf-8")
    conn.close()
    return response.status, data, response


def test_the_printed_address_trades_its_token_for_a_cookie(server):
    status, _, response = request(server, "GET", f"/?token={server.token}", cookie=False)
    assert status == 303 and response.getheader("Location") == "/"
    cookie = response.getheader("Set-Cookie")
    assert cookie.startswith(server.cookie) and "HttpOnly" in cookie and "SameSite=strict" in cookie
    # the rest of the address survives, encoded
    status, _, response = request(server, "GET", f"/search?q=a%26b%23c&x=1&token={server.token}", cookie=False)
    assert response.getheader("Location") == "/search?q=a%26b%23c&x=1"


@pytest.mark.parametrize("path", ["/", f"/doc/{DOC}", "/terms", "/static/workbench.js", f"/files/{DOC}/check.html"])
def test_without_the_token_nothing_is_served(server, path):
    status, data, _ = request(server, "GET", path, cookie=False)
    assert status == 403 and "triglot review" in data
    status, _, _ = request(server, "GET", path, cookie=False, headers={"Cookie": server.cookie[:-4] + "gues"})
    assert status == 403
    # another workbench's cookie (another port) is not this one's
    other = f"triglot_token_1={server.token}"
    assert request(server, "GET", path, cookie=False, headers={"Cookie": other})[0] == 403


def test_pages_answer_and_show_markup_as_text(server):
    status, page, response = request(server, "GET", f"/doc/{DOC}")
    assert status == 200 and "default-src 'self'" in response.getheader("Content-Security-Policy")
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    for path in ("/", "/terms", "/search?q=%E4%BA%BA%E5%B7%A5%E6%99%BA%E6%85%A7"):
        assert request(server, "GET", path)[0] == 200


def test_a_write_needs_the_header_token_json_and_the_own_origin(server):
    body = {"key": "0" * 20, "status": "dismissed", "revision": 0}
    status, data, _ = request(server, "POST", f"/api/doc/{DOC}/flag", body, token=False)
    assert status == 403 and "X-Triglot-Token" in json.loads(data)["error"]
    status, data, _ = request(server, "POST", f"/api/doc/{DOC}/flag", body, headers={"Origin": "http://evil.example"})
    assert status == 403 and "cross-site" in json.loads(data)["error"]
    status, _, _ = request(server, "POST", f"/api/doc/{DOC}/flag", body, headers={"Content-Type": "text/plain"})
    assert status == 415
    status, _, _ = request(server, "GET", "/", headers={"Host": "rebound.example:80"})
    assert status == 400  # a foreign Host header (DNS rebinding) is refused


@pytest.mark.parametrize("path, body, code, says", [
    (f"/api/doc/{DOC}/edit", {"op": "merge", "unit": 999, "revision": 0}, 400, "no unit 1000"),
    (f"/api/doc/{DOC}/edit", {"op": "explode", "unit": 1, "revision": 0}, 400, "unknown edit"),
    (f"/api/doc/{DOC}/edit", {"op": "merge", "unit": "1", "revision": 0}, 400, "whole number"),
    (f"/api/doc/{DOC}/edit", {"op": "merge", "unit": 1, "revision": 7}, 409, "changed since"),
    ("/api/doc/no-such-doc/edit", {"op": "merge", "unit": 1, "revision": 0}, 404, "no document"),
    (f"/api/doc/{DOC}/flag", {"key": "0123456789abcdef0123", "status": "dismissed", "revision": 0}, 400,
     "no flag '0123456789abcdef0123' in the report"),
    ("/api/terms/status", {"ids": ["t-no-such"], "status": "approved"}, 404, "no entry"),
    ("/api/terms/status", {"min_confidence": 3, "status": "approved"}, 400, "from 0 to 1"),
    ("/api/rules", {"pattern": "(", "regex": True}, 400, "not a regular expression"),
])
def test_bad_requests_get_one_clear_answer(server, path, body, code, says):
    status, data, _ = request(server, "POST", path, body)
    assert status == code and says in json.loads(data)["error"]


def test_a_stale_flag_decision_is_a_conflict_and_loses_nothing(server):
    key = check_report(server.out)["flags"][0]["key"]
    status, data, _ = request(server, "POST", f"/api/doc/{DOC}/flag", {"key": key, "status": "dismissed",
                                                                       "comment": "first tab", "revision": 0})
    assert status == 200 and json.loads(data)["revision"] == 1
    status, data, _ = request(server, "POST", f"/api/doc/{DOC}/flag", {"key": key, "status": "confirmed",
                                                                       "comment": "second tab", "revision": 0})
    assert status == 409 and "reload" in json.loads(data)["error"]
    exported = json.loads(request(server, "GET", "/api/decisions.json")[1])
    (row,) = [f for f in exported["flags"] if f["flag_key"] == key]
    assert (row["status"], row["comment"]) == ("dismissed", "first tab")


@pytest.mark.parametrize("path", ["/files/../../../etc/passwd", "/files/%2e%2e/%2e%2e/etc/passwd", "/files/review.db",
                                  "/files/glossary.db", "/files/.ai-governance-2024.partial/x"])
def test_nothing_outside_the_outputs_and_no_database_is_served(server, path):
    assert request(server, "GET", path)[0] == 404


def test_the_concordance_finds_taiwan_forms_typos_and_pinyin(server):
    for query, mode in (("%E4%BA%BA%E5%B7%A5%E6%99%BA%E6%85%A7", "phrasing"), ("governence", "fuzzy"),
                        ("rengongzhineng", "pinyin")):
        page = request(server, "GET", f"/search?q={query}")[1]
        assert f'data-mode="{mode}"' in page, query


def test_terms_are_edited_and_approved_in_bulk_and_the_tbx_follows(server):
    from glossary.store import GlossaryStore

    with GlossaryStore(server.out / "glossary.db") as store:
        entries = sorted(store.entries(["candidate"]), key=lambda e: -e.confidence)
    entry = entries[0]
    old_en = entry.terms["en"]
    status, data, _ = request(server, "POST", f"/api/terms/{entry.entry_id}",
                              {"terms": {"en": "AI"}, "definition": "Machines that learn <fast>.", "domain": "computing",
                               "note": "line one\nline two"})
    assert status == 200 and json.loads(data)["terms"]["en"] == "AI"
    with GlossaryStore(server.out / "glossary.db") as store:
        edited = store.get(entry.entry_id)
    assert old_en in edited.variants["en"] and edited.note == "line one\nline two"  # nothing lost
    tbx = (server.out / "glossary.tbx").read_text(encoding="utf-8")
    assert '<descrip type="subjectField">computing</descrip>' in tbx and "Machines that learn &lt;fast&gt;." in tbx
    least = entries[min(4, len(entries) - 1)].confidence
    status, data, _ = request(server, "POST", "/api/terms/status", {"min_confidence": least, "status": "approved"})
    approved = json.loads(data)["changed"]
    assert status == 200 and approved >= 1
    tbx = (server.out / "glossary.tbx").read_text(encoding="utf-8")
    assert tbx.count("preferredTerm-admn-sts") >= approved
    page = request(server, "GET", "/terms?status=approved")[1]
    assert page.count('class="term st-approved"') == approved


def test_review_refuses_a_missing_run_and_a_taken_port(tmp_path, server):
    import subprocess
    import sys

    missing = subprocess.run([sys.executable, "-m", "align.cli", "review", str(tmp_path / "nothing"), "--port", "0"],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no run output here" in missing.stderr
    port = server.base.rsplit(":", 1)[1]
    taken = subprocess.run([sys.executable, "-m", "align.cli", "review", str(server.out), "--port", port],
                           capture_output=True, text=True, timeout=60)
    assert taken.returncode == 1 and "cannot listen" in taken.stderr and "--port 0" in taken.stderr


def test_a_pathological_regular_expression_rule_holds_nothing_up(server):
    import time

    status, data, _ = request(server, "POST", "/api/rules", {"pattern": "(.+)+#", "regex": True, "kind": "name"})
    assert status == 200
    rule = json.loads(data)["id"]
    try:
        start = time.monotonic()
        assert request(server, "GET", f"/doc/{DOC}")[0] == 200 and request(server, "GET", "/")[0] == 200
        assert time.monotonic() - start < 10
    finally:
        assert request(server, "POST", f"/api/rules/{rule}/delete", {})[0] == 200
    exported = json.loads((server.out / "review-decisions.json").read_text(encoding="utf-8"))
    assert exported["ignore_rules"] == []  # the file follows rules added and removed


def test_files_are_served_sandboxed(server):
    status, _, response = request(server, "GET", f"/files/{DOC}/check.html")
    assert status == 200 and response.getheader("Content-Security-Policy") == "sandbox allow-scripts"


def test_a_body_over_the_limit_is_refused_before_it_is_read(server):
    status, data, _ = request(server, "POST", "/api/rules", None,
                              headers={"Content-Type": "application/json", "X-Triglot-Token": server.token,
                                       "Content-Length": str(10**9)})
    assert status == 413


@pytest.mark.parametrize("header, host", [("127.0.0.1:8765", "127.0.0.1"), ("[::1]:8765", "::1"), ("LOCALHOST", "localhost"),
                                          ("[::1]", "::1"), ("example.org:80", "example.org")])
def test_host_names_are_read_from_host_headers_ipv6_included(header, host):
    from align.web.app import host_name

    assert host_name(header) == host
