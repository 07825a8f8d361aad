"""Bundles between machines: two consultants' bundles merge into a central archive through the
real CLI; tampered, broken, newer and conflicting bundles are refused with nothing written."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CLI, FIXTURES
from vendorcheck.core import archive as chain

ENV = {"VENDORCHECK_CHECKLISTS": str(FIXTURES / "checklists")}
GOOD = str(FIXTURES / "answers-good.yaml")
SHELL = str(FIXTURES / "answers-shell.json")
YUNFAN = "杭州云帆客服外包有限公司"


def digest(db: Path) -> str:
    """Every user table's rows (FTS shadow tables included), to assert 'nothing written'."""
    con = sqlite3.connect(db)
    h = hashlib.sha256()
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
    ):
        for row in con.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
            h.update(repr(row).encode())
    con.close()
    return h.hexdigest()


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    out = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("vendors", "assessments", "answers", "checklists")
    }
    con.close()
    return out


@pytest.fixture
def vc(run_cli: CLI):
    def run(*args: str, **kw: Any):
        return run_cli(*args, env={**ENV, **kw.pop("env", {})}, **kw)

    return run


@pytest.fixture
def archive(vc, tmp_path: Path) -> dict[str, Path]:
    """Central has 云帆 with one final; consultants A and B start from its bundle, each
    re-assess 云帆 (so both chains fork from central's final) and add a vendor of their own."""
    dbs = {k: tmp_path / f"{k}.db" for k in ("central", "a", "b")}
    ok = lambda r: r.returncode == 0 or pytest.fail(r.stderr)  # noqa: E731
    ok(vc("vendor", "add", YUNFAN, db=dbs["central"]))
    ok(vc("assess", YUNFAN, "--checklist", "spine-test", "--answers", GOOD, "--finalize",
          db=dbs["central"]))  # fmt: skip
    start = tmp_path / "central-start.json"
    ok(vc("export", "--bundle", str(start), db=dbs["central"]))
    for who, own, answers in (("a", "甲方自选客服", GOOD), ("b", "Shell Co", SHELL)):
        ok(vc("import", str(start), db=dbs[who]))
        ok(vc("assess", YUNFAN, "--checklist", "spine-test", "--answers", answers, "--finalize",
              db=dbs[who]))  # fmt: skip
        ok(vc("vendor", "add", own, db=dbs[who]))
        ok(vc("assess", own, "--checklist", "spine-test", "--answers", answers, "--finalize",
              db=dbs[who]))  # fmt: skip
        # a draft stays on the consultant's machine: bundles carry finals only
        ok(vc("assess", own, "--checklist", "spine-test", "--answers", GOOD, db=dbs[who]))
        ok(vc("export", "--bundle", str(tmp_path / f"{who}.json"), db=dbs[who]))
    return {**dbs, "bundle_a": tmp_path / "a.json", "bundle_b": tmp_path / "b.json"}


def test_two_consultants_merge_into_central_and_reimport_changes_nothing(vc, archive) -> None:
    central = archive["central"]
    r = vc("import", str(archive["bundle_a"]), db=central)
    assert r.returncode == 0, r.stderr
    assert "vendors: +1" in r.stdout and "assessments: +2" in r.stdout
    assert "(1 assessments already here)" in r.stdout
    r = vc("import", str(archive["bundle_b"]), db=central)
    assert r.returncode == 0, r.stderr
    assert "assessments: +2" in r.stdout

    v = vc("verify", "--format", "json", db=central)
    out = json.loads(v.stdout)  # issue 18 added the archive's head and the finals' count
    assert v.returncode == 0 and out["ok"] is True and out["problems"] == []
    assert out["finals"] == 5 and len(out["head"]) == 64
    history = json.loads(vc("history", YUNFAN, "--format", "json", db=central).stdout)
    assert len(history["assessments"]) == 3  # central's final and one from each consultant
    names = {
        x["name"] for x in json.loads(vc("vendor", "list", "--format", "json", db=central).stdout)
    }
    assert names == {YUNFAN, "甲方自选客服", "Shell Co"}
    assert counts(central)["assessments"] == 5  # the consultants' drafts stayed home
    # imported notes are in the search index (bulk-indexed by the import)
    hits = json.loads(vc("search", "试聊", "--format", "json", db=central).stdout)
    assert {h["name"] for h in hits} == {YUNFAN, "甲方自选客服"}
    assert all("三次试聊实测" in h["snippet"] for h in hits)

    before = digest(central)
    for who in ("bundle_a", "bundle_b"):
        again = vc("import", str(archive[who]), db=central)
        assert again.returncode == 0 and "assessments: +0" in again.stdout
    assert digest(central) == before
    # the merged archive can itself be bundled and moved on, and still verifies
    out = archive["central"].with_name("merged.json")
    assert vc("export", "--bundle", str(out), db=central).returncode == 0
    fresh = archive["central"].with_name("fresh.db")
    assert vc("import", str(out), db=fresh).returncode == 0
    assert vc("verify", db=fresh).returncode == 0


