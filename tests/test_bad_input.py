"""Bad input that used to get through (issue 18 item 5), tried through the real CLI.

Each refusal is what a user sees: one line on stderr naming the file (and line or field),
exit status 2, and the database file byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import CLI, FIXTURES

CONTRACTS = FIXTURES / "contracts" / "dev"
SIMPLIFIED = CONTRACTS / "zh01_taobao_cs_full.txt"
TRADITIONAL = CONTRACTS / "zh06_traditional_taobao.txt"
VENDOR = "杭州云帆客服外包有限公司"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(r: subprocess.CompletedProcess[str], *names: str) -> str:
    """The one stderr line of a refusal; it names each of `names`."""
    assert r.returncode == 2, (r.returncode, r.stdout[-500:], r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    for name in names:
        assert name in lines[0], lines[0]
    return lines[0]


# --- contracts ---------------------------------------------------------------------------------


def _empty_docx(path: Path) -> None:
    import zipfile

    body = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", body)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("blank.md", " \n\t\r\n\u3000\u200b\ufeff\n".encode()),
        ("rules.txt", b"----\n====\n...\n"),
        ("empty.docx", None),
    ],
)
def test_an_empty_contract_is_refused_by_scan_and_assess(
    run_cli: CLI, demo_db: Path, tmp_path: Path, name: str, content: bytes | None
) -> None:
    f = tmp_path / name
    _empty_docx(f) if content is None else f.write_bytes(content)
    before = sha(demo_db)
    line = refused(run_cli("contract", "scan", str(f)), name)
    assert "empty" in line
    refused(run_cli("assess", VENDOR, "--contract", str(f)), name)
    assert sha(demo_db) == before  # no suggested answers, no red flags, no draft


def _scan(run_cli: CLI, f: Path) -> dict[str, object]:
    r = run_cli("contract", "scan", str(f), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    data.pop("file")
    return data


@pytest.mark.parametrize(
    ("source", "codec", "named"),
    [
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "utf-16", "utf-16"),  # Notepad's "Unicode": little-endian with a BOM
        (SIMPLIFIED, "utf-16-be", "utf-16"),  # no BOM: detected
        (SIMPLIFIED, "utf-8-sig", "utf-8"),
        (TRADITIONAL, "big5", "big5"),
        (CONTRACTS / "en01_cs_client_provider.txt", "utf-16-le", "utf-16"),  # valid UTF-8, too
    ],
)
def test_a_chinese_windows_encoding_scans_like_its_utf8_twin(
    run_cli: CLI, tmp_path: Path, source: Path, codec: str, named: str
) -> None:
    twin = tmp_path / "utf8.txt"
    twin.write_bytes(source.read_bytes())
    other = tmp_path / f"{codec}.txt"
    other.write_bytes(source.read_text(encoding="utf-8").encode(codec))
    want, got = _scan(run_cli, twin), _scan(run_cli, other)
    assert want.pop("encoding") == "utf-8"
    assert got.pop("encoding") == named
    assert got == want  # same clauses, same quotes, same offsets
    table = run_cli("contract", "scan", str(other))
    assert f"[{named}]" in table.stdout.splitlines()[0]


def test_a_gbk_answers_file_is_read(run_cli: CLI, demo_db: Path, tmp_path: Path) -> None:
    """Answers, quotes and profiles are text too: the same decoding serves them."""
    f = tmp_path / "answers.yaml"
    f.write_bytes(
        "answers:\n  qual.licence_checked: {value: yes, note: 营业执照已核验}\n".encode("gbk")
    )
    r = run_cli("assess", VENDOR, "--answers", str(f))
    assert r.returncode == 0, r.stderr
    assert "营业执照已核验" in run_cli("export", VENDOR).stdout


def test_bytes_in_no_known_encoding_are_refused(run_cli: CLI, tmp_path: Path) -> None:
    f = tmp_path / "blob.txt"
    f.write_bytes(bytes(range(256)) * 8)
    assert "encoding" in refused(run_cli("contract", "scan", str(f)), "blob.txt")


def zip_bomb(path: Path, inflated: int = 2**30, claimed: int | None = None) -> None:
    """A ~1 MB .docx whose word/document.xml inflates to `inflated` bytes; its zip directory
    claims `claimed` (a forged size) or the truth. Written by hand: each 1 MB paragraph is
    deflated once (after a full flush the compressor's output repeats), so building it is fast."""
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    chunk = b"<w:p><w:r><w:t>" + b"A" * (2**20 - 33) + b"</w:t></w:r></w:p>"
    n = (inflated - len(head)) // len(chunk)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    data = start + block * n + c.flush()
    crc = zlib.crc32(head)
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    size = len(head) + n * len(chunk) if claimed is None else claimed
    name = b"word/document.xml"
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0
    )
    central = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0, 0,
        0, 0, 0, 0,
    )  # fmt: skip
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(name),
                      len(local) + len(name) + len(data), 0)  # fmt: skip
    path.write_bytes(local + name + data + central + name + end)


