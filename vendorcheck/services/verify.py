"""`verify`: every final's hash (v1 or v2) and chain link, forks, finals turned back into drafts
or deleted, the vendor list's copy of each latest final, and the archive's head.

A vendor's chain may be a tree when finals from several consultants' bundles were merged (each
branch sealed in another archive), but one archive's own finals of a vendor form one line: two
finals sealed in the same archive (`sealed_in`, inside hash v2) after the same parent are a fork.
Finals sealed before v2 carry no `sealed_in`; they keep the old rule (a tree is accepted).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from vendorcheck.core import archive as core
from vendorcheck.core.errors import UserError
from vendorcheck.services.sealing import canonical_of, canonical_v2_of, checklist_ref
from vendorcheck.store import Store
from vendorcheck.store import archive as sql
from vendorcheck.store import evidence as evidence_sql

Progress = Callable[[int, int], None]

DETAILS = {  # problem -> (en, zh), what `verify` prints
    "hash": ("content differs from its hash", "内容与哈希不符"),
    "chain": ("chain link broken", "哈希链断开"),
    "fork": (
        "chain forked: another final sealed in this archive follows the same one",
        "哈希链分叉：本库另一份定稿接在同一份定稿之后",
    ),
    "downgraded": ("a sealed final was turned back into a draft", "已定稿的评估被改回草稿"),
    "missing": ("a sealed final is no longer in the archive", "已定稿的评估已从档案中消失"),
    "unsealed": (
        "a final that never entered the archive's seal list",
        "一份未登记在档案封存记录中的定稿",
    ),
    "seal": ("the archive's seal list was altered", "档案的封存记录被改动"),
    "red_flags": ("its red flags differ from its count", "红旗记录与红旗数不符"),
    "latest": (
        "the vendor list shows other values than its latest final",
        "服务商列表显示的内容与其最新定稿不符",
    ),
    "evidence": (
        "its evidence files were changed or removed since sign-off",
        "其证据文件在定稿后被改动或删除",
    ),
    "head": (
        "the archive no longer holds everything up to the given head",
        "档案已不再包含该头哈希之前的全部定稿",
    ),
}


def verify_archive(
    store: Store, expect_head: str | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """{"ok", "head", "finals", "problems"}: see the module's docstring for what is checked."""
    if expect_head is not None and not _is_hash(expect_head):
        raise UserError(
            f"not a head hash: {expect_head!r} (64 hex digits, as `verify` prints)",
            f"不是头哈希：{expect_head!r}（应为 `verify` 打印的 64 位十六进制）",
            where="--head",
        )
    vendors = {v["id"]: v for v in store.db.query("SELECT id, name, credit_code FROM vendors")}
    rows = sql.finals_to_verify(store)
    problems: list[dict[str, Any]] = []

    def problem(aid: str, vid: str, kind: str) -> None:
        name = (vendors.get(vid) or {}).get("name", vid)
        detail = DETAILS[kind][0]
        problems.append(
            {
                "assessment_id": aid,
                "vendor_id": vid,
                "vendor": name,
                "problem": kind,
                "detail": detail,
            }
        )

    _check_hashes(store, rows, vendors, problem, progress)
    _check_links(rows, problem)
    head = _check_seals(store, rows, problem)
    for d in sql.sealed_drafts(store):
        problem(d["id"], d["vendor_id"], "downgraded")
    for vid in sql.stale_latest_finals(store):
        problem("", vid, "latest")
    if expect_head is not None and expect_head.lower() not in head[1]:
        problem("", "", "head")
    unique = list({(p["assessment_id"], p["problem"]): p for p in problems}.values())
    return {"ok": not unique, "head": head[0], "finals": len(rows), "problems": unique}