def _reseal(bundle: dict[str, Any], aid: str, **changes: Any) -> None:
    """Alter a final and recompute its hash, as a careful forger would."""
    a = next(x for x in bundle["assessments"] if x["id"] == aid)
    a.update(changes)
    v = next(x for x in bundle["vendors"] if x["id"] == a["vendor_id"])
    c = next(x for x in bundle["checklists"] if x["sha256"] == a["checklist_sha256"])["content"]
    answers = [x for x in bundle["answers"] if x["assessment_id"] == aid]
    cl = {"id": c["id"], "version": c["version"], "sha256": a["checklist_sha256"]}
    if (a.get("hash_version") or 1) >= chain.V2:  # issue 18: hash v2 covers red flags too
        flags = [f for f in bundle.get("red_flags", []) if f["assessment_id"] == aid]
        text = chain.canonical_v2(
            a, v, cl, chain.answer_lines(answers), flags, a["prev_hash"] or ""
        )
        a["hash"] = chain.digest(text)
        return
    a["hash"] = chain.digest(chain.canonical(a, v, cl, answers, a["prev_hash"] or ""))


def _consultant_final(bundle: dict[str, Any]) -> dict[str, Any]:
    """The consultant's own re-assessment of 云帆 (the one chained to central's final)."""
    return next(a for a in bundle["assessments"] if a["prev_hash"])


def test_tampered_bundles_are_refused_and_central_is_unchanged(vc, archive, tmp_path) -> None:
    central = archive["central"]
    data = json.loads(archive["bundle_a"].read_text(encoding="utf-8"))
    mine = _consultant_final(data)

    edited = json.loads(json.dumps(data))
    answer = next(x for x in edited["answers"] if x["assessment_id"] == mine["id"])
    answer["note"] = "改过的备注"
    forked = json.loads(json.dumps(data))
    _reseal(forked, mine["id"], prev_hash="f" * 64)
    newer = {**data, "format_version": 4}  # issue 18 made bundles version 2, issue 21 3
    cases = {
        "edited.json": (json.dumps(edited), f"({YUNFAN}, {mine['id'][:8]}): hash:"),
        "chain.json": (json.dumps(forked), "prev_hash: chain link broken"),
        "bad.json": (archive["bundle_a"].read_text(encoding="utf-8")[:300], "not valid JSON"),
        "newer.json": (json.dumps(newer), "format_version 4: written by a newer vendorcheck"),
    }
    before, rows = digest(central), counts(central)
    for name, (text, message) in cases.items():
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        r = vc("import", str(f), db=central)
        assert r.returncode == 2, (name, r.stdout, r.stderr)
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
        assert str(f) in r.stderr and message in r.stderr, (name, r.stderr)
        assert digest(central) == before and counts(central) == rows, name
    zh = vc("import", str(tmp_path / "edited.json"), db=central, lang="zh")
    assert zh.returncode == 2 and "内容与其 SHA-256 不符" in zh.stderr


def test_conflicting_bundle_is_reported_and_nothing_written(vc, archive, tmp_path) -> None:
    central = archive["central"]
    assert vc("import", str(archive["bundle_a"]), db=central).returncode == 0
    data = json.loads(archive["bundle_b"].read_text(encoding="utf-8"))
    # central's own final, re-sealed with another signer: same id, different content
    root = next(a for a in data["assessments"] if not a["prev_hash"] and a["vendor_id"] in {
        v["id"] for v in data["vendors"] if v["name"] == YUNFAN})  # fmt: skip
    _reseal(data, root["id"], finalized_by="someone else")
    # and a vendor another consultant created on their own under a name central already has
    data["vendors"].append({**data["vendors"][0], "id": "0" * 36, "name": "甲方自选客服"})
    f = tmp_path / "conflict.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    before = digest(central)
    r = vc("import", str(f), db=central)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "2 conflict(s), nothing imported" in r.stderr
    assert f"({YUNFAN}, {root['id'][:8]}): hash differs from the final already here" in r.stderr
    assert "甲方自选客服): another vendor of this name is already here" in r.stderr
    assert digest(central) == before


