"""Issue 21, evidence half: real files stored, listed, exported byte for byte, sealed at
finalize, covered by `verify`, carried by bundles, listed by `due`, reports and the TUI home.

Everything runs through the real CLI on a real SQLite file; tampering goes below the triggers
with raw sqlite3, as tests/test_tamper.py does.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import sqlite3
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI
from vendorcheck.store.schema import register_functions

YUNFAN = "杭州云帆客服外包有限公司"
XINGHE = "广州星禾电商代运营有限公司"
DAY = "1796083200"  # SOURCE_DATE_EPOCH of 2026-12-01 (UTC): the day `due` and reports see


def png_bytes() -> bytes:
    """A real 2x2 RGB PNG (signature, IHDR, IDAT, IEND with their CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    ihdr = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    """A real one-page PDF with a correct cross-reference table."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    d = tmp_path / "files"
    d.mkdir()
    out = {
        "png": d / "营业执照.png",
        "pdf": d / "ISO9001 certificate.pdf",
        "txt": d / "reference-call.txt",
    }
    out["png"].write_bytes(png_bytes())
    out["pdf"].write_bytes(pdf_bytes())
    out["txt"].write_text("客户推荐电话记录：满意\n", encoding="utf-8")
    return out


def ok(r: Any) -> Any:
    assert r.returncode == 0, r.stderr
    return r


def add(run_cli: CLI, path: Path, *args: str, vendor: str = YUNFAN) -> dict[str, Any]:
    r = ok(run_cli("evidence", "add", vendor, str(path), *args, "--format", "json"))
    return dict(json.loads(r.stdout))


def listed(run_cli: CLI, vendor: str = YUNFAN) -> list[dict[str, Any]]:
    return list(json.loads(ok(run_cli("evidence", "list", vendor, "--format", "json")).stdout))


def seal(run_cli: CLI, tmp_path: Path, vendor: str = YUNFAN) -> None:
    answers = tmp_path / "re.yaml"
    answers.write_text("answers:\n  qual.licence_checked: yes\n", encoding="utf-8")
    ok(run_cli("assess", vendor, "--answers", str(answers), "--new", "--finalize"))


def test_files_are_stored_listed_and_exported_byte_identical(
    demo_db: Path, run_cli: CLI, files: dict[str, Path], tmp_path: Path
) -> None:
    png = add(run_cli, files["png"], "--kind", "licence", "--question", "qual.licence_checked",
              "--issued", "2024-03-01", "--expires", "2027-03-01", "--by", "王会计")  # fmt: skip
    pdf = add(run_cli, files["pdf"], "--kind", "certification", "--note", "ISO 9001")
    txt = add(run_cli, files["txt"], "--kind", "reference")
    rows = {r["id"]: r for r in listed(run_cli)}
    assert set(rows) == {png["id"], pdf["id"], txt["id"]}
    assert rows[png["id"]]["name"] == "营业执照.png" and rows[png["id"]]["added_by"] == "王会计"
    assert rows[png["id"]]["sha256"] == hashlib.sha256(files["png"].read_bytes()).hexdigest()
    assert rows[pdf["id"]]["size"] == len(files["pdf"].read_bytes())
    kinds = {r["name"]: (r["media_type"], r["previewable"]) for r in rows.values()}
    assert kinds == {
        "营业执照.png": ("image/png", True),
        "ISO9001 certificate.pdf": ("application/pdf", True),
        "reference-call.txt": ("application/octet-stream", False),  # stored, never previewed
    }
    assert not any(r["sealed"] for r in rows.values())
    for key, row in (("png", png), ("pdf", pdf), ("txt", txt)):
        out = tmp_path / f"back.{key}"
        ok(run_cli("evidence", "export", row["id"][:8], "-o", str(out)))
        assert out.read_bytes() == files[key].read_bytes()
    shown = ok(run_cli("evidence", "show", png["id"])).stdout
    assert "qual.licence_checked" in shown and "2027-03-01" in shown and "image/png" in shown
    table = ok(run_cli("evidence", "list", YUNFAN)).stdout
    assert "营业执照.png" in table and png["sha256"][:12] in table


def test_a_file_name_with_controls_is_shown_without_them(
    demo_db: Path, run_cli: CLI, tmp_path: Path
) -> None:
    evil = tmp_path / "速达\u202egpj.exe"
    evil.write_bytes(b"MZ\x90\x00 not run, only stored")
    row = add(run_cli, evil, "--kind", "other")
    assert row["name"] == "速达gpj.exe" and row["previewable"] is False


def _counts(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        return tuple(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("evidence", "events")
        )  # type: ignore[return-value]
    finally:
        con.close()


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["MISSING", "--kind", "licence"], {}, "missing.bin: file not found"),
        (["TXT", "--kind", "passport"], {}, "--kind: unknown kind 'passport'"),
        (["TXT", "--kind", "licence", "--expires", "2026-02-30"], {}, "--expires: not a date"),
        (["TXT", "--kind", "licence", "--issued", "2026-05-01", "--expires", "2026-04-01"], {},
         "--expires: expires (2026-04-01) is before issued (2026-05-01)"),
        (["TXT", "--kind", "licence", "--question", "qual.no_such"], {},
         "--question: unknown question id 'qual.no_such'"),
        (["PNG", "--kind", "licence"], {"VENDORCHECK_EVIDENCE_MAX_MB": "0.00005"},
         "larger than the 52 bytes an evidence file may be (VENDORCHECK_EVIDENCE_MAX_MB)"),
        (["PNG", "--kind", "licence"], {"VENDORCHECK_EVIDENCE_ARCHIVE_MB": "0.00008"},
         "the archive's evidence would exceed its 83 bytes cap"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_2_and_nothing_is_written(
    demo_db: Path,
    run_cli: CLI,
    files: dict[str, Path],
    tmp_path: Path,
    args: list[str],
    env: dict[str, str],
    message: str,
) -> None:
    add(run_cli, files["txt"], "--kind", "reference")  # 34 bytes already in the archive
    paths = {
        "MISSING": str(tmp_path / "missing.bin"),
        "TXT": str(files["txt"]),
        "PNG": str(files["png"]),
    }
    argv = [paths.get(a, a) for a in args]
    before = _counts(demo_db)
    r = run_cli("evidence", "add", YUNFAN, *argv, env=env)
    assert r.returncode == 2, r.stdout
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert message in r.stderr, r.stderr
    assert _counts(demo_db) == before


def test_due_lists_expired_and_expiring_evidence_beside_reassessments(
    demo_db: Path, run_cli: CLI, files: dict[str, Path], tmp_path: Path
) -> None:
    at = {"SOURCE_DATE_EPOCH": DAY}
    old = add(run_cli, files["png"], "--kind", "licence", "--expires", "2026-11-15")
    soon = add(run_cli, files["pdf"], "--kind", "certification", "--expires", "2026-12-20")
    add(run_cli, files["txt"], "--kind", "reference", "--expires", "2027-06-01")  # far off
    rows = json.loads(ok(run_cli("due", "--format", "json", env=at)).stdout)
    kinds = {r["type"] for r in rows}
    assert kinds == {"reassessment", "evidence"}
    ev = {r["evidence_id"]: r for r in rows if r["type"] == "evidence"}
    assert set(ev) == {old["id"], soon["id"]}
    assert ev[old["id"]]["overdue"] is True and ev[old["id"]]["due_at"] == "2026-11-15"
    assert ev[soon["id"]]["overdue"] is False and ev[soon["id"]]["name"] == YUNFAN
    narrow = json.loads(ok(run_cli("due", "--within", "5", "--format", "json", env=at)).stdout)
    assert {r["evidence_id"] for r in narrow if r["type"] == "evidence"} == {old["id"]}
    wide = json.loads(ok(run_cli("due", "--within", "365", "--format", "json", env=at)).stdout)
    assert len([r for r in wide if r["type"] == "evidence"]) == 3
    table = ok(run_cli("due", env=at)).stdout
    assert "营业执照.png" in table and "expired" in table and "expiring" in table
    zh = ok(run_cli("due", env=at, lang="zh")).stdout
    assert "已过期" in zh and "即将到期" in zh
    # a renewed licence replaces the expired one in the list
    renewed = tmp_path / "营业执照-2027.png"
    shutil.copy(files["png"], renewed)
    add(run_cli, renewed, "--kind", "licence", "--expires", "2029-11-15")
    after = json.loads(ok(run_cli("due", "--format", "json", env=at)).stdout)
    assert {r["evidence_id"] for r in after if r["type"] == "evidence"} == {soon["id"]}
    bad = run_cli("due", "--within", "-1")
    assert bad.returncode == 2 and "--within" in bad.stderr


def test_finalize_seals_the_vendors_evidence_and_the_triggers_lock_it(
    demo_db: Path, run_cli: CLI, files: dict[str, Path], tmp_path: Path
) -> None:
    png = add(run_cli, files["png"], "--kind", "licence")
    add(run_cli, files["txt"], "--kind", "reference", vendor=XINGHE)
    seal(run_cli, tmp_path)
    mine = listed(run_cli)
    assert [r["sealed"] for r in mine] == [True] and mine[0]["assessment_id"]
    assert [r["sealed"] for r in listed(run_cli, XINGHE)] == [False]  # another vendor's waits
    out = json.loads(ok(run_cli("verify", "--format", "json")).stdout)
    assert out["ok"] is True and out["finals"] == 5  # the demo's 4 and this one
    con = sqlite3.connect(demo_db)
    for sql in ("UPDATE evidence SET note = 'x' WHERE id = ?", "DELETE FROM evidence WHERE id = ?"):
        with pytest.raises(sqlite3.DatabaseError, match="final assessment is locked"):
            con.execute(sql, [png["id"]])
    con.close()
    # a file added after the final waits for the next one, which seals it
    later = add(run_cli, files["pdf"], "--kind", "certification")
    assert {r["id"]: r["sealed"] for r in listed(run_cli)} == {png["id"]: True, later["id"]: False}
    seal(run_cli, tmp_path)
    assert all(r["sealed"] for r in listed(run_cli))
    assert json.loads(ok(run_cli("verify", "--format", "json")).stdout)["ok"] is True


def raw(db: Path, *statements: str, args: tuple[object, ...] = ()) -> None:
    """SQL below the triggers (the locks dropped first), as an attacker with the file would."""
    con = sqlite3.connect(db)
    register_functions(con)
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%final_no%'"
    ).fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    for sql in statements:
        con.execute(sql, args if "?" in sql else ())
    con.commit()
    con.close()


@pytest.fixture
def sealed(demo_db: Path, run_cli: CLI, files: dict[str, Path], tmp_path: Path) -> dict[str, Any]:
    png = add(run_cli, files["png"], "--kind", "licence", "--expires", "2027-01-31")
    add(run_cli, files["pdf"], "--kind", "certification")
    seal(run_cli, tmp_path)
    return png


TAMPER = {
    "bytes swapped": ["UPDATE evidence SET bytes = x'00' WHERE id = ?"],
    "bytes and their SHA-256 and size swapped": [
        "UPDATE evidence SET bytes = x'00', size = 1, sha256 = "
        "'6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d' WHERE id = ?"
    ],
    "expiry moved": ["UPDATE evidence SET expires = '2030-01-31' WHERE id = ?"],
    "file removed": ["DELETE FROM evidence WHERE id = ?"],
}


@pytest.mark.parametrize("edit", list(TAMPER))
def test_verify_reports_tampered_evidence(
    demo_db: Path, run_cli: CLI, sealed: dict[str, Any], edit: str
) -> None:
    raw(demo_db, *TAMPER[edit], args=(sealed["id"],))
    r = run_cli("verify", "--format", "json")
    assert r.returncode == 1, r.stdout
    found = [(p["vendor"], p["problem"]) for p in json.loads(r.stdout)["problems"]]
    assert found == [(YUNFAN, "evidence")], edit
    table = run_cli("verify")
    assert "its evidence files were changed or removed since sign-off" in table.stdout
    assert "其证据文件在定稿后被改动或删除" in run_cli("verify", lang="zh").stdout


def test_an_answer_edit_on_a_final_with_evidence_is_still_a_hash_problem(
    demo_db: Path, run_cli: CLI, sealed: dict[str, Any]
) -> None:
    raw(
        demo_db,
        "UPDATE answers SET note = '改过' WHERE assessment_id = "
        "(SELECT assessment_id FROM evidence WHERE id = ?)",
        args=(sealed["id"],),
    )
    r = run_cli("verify", "--format", "json")
    assert [p["problem"] for p in json.loads(r.stdout)["problems"]] == ["hash"]


def test_bundle_carries_the_evidence_and_import_checks_it(
    demo_db: Path, run_cli: CLI, sealed: dict[str, Any], files: dict[str, Path], tmp_path: Path
) -> None:
    bundle = tmp_path / "bundle.json"
    ok(run_cli("export", YUNFAN, "--bundle", str(bundle)))
    data = json.loads(bundle.read_text(encoding="utf-8"))
    assert data["format_version"] == 3 and len(data["evidence"]) == 2
    central = tmp_path / "central.db"
    r = ok(run_cli("import", str(bundle), db=central))
    assert "evidence: +2" in r.stdout
    assert json.loads(ok(run_cli("verify", "--format", "json", db=central)).stdout)["ok"] is True
    out = tmp_path / "from-central.png"
    ok(run_cli("evidence", "export", sealed["id"], "-o", str(out), db=central))
    assert out.read_bytes() == files["png"].read_bytes()
    again = ok(run_cli("import", str(bundle), db=central))
    assert "evidence" not in again.stdout  # already here: nothing new
    # tampered copies are refused whole, one line, nothing written
    swapped = json.loads(json.dumps(data))
    i = next(n for n, e in enumerate(swapped["evidence"]) if e["id"] == sealed["id"])
    swapped["evidence"][i]["base64"] = base64.b64encode(b"forged").decode()
    dropped = json.loads(json.dumps(data))
    del dropped["evidence"][i]
    cases = {
        "swapped.json": (swapped, f"evidence[{i}] (营业执照.png): its bytes do not match"),
        "dropped.json": (dropped, "hash: its content does not match its SHA-256"),
    }
    fresh = tmp_path / "fresh.db"
    for name, (doc, message) in cases.items():
        f = tmp_path / name
        f.write_text(json.dumps(doc), encoding="utf-8")
        r = run_cli("import", str(f), db=fresh)
        assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
        assert message in r.stderr, r.stderr
    con = sqlite3.connect(fresh)
    assert con.execute("SELECT count(*) FROM vendors").fetchone()[0] == 0
    con.close()


def test_bundles_without_evidence_stay_version_2(
    demo_db: Path, run_cli: CLI, tmp_path: Path
) -> None:
    bundle = tmp_path / "plain.json"
    ok(run_cli("export", YUNFAN, "--bundle", str(bundle)))
    data = json.loads(bundle.read_text(encoding="utf-8"))
    assert data["format_version"] == 2 and "evidence" not in data  # older releases still read it


def test_reports_list_the_evidence_behind_each_answer(
    demo_db: Path, run_cli: CLI, files: dict[str, Path], tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf")
    at = {"SOURCE_DATE_EPOCH": DAY}
    png = add(run_cli, files["png"], "--kind", "licence", "--question", "qual.licence_checked",
              "--expires", "2026-11-15")  # fmt: skip
    pdf = add(run_cli, files["pdf"], "--kind", "certification", "--expires", "2028-01-01")
    seal(run_cli, tmp_path)
    md = tmp_path / "r.md"
    ok(run_cli("report", YUNFAN, "-o", str(md), env=at))
    text = md.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "File: 营业执照.png" in x)
    assert "national enterprise credit register" in line  # in the row of the answer it backs
    assert f"SHA-256 {png['sha256'][:12]}" in line and "**expired**" in line
    assert f"`{pdf['sha256'][:12]}`" in text and "#### Evidence files" in text
    for lang, expired, heading in (
        ("en", "expired", "Evidence files of"),
        ("zh", "已过期", "的证据文件"),
    ):
        out = tmp_path / f"r-{lang}.pdf"
        ok(run_cli("report", YUNFAN, "-o", str(out), env=at, lang=lang))
        body = "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(out).pages)
        assert "营业执照.png" in body and png["sha256"][:12] in body and heading in body
        assert f"2026-11-15 {expired}" in " ".join(body.split()), lang
    js = tmp_path / "r.json"
    ok(run_cli("report", YUNFAN, "-o", str(js), env=at))
    files_json = json.loads(js.read_text(encoding="utf-8"))["vendors"][0]["evidence_files"]
    by_name = {f["name"]: f for f in files_json}
    assert by_name["营业执照.png"]["expiry"] == "expired" and by_name["营业执照.png"]["sealed"]
    assert by_name["ISO9001 certificate.pdf"]["expiry"] == ""


def test_the_served_due_query_includes_evidence_expiry(
    demo_db: Path, run_cli: CLI, files: dict[str, Path]
) -> None:
    """The canned `due` query of `vendorcheck serve`, run on the file as Datasette runs it."""
    from vendorcheck.cli.serve import metadata

    add(run_cli, files["png"], "--kind", "licence", "--expires", "2020-01-01")
    sql = metadata("x", 12)["databases"]["x"]["queries"]["due"]["sql"]
    con = sqlite3.connect(f"{demo_db.resolve().as_uri()}?mode=ro", uri=True)
    rows = con.execute(sql).fetchall()
    con.close()
    assert ("evidence", YUNFAN, "2020-01-01", "expired", "licence", "营业执照.png") in rows


def test_tui_home_marks_vendors_with_evidence_due(
    demo_db: Path, run_cli: CLI, files: dict[str, Path]
) -> None:
    from tui_shell import drive, table_rows

    add(run_cli, files["png"], "--kind", "licence", "--expires", "2020-01-01")
    add(run_cli, files["pdf"], "--kind", "certification", "--expires", "2020-02-01")

    async def body(app: Any, pilot: Any) -> None:
        await pilot.pause(0.3)
        review = {r[0].strip(): r[7] for r in table_rows(app, "#vendors")}
        assert review[YUNFAN].endswith("evidence 2"), review
        assert "evidence" not in review[XINGHE]

    drive(demo_db, body)