def peak_rss_mb(args: list[str], tmp_path: Path) -> tuple[int, str, float]:
    """(exit status, stderr, peak resident memory in MB) of one CLI run, measured by wait4."""
    env = {**os.environ, "VENDORCHECK_LANG": "en"}
    with open(tmp_path / "err", "w+") as err:
        p = subprocess.Popen(
            [sys.executable, "-m", "vendorcheck", "--db", str(tmp_path / "m.db"), *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
        )
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return p.returncode, err.read(), usage.ru_maxrss / 1024


@pytest.mark.parametrize("claimed", [None, 1000], ids=["honest-directory", "forged-directory"])
def test_a_docx_zip_bomb_is_refused_without_growing_memory(
    run_cli: CLI, demo_db: Path, tmp_path: Path, claimed: int | None
) -> None:
    bomb = tmp_path / "bomb.docx"
    zip_bomb(bomb, claimed=claimed)
    assert bomb.stat().st_size < 2 * 2**20  # ~1 MB on disk, 1 GB inflated
    before = sha(demo_db)
    line = refused(run_cli("assess", VENDOR, "--contract", str(bomb)), "bomb.docx")
    assert ("MB" in line) if claimed is None else ("Word" in line)
    assert sha(demo_db) == before
    code, err, peak = peak_rss_mb(["contract", "scan", str(bomb)], tmp_path)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert peak < 300, f"peak memory {peak:.0f} MB while refusing a zip bomb"


def test_a_docx_with_entities_is_refused(run_cli: CLI, tmp_path: Path) -> None:
    import zipfile

    f = tmp_path / "laughs.docx"
    lol = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><d>&b;</d>'
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("word/document.xml", lol)
    refused(run_cli("contract", "scan", str(f)), "laughs.docx")


def test_a_pdf_past_the_page_or_size_cap_is_refused(run_cli: CLI, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    long_pdf = tmp_path / "long.pdf"
    pdf = pdfium.PdfDocument.new()
    for _ in range(501):
        pdf.new_page(595, 842)
    pdf.save(str(long_pdf))
    pdf.close()
    assert "501 pages" in refused(run_cli("contract", "scan", str(long_pdf)), "long.pdf")
    big = tmp_path / "big.pdf"
    with open(big, "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(65 * 2**20)  # sparse: no 65 MB written to the test machine's disk
    assert "64 MB" in refused(run_cli("contract", "scan", str(big)), "big.pdf")


# --- the database file -------------------------------------------------------------------------


def _foreign(path: Path, wal: bool) -> None:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.execute("INSERT INTO photos (path) VALUES ('a.jpg')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_another_applications_sqlite_file_is_refused_untouched(
    run_cli: CLI, tmp_path: Path, wal: bool
) -> None:
    other = tmp_path / "photos.db"
    _foreign(other, wal)
    before = sha(other)
    for args in (["vendor", "list"], ["demo"], ["init", str(other)]):
        line = refused(run_cli(*args, db=other), "photos.db")
        assert "not a vendorcheck database" in line and "photos" in line
    assert sha(other) == before
    assert sorted(p.name for p in tmp_path.glob("photos.db*")) == ["photos.db"]  # no -wal/-shm


def test_a_file_that_is_not_sqlite_is_refused_untouched(run_cli: CLI, tmp_path: Path) -> None:
    f = tmp_path / "notes.db"
    f.write_text("my notes\n")
    refused(run_cli("vendor", "list", db=f), "notes.db")
    assert f.read_text() == "my notes\n"


def test_a_missing_folder_is_refused_and_init_creates_it(run_cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "typo" / "archive.db"
    line = refused(run_cli("vendor", "add", "某某客服", db=db), "archive.db")
    assert "vendorcheck init" in line
    assert not db.parent.exists()
    r = run_cli("init", str(db))
    assert r.returncode == 0 and db.is_file(), r.stderr
    assert run_cli("vendor", "add", "某某客服", db=db).returncode == 0
    assert "Already" in run_cli("init", db=db).stdout  # `--db PATH init` works too


def test_the_default_location_is_still_created(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "VENDORCHECK_DB"}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), VENDORCHECK_LANG="en")
    r = subprocess.run(
        [sys.executable, "-m", "vendorcheck", "vendor", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "xdg" / "vendorcheck" / "vendorcheck.db").is_file()


def test_a_dropped_table_is_a_named_error(run_cli: CLI, demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TABLE answers")
    conn.commit()
    conn.close()
    assert "damaged" in refused(run_cli("verify"), demo_db.name)


# --- answers files and bundles -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("dup.yaml", "answers:\n  qual.licence_checked: yes\n  qual.licence_checked: no\n", 3),
        (
            "dup.json",
            '{"answers": {\n "qual.licence_checked": {"value": "yes", "note": "a"},\n'
            ' "contract.no_shop_loans": "yes",\n "qual.licence_checked": "no"}}',
            4,
        ),
        ("nested.yaml", "answers:\n  qual.licence_checked:\n    value: yes\n    value: no\n", 4),
    ],
)
def test_a_duplicate_key_is_refused_with_its_line(
    run_cli: CLI, demo_db: Path, tmp_path: Path, name: str, text: str, line: int
) -> None:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    before = sha(demo_db)
    msg = refused(run_cli("assess", VENDOR, "--answers", str(f)), f"{name}:{line}")
    assert "appears twice" in msg and ("qual.licence_checked" in msg or "'value'" in msg)
    assert sha(demo_db) == before


DEEP = 100_000
NESTED = {
    "deep.toml": "a = " + "[" * DEEP + "]" * DEEP + "\n",
    "deep.json": '{"answers": ' + "[" * DEEP + "]" * DEEP + "}",
    "deep.yaml": "answers: " + "[" * DEEP + "]" * DEEP,
    "tables.toml": "a = " + "{b = " * 5000 + "1" + "}" * 5000,
    "list.json": "[" * DEEP + "]" * DEEP,
}


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["assess", VENDOR, "--answers"], "deep.toml"),
        (["assess", VENDOR, "--answers"], "deep.json"),
        (["assess", VENDOR, "--answers"], "deep.yaml"),
        (["checklist", "validate"], "deep.toml"),
        (["import"], "list.json"),
        (["quote", "set", VENDOR, "--file"], "tables.toml"),
    ],
    ids=["assess-toml", "assess-json", "assess-yaml", "checklist", "import", "quote"],
)
def test_deep_nesting_is_a_named_error(
    run_cli: CLI, demo_db: Path, tmp_path: Path, args: list[str], name: str
) -> None:
    f = tmp_path / name
    f.write_text(NESTED[name])
    before = sha(demo_db)
    assert "nested too deeply" in refused(run_cli(*args, str(f)), name)
    assert sha(demo_db) == before


