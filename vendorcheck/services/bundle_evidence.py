"""Evidence files in exports and bundles (issue 21): written as base64, checked on import.

Kept beside services.transfer (which calls it) so the export format's own module stays small.
A bundle carries the evidence sealed into its finals; a plain export carries every file. On
import each file's bytes must match its size and SHA-256, and each final's hash is checked with
the evidence the file lists for it, before anything is written.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from vendorcheck.core import archive as chain
from vendorcheck.core import evidence as rules
from vendorcheck.core.errors import Conflict, UserError
from vendorcheck.core.safe_text import for_file_name
from vendorcheck.store import Store
from vendorcheck.store import evidence as sql

REQUIRED = ("id", "vendor_id", "kind", "name", "size", "sha256", "base64", "added_at")


def export_rows(
    store: Store, vendor_ids: list[str] | None, finals_only: bool
) -> list[dict[str, Any]]:
    out = []
    for r in sql.export_rows(store, vendor_ids, finals_only):
        data = bytes(r.pop("bytes"))
        out.append({**r, "base64": base64.b64encode(data).decode("ascii")})
    return out


def _err(source: str, en: str, zh: str) -> UserError:
    return UserError(en, zh, where=source)


def checked(
    rows: list[dict[str, Any]], vendor_ids: Collection[str], final_ids: Collection[str], source: str
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """Each evidence row of the file checked: fields, kind, bytes against size and SHA-256.

    Returns the rows by the final they are sealed in (what its hash covers) and every row ready
    for the database (bytes decoded). Refuses the whole file at the first bad row.
    """
    by_final: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ready = []
    seen: dict[str, int] = {}
    for i, r in enumerate(rows):
        where = f"evidence[{i}]"
        missing = [k for k in REQUIRED if r.get(k) in (None, "")]
        if missing:
            raise _err(source, f"{where}: {missing[0]}: missing", f"{where}：{missing[0]}：缺失")
        if r["id"] in seen:
            raise _err(
                source,
                f"{where}: same id as evidence[{seen[r['id']]}]; each may appear once",
                f"{where}：id 与 evidence[{seen[r['id']]}] 重复；每项只能出现一次",
            )
        seen[r["id"]] = i
        if r["vendor_id"] not in vendor_ids:
            raise _err(source, f"{where}: unknown vendor_id", f"{where}：vendor_id 不存在")
        aid = r.get("assessment_id")
        if aid is not None and aid not in final_ids:
            raise _err(
                source,
                f"{where}: assessment_id is not a final assessment in the file or this archive",
                f"{where}：assessment_id 不是文件或本库中的定稿评估",
            )
        try:
            rules.check_kind(str(r["kind"]))
            data = base64.b64decode(str(r["base64"]), validate=True)
        except UserError as e:
            raise _err(source, f"{where}: {e.en}", f"{where}：{e.zh}") from None
        except (binascii.Error, ValueError):
            raise _err(
                source, f"{where}: base64: not valid base64", f"{where}：base64：不是有效的 base64"
            ) from None
        if len(data) != r["size"] or hashlib.sha256(data).hexdigest() != r["sha256"]:
            raise _err(
                source,
                f"{where} ({r['name']}): its bytes do not match its size and SHA-256 (altered)",
                f"{where}（{r['name']}）：文件内容与其大小和 SHA-256 不符（被改动）",
            )
        row = {k: v for k, v in r.items() if k != "base64"}
        row["bytes"] = data
        row["name"] = for_file_name(str(r["name"]))
        row["media_type"] = rules.media_type(data)
        row.setdefault("note", "")
        row.setdefault("added_by", "")
        if aid is not None:
            by_final[aid].append(row)
        ready.append(row)
    return by_final, ready


def write(store: Store, rows: list[dict[str, Any]], source: str, archive_cap: int) -> int:
    """Insert the file's new evidence and bind unbound copies sealed elsewhere (inside the
    import's transaction); a row that differs from the one here by id is a conflict."""
    known = sql.known_ids(store)
    new, bind = [], []
    for i, r in enumerate(rows):
        have = known.get(r["id"])
        if have is None:
            new.append(r)
        elif have[0] != r["sha256"] or (have[1] and r.get("assessment_id") not in (None, have[1])):
            raise Conflict(
                f"evidence[{i}] ({r['name']}): differs from the evidence file of the same id here",
                f"evidence[{i}]（{r['name']}）：与本库同编号的证据文件不同",
                where=source,
            )
        elif have[1] is None and r.get("assessment_id"):
            bind.append((r["id"], r["assessment_id"]))
    total = sum(r["size"] for r in new)  # the per-file cap is not re-applied to another's files
    rules.check_size(total, total, sql.stored_bytes(store), archive_cap, source)
    sql.insert_many(store, new)
    sql.bind_ids(store, bind)
    return len(new)


def log_sealed(
    store: Store, finals: list[dict[str, Any]], by_final: dict[str, list[dict[str, Any]]]
) -> None:
    """What verify tells an evidence change by, for finals that arrived with evidence."""
    for a in finals:
        listed = by_final.get(a["id"])
        if listed:
            store.log(
                "evidence_sealed",
                vendor_id=a["vendor_id"],
                assessment_id=a["id"],
                evidence=chain.evidence_entries(listed),
            )
