"""``triglot glossary`` against hostile surroundings: unusable paths, read-only and locked
databases, special files, huge numbers, bytes that are not UTF-8.  Each failure is one
``triglot: error:`` line with its exit code, and leaves no file behind."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import app
from glossary.store import GlossaryStore

runner = CliRunner()
as_root = pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def failed(result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert result.output.startswith("triglot: error: ") and result.output.count("\n") == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    for word in words:
        assert word in result.output


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "g.db"
    assert run("add", "--zh", "猫", "--en", "cat", "--db", path).exit_code == 0
    return path


@pytest.fixture
def tsv(tmp_path):
    path = tmp_path / "dog.tsv"
    path.write_text("zh\ten\n狗\tdog\n", encoding="utf-8")
    return path


def test_a_db_under_a_regular_file_is_one_error(tmp_path):
    (tmp_path / "afile").write_text("x")
    before = files(tmp_path)
    for db in (tmp_path / "afile" / "g.db", tmp_path / "afile" / "sub" / "g.db"):
        failed(run("add", "--zh", "猫", "--en", "cat", "--db", db), 1,
               "cannot write", "afile is a file, not a folder")
    assert files(tmp_path) == before


@as_root
def test_a_db_in_a_folder_that_cannot_be_written_is_one_error(tmp_path):
    locked = tmp_path / "ro"
    locked.mkdir(mode=0o555)
    for db in (locked / "sub" / "g.db", locked / "g.db"):
        failed(run("add", "--zh", "猫", "--en", "cat", "--db", db), 1, "cannot write")
    assert list(locked.iterdir()) == []


def test_a_failed_import_leaves_neither_database_nor_folders(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("zh\ten\n互操作性\n", encoding="utf-8")
    before = files(tmp_path)
    failed(run("import", bad, "--db", tmp_path / "new" / "deeper" / "g.db"), 1, "bad.tsv, line 2")
    assert files(tmp_path) == before


@pytest.fixture
def read_only(monkeypatch):
    """Open every glossary read-only (SQLite's mode=ro): writes then fail with the error a
    chmod 444 file or a read-only folder gives, 'attempt to write a readonly database'."""
    connect = GlossaryStore._connect
    monkeypatch.setattr(GlossaryStore, "_connect", lambda self, mode: connect(self, "ro"))


@pytest.mark.parametrize("command", [
    ["add", "--zh", "狗", "--en", "dog"], ["approve", "猫"], ["reject", "猫"],
    ["import", "TSV"]])
def test_writing_a_read_only_glossary_is_one_error(db, tsv, read_only, command):
    before = db.read_bytes()
    result = run(*[tsv if arg == "TSV" else arg for arg in command], "--db", db)
    failed(result, 1, f"{db}: the glossary is read-only")
    assert db.read_bytes() == before and files(db.parent) == {db, tsv}


def test_a_read_only_glossary_can_still_be_searched(db, read_only):
    result = run("search", "猫", "--db", db)
    assert result.exit_code == 0 and "cat" in result.output


@as_root
def test_a_chmod_444_glossary_is_read_only(db):
    db.chmod(0o444)
    failed(run("add", "--zh", "狗", "--en", "dog", "--db", db), 1, "the glossary is read-only")


def test_a_locked_glossary_says_so(db, tsv, monkeypatch):
    monkeypatch.setattr(GlossaryStore, "BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for command in (["search", "猫"], ["show", "猫"], ["add", "--zh", "狗"],
                        ["approve", "猫"], ["export", db.parent / "out.tsv"], ["import", tsv]):
            result = run(*command, "--db", db)
            failed(result, 1, f"{db}: the glossary is locked by another program")
            assert "not a glossary" not in result.output
    finally:
        holder.close()
    assert not (db.parent / "out.tsv").exists()


NUMBER = "9" * 5000


@pytest.mark.parametrize("name, text", [
    ("big.tsv", f"zh\ten\tfrequency\n狗\tdog\t{NUMBER}\n"),
    ("big.tbx", '<?xml version="1.0" encoding="UTF-8"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2">'
                '<text><body><conceptEntry id="a">'
                f"<note>triglot: confidence=0.5; frequency={NUMBER}</note>"
                '<langSec xml:lang="en"><termSec><term>dog</term></termSec></langSec>'
                "</conceptEntry></body></text></tbx>\n"),
])
def test_a_huge_frequency_is_too_large_and_shown_short(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("import", path, "--db", tmp_path / "g.db")
    failed(result, 1, f"{name}, line ", "frequency 99999999999999999999… is too large")
    assert len(result.output) < 200 and not (tmp_path / "g.db").exists()


@pytest.mark.parametrize("limit", ["9223372036854775807", "99999999999999999999999"])
def test_a_huge_limit_means_all(db, limit):
    result = run("search", "猫", "--db", db, "--limit", limit)
    assert result.exit_code == 0 and "cat" in result.output


@pytest.mark.parametrize("command, what", [
    (["search", "\udcff\udcfe"], "the query"),
    (["show", "\udcff"], "the entry id or term"),
    (["approve", "\udcff"], "the entry id or term"),
    (["add", "--zh", "\udcff", "--en", "x"], "--zh"),
    (["add", "--zh", "鱼", "--note", "a\udcff"], "--note"),
    (["add", "--zh", "鱼", "--term", "es=\udcff"], "--term"),
    (["search", "猫", "--lang", "\udcff"], "--lang"),
])
def test_bytes_that_are_not_utf8_are_a_usage_error(db, command, what):
    # Python hands such bytes of argv over as lone surrogates (surrogateescape).
    before = files(db.parent)
    for target in (db, db.parent / "new.db") if command[0] == "add" else (db,):
        failed(run(*command, "--db", target), 2, f"{what} is not valid text (invalid UTF-8 bytes)")
    assert files(db.parent) == before


def test_real_invalid_utf8_argv_through_the_triglot_command(db, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    base = [sys.executable, "-m", "align.cli", "glossary"]
    for args, code, words in (
            ([b"search", b"\xff\xfe", b"--db", os.fsencode(db)], 2, "the query is not valid text"),
            ([b"add", b"--zh", b"\xff", b"--db", os.fsencode(tmp_path / "new.db")], 2,
             "--zh is not"),
            ([b"search", "猫".encode(), b"--db", os.fsencode(fifo)], 1, "not a regular file")):
        done = subprocess.run(base + args, capture_output=True, timeout=60)  # a FIFO must not hang
        assert done.returncode == code, done.stderr
        assert done.stderr.decode().startswith("triglot: error: ") and words in done.stderr.decode()
        assert b"Traceback" not in done.stderr
    assert not (tmp_path / "new.db").exists()


def test_a_device_as_database_is_refused_before_opening(tmp_path, tsv):
    null = tmp_path / "null"
    null.symlink_to(os.devnull)  # a character device
    before = files(tmp_path)
    for command in (["import", tsv], ["search", "猫"], ["add", "--zh", "猫"]):
        failed(run(*command, "--db", null), 1, "not a regular file (a device, pipe or socket)")
    assert files(tmp_path) == before


def test_importing_from_a_device_is_refused_and_creates_nothing(tmp_path):
    zero = tmp_path / "zero"
    zero.symlink_to("/dev/zero")  # would never end
    before = files(tmp_path)
    failed(run("import", zero, "--format", "tsv", "--db", tmp_path / "new.db"), 1,
           "a device or socket, not a file to import")
    assert files(tmp_path) == before


def test_an_import_reads_its_file_before_creating_the_glossary(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    db = tmp_path / "new.db"
    seen = {}

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as pipe:  # blocks until the import opens it
            seen["db while reading"] = db.exists()
            pipe.write("zh\ten\n狗\tdog\n")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = run("import", fifo, "--format", "tsv", "--db", db)
    writer.join(10)
    assert result.exit_code == 0 and "1 new" in result.output
    assert seen == {"db while reading": False}


def test_an_unknown_language_is_a_usage_error(db):
    failed(run("search", "猫", "--lang", "de", "--db", db), 2, "unknown language code 'de'")
    assert run("search", "猫", "--lang", "zh-CN", "--db", db).exit_code == 0
    assert run("add", "--zh", "狗", "--term", "es=perro", "--db", db).exit_code == 0
    result = run("search", "perro", "--lang", "es", "--db", db)  # a language the glossary has
    assert result.exit_code == 0 and "perro" in result.output