@pytest.mark.parametrize("table", ["vendors", "assessments"])
def test_a_bundle_listing_a_row_twice_is_refused(
    run_cli: CLI, demo_db: Path, tmp_path: Path, table: str
) -> None:
    bundle = json.loads(run_cli("export").stdout)
    bundle[table].append(dict(bundle[table][0]))
    f = tmp_path / "twice.json"
    f.write_text(json.dumps(bundle, ensure_ascii=False))
    fresh = tmp_path / "fresh.db"
    assert run_cli("init", str(fresh)).returncode == 0
    before = sha(fresh)
    line = refused(run_cli("import", str(f), db=fresh), "twice.json")
    assert f"{table}[{len(bundle[table]) - 1}]" in line and f"{table}[0]" in line
    assert sha(fresh) == before


# --- bidi controls and NUL ---------------------------------------------------------------------

TRICK = "速达\u202egpj.exe"  # shows as 速达exe.jpg


def test_bidi_controls_and_nul_are_stripped_and_isolated(
    run_cli: CLI, demo_db: Path, tmp_path: Path
) -> None:
    assert run_cli("vendor", "add", TRICK).returncode == 0
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps(
            {"answers": {"qual.licence_checked": {"value": "yes", "note": "ok\u0000\u202bx"}}}
        )
    )
    assert run_cli("assess", TRICK, "--answers", str(answers)).returncode == 0
    html_file, md_file = tmp_path / "r.html", tmp_path / "r.md"
    assert run_cli("report", TRICK, "-o", str(html_file)).returncode == 0
    assert run_cli("report", TRICK, "-o", str(md_file)).returncode == 0
    html, md = html_file.read_text(), md_file.read_text()
    for text in (html, md):
        assert not any(c in text for c in "\u202e\u202b\x00")
    assert "<bdi>速达gpj.exe</bdi>" in html
    assert "<title>" in html and "<bdi>" not in html.split("</head>")[0]  # none in attributes
    assert "速达gpj.exe" in md and "<bdi>" not in md