def _is_hash(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdefABCDEF" for c in text)


def _check_hashes(
    store: Store,
    rows: list[dict[str, Any]],
    vendors: dict[str, dict[str, Any]],
    problem: Callable[[str, str, str], None],
    progress: Progress | None,
) -> None:
    """Each final's hash over what is stored now: v2 with the answer lines built by SQLite in one
    range read per final (re-checked in Python before a mismatch is reported), v1 as always.

    Reading on several threads was tried (SQLite and SHA-256 release the GIL): on this 2-core
    machine under load it was slower (23.8 s against 18.7 s at 100,000 finals), so one thread.
    """
    flags = sql.red_flag_rows(store)
    evidence = evidence_sql.hashed_of_finals(store)  # {} without evidence: no cost
    v1 = [a for a in rows if (a.get("hash_version") or 1) < core.V2]
    v2 = [a for a in rows if (a.get("hash_version") or 1) >= core.V2]
    refs = {a["checklist_sha256"]: checklist_ref(store, a) for a in rows}
    total = len(rows)
    counter = _Counter(total, progress)
    suspects = []
    for a, (n, lines) in zip(v2, sql.answer_lines_of_finals(store, v2), strict=True):
        vendor = vendors.get(a["vendor_id"]) or {"id": a["vendor_id"], "name": ""}
        prev = a["prev_hash"] or core.GENESIS
        ref = refs[a["checklist_sha256"]]
        head = core.header_v2(
            a, vendor, ref, n, flags.get(a["id"], []), prev, evidence.get(a["id"], ())
        )
        if core.digest_v2(head, lines) != a["hash"]:
            suspects.append(a)
        counter.tick()
    for a in suspects:  # built in Python, the hash's own definition, before it is reported
        vendor = vendors.get(a["vendor_id"]) or {"id": a["vendor_id"], "name": ""}
        red = flags.get(a["id"], [])
        if core.digest(canonical_v2_of(store, a, vendor, red)) != a["hash"]:
            problem(a["id"], a["vendor_id"], _what_changed(store, a, vendor, red))
    for aid, vid in evidence_sql.damaged(store) if evidence else ():
        problem(aid, vid, "evidence")
    for a, answers in zip(v1, sql.answers_of_finals(store, v1), strict=True):
        vendor = {"id": a["vendor_id"], "name": (vendors.get(a["vendor_id"]) or {}).get("name")}
        prev = a.get("prev_hash") or core.GENESIS
        if core.digest(canonical_of(store, a, prev, vendor=vendor, answers=answers)) != a.get(
            "hash"
        ):
            problem(a["id"], a["vendor_id"], "hash")
        # v1 did not hash red flags: at least the stored rows must agree with the count
        stored = flags.get(a["id"])
        if stored is not None and len(stored) != (a.get("red_flag_count") or 0):
            problem(a["id"], a["vendor_id"], "red_flags")
        counter.tick()
    if progress:
        progress(total, total)


def _what_changed(
    store: Store, a: dict[str, Any], vendor: dict[str, Any], red: list[dict[str, Any]]
) -> str:
    """'evidence' when the final hashes right with the evidence list logged at its sealing
    (only its evidence was changed or removed), else 'hash'. The log only names the cause:
    without it, or if it was edited too, the final is still reported."""
    sealed = evidence_sql.sealed_log(store, a["id"])
    if sealed is None:
        return "hash"
    return (
        "evidence"
        if core.digest(canonical_v2_of(store, a, vendor, red, evidence=sealed)) == a["hash"]
        else "hash"
    )


class _Counter:
    """Finals checked so far, reported every 5,000."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % 5000 == 0 and self.done < self.total:
            self.progress(self.done, self.total)


def _check_links(rows: list[dict[str, Any]], problem: Callable[[str, str, str], None]) -> None:
    """Each link leads to a final of the same vendor that is still here; no fork within one
    archive's own finals (merged branches from other archives are allowed)."""
    known: dict[str, set[str]] = defaultdict(set)
    for a in rows:
        known[a["vendor_id"]].add(a.get("hash") or "")
    children: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for a in rows:
        prev = a.get("prev_hash") or core.GENESIS
        if prev != core.GENESIS and (prev == a.get("hash") or prev not in known[a["vendor_id"]]):
            problem(a["id"], a["vendor_id"], "chain")
        if a.get("sealed_in"):
            children[(a["vendor_id"], a["sealed_in"], prev)].append(a["id"])
    for (vid, _, _), ids in children.items():
        for aid in ids[1:]:
            problem(aid, vid, "fork")


def _check_seals(
    store: Store, rows: list[dict[str, Any]], problem: Callable[[str, str, str], None]
) -> tuple[str, set[str]]:
    """The seal list against the finals, and the running heads recomputed from it.

    Returns the current head and every head the archive has had (what `--head` is checked on).
    """
    finals = {a["id"]: a for a in rows}
    sealed: set[str] = set()
    vendor_of = dict(store.conn.execute("SELECT assessment_id, vendor_id FROM archive_seals"))
    purged = sql.purged_vendors(store)  # a recorded purge took these finals, with their vendor
    h, seen, altered = core.GENESIS, set(), False
    for _seq, aid, hash_, stored_head in sql.seals(store):
        sealed.add(aid)
        h = core.head_step(h, hash_)
        seen.add(h)  # recomputed, never the stored heads: those are what an attacker edits
        a = finals.get(aid)
        if a is None:
            gone = not store.conn.execute(
                "SELECT 1 FROM assessments WHERE id = ?", [aid]
            ).fetchone()
            if gone and vendor_of.get(aid) not in purged:
                problem(aid, vendor_of.get(aid, ""), "missing")
            # a draft with a seal is reported as downgraded by the caller
        elif a.get("hash") != hash_:
            problem(aid, a["vendor_id"], "hash")
        if stored_head != h and not altered:
            problem(aid, vendor_of.get(aid, ""), "seal")
            altered = True  # the first alteration, not every seal after it
    for aid, a in finals.items():
        if aid not in sealed:
            problem(aid, a["vendor_id"], "unsealed")
    return h, seen