def test_bundle_of_chosen_vendors_and_unknown_vendor(vc, archive, tmp_path) -> None:
    out = tmp_path / "one.json"
    r = vc("export", "--bundle", str(out), "Shell Co", db=archive["b"])
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [v["name"] for v in data["vendors"]] == ["Shell Co"]
    assert {a["status"] for a in data["assessments"]} == {"final"}
    assert len(data["checklists"]) == 1 and data["format_version"] == 2
    r = vc("export", "--bundle", str(tmp_path / "x.json"), "Nobody", db=archive["b"])
    assert r.returncode == 2 and "no vendor named 'Nobody'" in r.stderr
    assert not (tmp_path / "x.json").exists()


def test_csv_of_latest_scores_opens_in_excel(vc, archive, tmp_path) -> None:
    central = archive["central"]
    vc("import", str(archive["bundle_b"]), db=central)
    out = tmp_path / "scores.csv"
    r = vc("export", "--csv", str(out), db=central, lang="zh")
    assert r.returncode == 0, r.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["服务商", "统一社会信用代码", "得分", "等级", "结论"]
    by_name = {r[0]: r for r in rows[1:]}
    # 云帆's latest final is consultant B's shell-company re-assessment: a red flag, reject
    assert by_name[YUNFAN][4] == "拒绝" and by_name[YUNFAN][5] == "1"
    assert by_name["Shell Co"][2] == by_name[YUNFAN][2]
    assert len(by_name[YUNFAN][-1]) == 64  # the SHA-256 that `verify` checks


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    notes=st.lists(
        st.text(alphabet="店铺贷款合同赔偿 KPIab,，“”\"'\\", max_size=12), min_size=1, max_size=4
    ),
    finals=st.integers(1, 3),
)
def test_bundle_round_trip_keeps_every_final_verifiable(notes: list[str], finals: int) -> None:
    """For any notes and chain length: export -> import elsewhere -> verify passes and the
    second export carries exactly the same vendors, assessments and answers."""
    from vendorcheck.core.answers import Answer
    from vendorcheck.services import archive as svc
    from vendorcheck.services import assessing, catalog, transfer
    from vendorcheck.store import Store

    src = Store.memory()
    checklist = catalog.get("cs-outsourcing")
    questions = [q.id for s in checklist.sections for q in s.questions if q.kind == "yes_no"]
    assessing.add_vendor(src, "云帆")
    for n in range(finals):
        aid = assessing.start_assessment(src, "云帆", checklist)
        src.set_answers(
            aid,
            [
                Answer(
                    question_id=q, value="yes" if n % 2 else "no", note=note, evidence=note[::-1]
                )
                for q, note in zip(questions, notes, strict=False)
            ],
        )
        assessing.finalize_assessment(src, aid, by="li")
    bundle = json.loads(json.dumps(transfer.export_data(src, finals_only=True)))
    dst = Store.memory()
    assert transfer.import_data(dst, bundle, "b.json")["assessments"] == finals
    assert svc.verify(dst) == []
    again = transfer.export_data(dst, finals_only=True)
    for key in ("vendors", "assessments", "answers", "checklists"):
        assert json.loads(json.dumps(again[key])) == bundle[key]
    assert transfer.import_data(dst, bundle, "b.json")["unchanged"] == finals


def test_draft_moved_earlier_becomes_final_from_a_later_bundle(vc, tmp_path: Path) -> None:
    """A plain export carried a draft to central; the consultant's later bundle holds it final."""
    mine, central = tmp_path / "mine.db", tmp_path / "central.db"
    assert vc("vendor", "add", "Draft Co", db=mine).returncode == 0
    assert vc("assess", "Draft Co", "--checklist", "spine-test", "--answers", GOOD,
              db=mine).returncode == 0  # fmt: skip
    everything, bundle = tmp_path / "all.json", tmp_path / "bundle.json"
    assert vc("export", "-o", str(everything), db=mine).returncode == 0
    assert vc("import", str(everything), db=central).returncode == 0
    assert vc("finalize", "Draft Co", "--yes", "--by", "li", db=mine).returncode == 0
    assert vc("export", "--bundle", str(bundle), db=mine).returncode == 0
    r = vc("import", str(bundle), db=central)
    assert r.returncode == 0 and "1 drafts now final" in r.stdout, r.stdout + r.stderr
    assert vc("verify", db=central).returncode == 0
    score = json.loads(vc("score", "Draft Co", "--format", "json", db=central).stdout)
    assert score["status"] == "final" and score["verdict"] == "recommended"
    # and the old plain export no longer changes anything there: the final supersedes its draft
    before = digest(central)
    assert vc("import", str(everything), db=central).returncode == 0
    assert digest(central) == before