def test_the_suggested_export_file_name_has_no_control_characters() -> None:
    from datetime import date

    from vendorcheck.tui.screens.export import default_name

    name = default_name([TRICK + "\x00\u2066"], "zh", ".pdf", date(2026, 1, 2))
    assert name == "速达gpj.exe-评估报告-2026-01-02.pdf"


# --- junk into every command that reads a file -------------------------------------------------


def _zip_without_document() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    return buf.getvalue()


JUNK: dict[str, bytes] = {
    "empty": b"",
    "nul": b"\x00" * 64,
    "binary": bytes(range(256)) * 4,
    "odd-utf16": b"\xff\xfe" + "合同".encode("utf-16-le") + b"\x00",
    "deep": b"[" * 100_000,
    "syntax": b"= = = : : {\n",
    "list": b"[1, 2, 3]\n",
    "digits": b"a = " + b"9" * 5000 + b"\n",
    "timestamp": b"a: 2020-13-45\n",  # YAML reads a date, and the date is impossible
    "bidi": "\u202e\u0000".encode(),
    "zip": _zip_without_document(),
    "pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\n",
}

READERS = {
    "assess-yaml": (["assess", VENDOR, "--answers"], ".yaml"),
    "assess-json": (["assess", VENDOR, "--answers"], ".json"),
    "assess-toml": (["assess", VENDOR, "--answers"], ".toml"),
    "import": (["import"], ".json"),
    "quote": (["quote", "set", VENDOR, "--file"], ".toml"),
    "profile": (["profile", "set", "--file"], ".json"),
    "cost": (["cost", VENDOR, "--profile"], ".yaml"),
    "checklist": (["checklist", "validate"], ".toml"),
    "brand": (["report", VENDOR, "-o", "out.md", "--brand"], ".toml"),
    "scan-txt": (["contract", "scan"], ".txt"),
    "scan-docx": (["contract", "scan"], ".docx"),
    "scan-pdf": (["contract", "scan"], ".pdf"),
    "assess-contract": (["assess", VENDOR, "--contract"], ".md"),
}


@pytest.mark.parametrize("reader", list(READERS))
def test_junk_gives_one_line_and_exit_2(
    run_cli: CLI, demo_db: Path, tmp_path: Path, reader: str
) -> None:
    args, suffix = READERS[reader]
    before = sha(demo_db)
    wrong = []
    for kind, data in JUNK.items():
        if suffix in (".txt", ".md") and kind in ("digits", "pdf", "timestamp"):
            continue  # words in a text file: a (poor) contract, scanned as one
        f = tmp_path / f"{kind}{suffix}"
        f.write_bytes(data)
        r = run_cli(*args, str(f))
        lines = r.stderr.strip().splitlines()
        if r.returncode != 2 or len(lines) != 1 or f.name not in lines[0]:
            wrong.append(f"{kind}: exit {r.returncode}: {r.stderr.strip()[-300:]}")
        elif "Traceback" in r.stderr or "internal error" in r.stderr:
            wrong.append(f"{kind}: {lines[0]}")
    assert not wrong, "\n".join(wrong)
    assert sha(demo_db) == before


@settings(max_examples=150, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
        st.text(alphabet="[]{}:=,\"' \n-ab1", max_size=300).map(str.encode),
    ),
    suffix=st.sampled_from([".yaml", ".json", ".toml", ".txt", ".docx", ".pdf"]),
)
def test_any_bytes_are_read_or_refused_as_a_user_error(data: bytes, suffix: str) -> None:
    """Whatever a file holds, the readers every command uses either return or raise the one
    error type the CLI words in one line: never another exception (an 'internal error')."""
    import tempfile

    from vendorcheck.core.errors import UserError
    from vendorcheck.services.contracts import read_contract
    from vendorcheck.services.files import load_structured

    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / f"x{suffix}"
        f.write_bytes(data)
        read = load_structured if suffix in (".yaml", ".json", ".toml") else read_contract
        try:
            out = read(f)
        except UserError as e:
            assert str(f) in e.text("en") and "\n" not in e.text("en")
        else:
            if read is read_contract:
                assert any(c.isalpha() for c in out)  # never an empty contract
