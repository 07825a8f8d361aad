"""The database schema, as sqlite-utils migrations. Append new migrations; never edit old ones.

Names are chosen for a person browsing the file in any SQLite tool: one table per thing,
`<thing>_id` for foreign keys, ISO-8601 UTC text for times, JSON text where a value has shape.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from vendorcheck.store.connection import (  # re-exported: triggers below name them
    EACH_ROW_FUNCTION,
    SEARCH_FUNCTION,
    register_functions,
)

migrations = Migrations("vendorcheck")


@migrations()
def m001_core(db: Database) -> None:
    db.table("vendors").create(
        {
            "id": str,  # stable UUID, so bundles from other machines merge by id
            "name": str,
            "credit_code": str,  # unified social credit code (统一社会信用代码), optional
            "services": str,  # JSON list, e.g. ["customer_service", "store_operation"]
            "platforms": str,  # JSON list, e.g. ["taobao", "jd"]
            "contact": str,
            "notes": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"name", "created_at"},
        defaults={
            "services": "[]",
            "platforms": "[]",
            "contact": "",
            "notes": "",
            "credit_code": "",
        },
    )
    db.execute("CREATE UNIQUE INDEX idx_vendors_name ON vendors(name)")
    db.table("checklists").create(
        {
            "sha256": str,  # of the canonical JSON content: the checklist's identity
            "checklist_id": str,
            "version": str,
            "title_zh": str,
            "title_en": str,
            "content": str,  # canonical JSON: old assessments are scored against exactly this
            "added_at": str,
        },
        pk="sha256",
        not_null={"checklist_id", "version", "content"},
    )
    db.table("assessments").create(
        {
            "id": str,
            "vendor_id": str,
            "checklist_sha256": str,
            "status": str,  # 'draft' or 'final'
            "assessor": str,
            "created_at": str,
            "updated_at": str,
            "finalized_at": str,
            "finalized_by": str,
            "position": str,  # question id the assessor was last on, to resume there
            # Summary of the latest scoring, kept in step with the answers so lists need no rescoring.
            "score": float,
            "grade": str,
            "verdict": str,
            "completeness": float,
            "red_flag_count": int,
        },
        pk="id",
        not_null={"vendor_id", "checklist_sha256", "status", "created_at"},
        defaults={"status": "draft", "assessor": "", "red_flag_count": 0},
        foreign_keys=[("vendor_id", "vendors", "id"), ("checklist_sha256", "checklists", "sha256")],
    )
    db.execute("CREATE INDEX idx_assessments_vendor ON assessments(vendor_id, created_at)")
    db.table("answers").create(
        {
            "assessment_id": str,
            "question_id": str,
            "value": str,  # JSON: "yes", "unknown", an option id, a number or text
            "note": str,
            "evidence": str,
            "source": str,  # 'merchant', or 'suggested' for an unconfirmed pre-fill
            "answered_at": str,
        },
        pk=("assessment_id", "question_id"),
        not_null={"value", "answered_at"},
        defaults={"note": "", "evidence": "", "source": "merchant"},
        foreign_keys=[("assessment_id", "assessments", "id")],
    )
    db.table("events").create(
        {
            "id": int,
            "at": str,
            "kind": str,  # vendor_added, answer_set, assessment_finalized, ...
            "vendor_id": str,
            "assessment_id": str,
            "detail": str,  # JSON
        },
        pk="id",
        not_null={"at", "kind"},
    )
    db.execute("CREATE INDEX idx_events_assessment ON events(assessment_id)")


@migrations()
def m010_quotes(db: Database) -> None:
    # One current quote per vendor (its history is in events); deleting a vendor drops its quote.
    db.execute(
        """CREATE TABLE quotes (
            vendor_id TEXT PRIMARY KEY REFERENCES vendors(id) ON DELETE CASCADE,
            model TEXT NOT NULL,  -- the fee model, e.g. 'base_plus_commission'
            quote TEXT NOT NULL,  -- JSON, the validated quote as in a quote file
            set_at TEXT NOT NULL
        )"""
    )
    # Shop profiles by name; commands use the one named 'default' unless told otherwise.
    db.table("shop_profiles").create(
        {"name": str, "profile": str, "set_at": str},  # profile: JSON as in a profile file
        pk="name",
        not_null={"profile", "set_at"},
    )


FINAL_LOCKED = "vendorcheck: final assessment is locked"  # mapped to a UserError by the store


@migrations()
def m020_archive(db: Database) -> None:
    """Hash chain of final assessments and triggers that keep finals (and their answers) fixed."""
    db.table("assessments").add_column("hash", str)
    db.table("assessments").add_column("prev_hash", str)
    db.execute("CREATE INDEX idx_assessments_final ON assessments(vendor_id, status, finalized_at)")
    db.executescript(
        f"""
        CREATE TRIGGER assessments_final_no_update BEFORE UPDATE ON assessments
        WHEN OLD.status = 'final' BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        CREATE TRIGGER assessments_final_no_delete BEFORE DELETE ON assessments
        WHEN OLD.status = 'final' BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        CREATE TRIGGER answers_final_no_update BEFORE UPDATE ON answers
        WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'final'
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        CREATE TRIGGER answers_final_no_delete BEFORE DELETE ON answers
        WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'final'
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        CREATE TRIGGER answers_final_no_insert BEFORE INSERT ON answers
        WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) = 'final'
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        """
    )


@migrations()
def m021_archive_import(db: Database) -> None:
    """Imports write a final's answers after the final itself; verify's hash guards additions."""
    db.execute("DROP TRIGGER IF EXISTS answers_final_no_insert")


@migrations()
def m022_vendor_purges(db: Database) -> None:
    """Deleting a vendor stays possible, but only through a permanent, recorded purge row."""
    db.table("vendor_purges").create({"vendor_id": str, "name": str, "at": str}, pk="vendor_id")
    db.executescript(
        f"""
        DROP TRIGGER assessments_final_no_delete;
        DROP TRIGGER answers_final_no_delete;
        CREATE TRIGGER assessments_final_no_delete BEFORE DELETE ON assessments
        WHEN OLD.status = 'final'
         AND OLD.vendor_id NOT IN (SELECT vendor_id FROM vendor_purges)
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        CREATE TRIGGER answers_final_no_delete BEFORE DELETE ON answers
        WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'final'
         AND (SELECT vendor_id FROM assessments WHERE id = OLD.assessment_id)
             NOT IN (SELECT vendor_id FROM vendor_purges)
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        CREATE TRIGGER vendor_purges_no_change BEFORE UPDATE ON vendor_purges
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        CREATE TRIGGER vendor_purges_no_delete BEFORE DELETE ON vendor_purges
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        """
    )


@migrations()
def m023_answer_search(db: Database) -> None:
    """Full-text index of answer notes and evidence, Chinese included (see core/search.py).

    Contentless FTS5 keyed by the answer's rowid; triggers keep it in step, so a connection that
    writes answers needs the vendorcheck_bigrams() function (Store.open registers it).
    """
    db.executescript(
        f"""
        CREATE VIRTUAL TABLE answers_fts USING fts5(note, evidence, content='');
        INSERT INTO answers_fts(rowid, note, evidence)
            SELECT rowid, {SEARCH_FUNCTION}(note), {SEARCH_FUNCTION}(evidence) FROM answers
            WHERE coalesce(note, '') <> '' OR coalesce(evidence, '') <> '';
        CREATE TRIGGER answers_fts_insert AFTER INSERT ON answers
        WHEN coalesce(NEW.note, '') <> '' OR coalesce(NEW.evidence, '') <> '' BEGIN
            INSERT INTO answers_fts(rowid, note, evidence)
            VALUES (NEW.rowid, {SEARCH_FUNCTION}(NEW.note), {SEARCH_FUNCTION}(NEW.evidence));
        END;
        CREATE TRIGGER answers_fts_delete AFTER DELETE ON answers
        WHEN coalesce(OLD.note, '') <> '' OR coalesce(OLD.evidence, '') <> '' BEGIN
            INSERT INTO answers_fts(answers_fts, rowid, note, evidence)
            VALUES ('delete', OLD.rowid, {SEARCH_FUNCTION}(OLD.note), {SEARCH_FUNCTION}(OLD.evidence));
        END;
        CREATE TRIGGER answers_fts_update AFTER UPDATE OF note, evidence ON answers BEGIN
            INSERT INTO answers_fts(answers_fts, rowid, note, evidence)
            SELECT 'delete', OLD.rowid, {SEARCH_FUNCTION}(OLD.note), {SEARCH_FUNCTION}(OLD.evidence)
            WHERE coalesce(OLD.note, '') <> '' OR coalesce(OLD.evidence, '') <> '';
            INSERT INTO answers_fts(rowid, note, evidence)
            SELECT NEW.rowid, {SEARCH_FUNCTION}(NEW.note), {SEARCH_FUNCTION}(NEW.evidence)
            WHERE coalesce(NEW.note, '') <> '' OR coalesce(NEW.evidence, '') <> '';
        END;
        """
    )


@migrations()
def m024_red_flags(db: Database) -> None:
    """The red flags of each final assessment, stored so any SQL tool (Datasette) can list them.

    Derived from the sealed answers and checklist (so not part of the hash), written when an
    assessment is sealed; finals that arrived in a bundle are filled in by `fill_red_flags`.
    """
    db.execute(
        """CREATE TABLE red_flags (
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            prompt_zh TEXT, prompt_en TEXT,  -- the question, as the checklist asks it
            reason_zh TEXT, reason_en TEXT,  -- why the answer rules the vendor out
            PRIMARY KEY (assessment_id, question_id)
        )"""
    )


@migrations()
def m025_answer_search_bulk(db: Database) -> None:
    """Bulk imports may index their answers in one statement (see register_functions)."""
    db.executescript(
        f"""
        DROP TRIGGER answers_fts_insert;
        CREATE TRIGGER answers_fts_insert AFTER INSERT ON answers
        WHEN {EACH_ROW_FUNCTION}()
         AND (coalesce(NEW.note, '') <> '' OR coalesce(NEW.evidence, '') <> '') BEGIN
            INSERT INTO answers_fts(rowid, note, evidence)
            VALUES (NEW.rowid, {SEARCH_FUNCTION}(NEW.note), {SEARCH_FUNCTION}(NEW.evidence));
        END;
        """
    )


_LATEST_FINAL_OF = """
    INSERT INTO latest_finals
    SELECT v.id, v.name, v.credit_code, a.id, a.score, a.grade, a.verdict, a.red_flag_count,
           a.completeness, a.finalized_at, a.finalized_by, a.hash
    FROM vendors v JOIN assessments a ON a.id = (
        SELECT id FROM assessments WHERE vendor_id = v.id AND status = 'final'
        ORDER BY finalized_at DESC, rowid DESC LIMIT 1)
"""


def _refresh_latest(vendor: str) -> str:
    # DELETE + INSERT rather than INSERT OR REPLACE: an outer INSERT OR IGNORE would override it.
    return (
        f"DELETE FROM latest_finals WHERE vendor_id = {vendor};\n"
        f"{_LATEST_FINAL_OF} WHERE v.id = {vendor};"
    )


@migrations()
def m026_latest_finals(db: Database) -> None:
    """Each vendor's latest final assessment, kept by triggers: the archive's list in one scan.

    Found by the archive benchmark: at 10,000 vendors / 100,000 finals, picking each vendor's
    latest final with a correlated subquery costs three B-tree searches per vendor.
    """
    db.executescript(
        f"""
        CREATE TABLE latest_finals (
            vendor_id TEXT PRIMARY KEY REFERENCES vendors(id) ON DELETE CASCADE,
            name TEXT NOT NULL, credit_code TEXT,
            assessment_id TEXT NOT NULL,
            score REAL, grade TEXT, verdict TEXT, red_flag_count INTEGER, completeness REAL,
            finalized_at TEXT, finalized_by TEXT, hash TEXT
        );
        CREATE INDEX idx_latest_finals_name ON latest_finals(name);
        {_LATEST_FINAL_OF};
        CREATE TRIGGER latest_finals_on_insert AFTER INSERT ON assessments
        WHEN NEW.status = 'final' BEGIN
            {_refresh_latest("NEW.vendor_id")}
        END;
        CREATE TRIGGER latest_finals_on_seal AFTER UPDATE OF status ON assessments
        WHEN NEW.status = 'final' BEGIN
            {_refresh_latest("NEW.vendor_id")}
        END;
        CREATE TRIGGER latest_finals_on_delete AFTER DELETE ON assessments
        WHEN OLD.status = 'final' BEGIN
            {_refresh_latest("OLD.vendor_id")}
        END;
        CREATE TRIGGER latest_finals_vendor_renamed AFTER UPDATE OF name, credit_code ON vendors
        BEGIN
            UPDATE latest_finals SET name = NEW.name, credit_code = NEW.credit_code
            WHERE vendor_id = NEW.id;
        END;
        """
    )


@migrations()
def m030_i18a_one_truth(db: Database) -> None:
    """Issue 18: hash v2, the archive's identity, and the order finals entered it (its head).

    - assessments.scoring_method: how the score was computed ('v1' for every existing row);
      assessments.hash_version: 1 for finals sealed before (their hash keeps verifying), 2 for
      new ones (core.archive.canonical_v2); assessments.sealed_in: the archive that sealed it.
    - archive_meta: this archive's id (a UUID made once, recorded in each final it seals).
    - archive_seals: one row per final in the order it entered this archive (sealed or imported)
      with the archive's running head after it; append-only (a vendor purge aside), so any head
      once printed can be checked again (`verify --head`). Existing finals are entered in the
      order they were finalized.
    """
    import uuid

    from vendorcheck.core.archive import GENESIS, head_step

    db.execute("ALTER TABLE assessments ADD COLUMN scoring_method TEXT DEFAULT 'v1'")
    db.execute("ALTER TABLE assessments ADD COLUMN hash_version INTEGER DEFAULT 1")
    db.execute("ALTER TABLE assessments ADD COLUMN sealed_in TEXT")
    db.execute("CREATE TABLE archive_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO archive_meta VALUES ('archive_id', ?)", [str(uuid.uuid4())])
    db.execute(
        """CREATE TABLE archive_seals (
            seq INTEGER PRIMARY KEY,
            assessment_id TEXT NOT NULL UNIQUE,
            vendor_id TEXT NOT NULL,
            hash TEXT NOT NULL,
            head TEXT NOT NULL  -- the archive's head once this final is in (core.archive.heads)
        )"""
    )
    db.execute("CREATE INDEX idx_archive_seals_vendor ON archive_seals(vendor_id, seq)")
    head = GENESIS
    rows = db.execute(
        "SELECT id, vendor_id, coalesce(hash, '') FROM assessments WHERE status = 'final' "
        "ORDER BY finalized_at, rowid"
    ).fetchall()
    for aid, vid, h in rows:
        head = head_step(head, h)
        db.execute("INSERT INTO archive_seals VALUES (NULL, ?, ?, ?, ?)", [aid, vid, h, head])
    db.executescript(
        f"""
        CREATE TRIGGER archive_seals_no_update BEFORE UPDATE ON archive_seals
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        CREATE TRIGGER archive_seals_no_delete BEFORE DELETE ON archive_seals
        WHEN OLD.vendor_id NOT IN (SELECT vendor_id FROM vendor_purges)
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        CREATE TRIGGER archive_meta_no_change BEFORE UPDATE ON archive_meta
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        """
    )


@migrations()
def m040_scoring_method(db: Database) -> None:
    """Which scoring method made each assessment's summary (`v2`: caps, incomplete, conditions).

    Finals are locked, so existing rows are not updated: NULL reads as `v1`, the method every
    assessment made before this column was scored with. Added only if another branch's
    migration has not added it already.
    """
    if "scoring_method" not in db["assessments"].columns_dict:
        db.table("assessments").add_column("scoring_method", str)
    _rescore_drafts(db)


def _rescore_drafts(db: Database) -> None:
    """Drafts are always scored with the current method: refresh the summaries v1 left on them,
    so a list never shows v1's "caution, B" beside a score screen's v2 "incomplete"."""
    import json

    from vendorcheck.core.answers import Answer
    from vendorcheck.core.parsing import checklist_from_data
    from vendorcheck.core.scoring import Fit, score

    drafts = db.execute(
        "SELECT a.id, a.checklist_sha256, v.platforms, v.services, c.content FROM assessments a "
        "JOIN vendors v ON v.id = a.vendor_id JOIN checklists c ON c.sha256 = a.checklist_sha256 "
        "WHERE a.status = 'draft' AND coalesce(a.scoring_method, 'v1') = 'v1'"
    ).fetchall()
    for aid, sha, platforms, services, content in drafts:
        checklist = checklist_from_data(json.loads(content), f"checklist {sha[:12]}")
        answers = {
            qid: Answer(question_id=qid, value=json.loads(value), source=source or "merchant")
            for qid, value, source in db.execute(
                "SELECT question_id, value, source FROM answers WHERE assessment_id = ?", [aid]
            ).fetchall()
        }
        fit = Fit(
            platforms=tuple(json.loads(platforms or "[]")),
            services=tuple(json.loads(services or "[]")),
        )
        r = score(checklist, answers, fit=fit)
        db.execute(
            "UPDATE assessments SET score = ?, grade = ?, verdict = ?, completeness = ?, "
            "red_flag_count = ?, scoring_method = ? WHERE id = ?",
            [r.score, r.grade, r.verdict, r.completeness, len(r.red_flags), r.method, aid],
        )


@migrations()
def m060_todos(db: Database) -> None:
    # Negotiation to-do items ticked off as agreed (issue 17): per vendor, so the next assessment
    # of the same vendor still shows them; deleting the vendor drops them.
    db.execute(
        """CREATE TABLE todo_agreements (
            vendor_id TEXT NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,  -- a question id (contract.deposit_forfeit) or cap.<hash>
            agreed_by TEXT NOT NULL,
            agreed_at TEXT NOT NULL,
            assessment_id TEXT,  -- the assessment the item was agreed against
            PRIMARY KEY (vendor_id, item_id)
        )"""
    )


@migrations()
def m070_contract_conflicts(db: Database) -> None:
    # Issue 19: a contract scan contradicting the merchant's answer, open until the merchant keeps
    # their answer or takes the contract's (core/conflicts.py); dropped with its assessment.
    db.execute(
        """CREATE TABLE contract_conflicts (
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            contract_value TEXT NOT NULL,  -- JSON, like answers.value
            quote TEXT NOT NULL,
            file TEXT NOT NULL DEFAULT '',
            found_at TEXT NOT NULL,
            PRIMARY KEY (assessment_id, question_id)
        )"""
    )


@migrations()
def m080_evidence(db: Database) -> None:
    """Issue 21: evidence files (their bytes, SHA-256, dates), bound to a final when it is sealed.

    An unbound row (assessment_id NULL) waits for the vendor's next `finalize`, which binds it
    inside the sealing transaction; hash v2 then covers its metadata (core.archive) and `verify`
    re-hashes its bytes. Bound to a final, a row can be neither changed nor deleted (a vendor
    purge aside, as for answers). Deleting a vendor drops its evidence.
    """
    db.executescript(
        f"""
        CREATE TABLE evidence (
            id TEXT PRIMARY KEY,  -- UUID, so bundles from other machines merge by id
            vendor_id TEXT NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
            assessment_id TEXT,  -- the final it was sealed into; NULL until then
            question_id TEXT,  -- the answer it backs, if any
            kind TEXT NOT NULL,  -- core.evidence.KINDS (checked there: a new kind needs no step)
            name TEXT NOT NULL,  -- the original file name, control characters removed
            media_type TEXT NOT NULL,  -- sniffed from the bytes: only images and PDF preview
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            bytes BLOB NOT NULL,
            issued TEXT, expires TEXT,  -- ISO dates (YYYY-MM-DD)
            note TEXT NOT NULL DEFAULT '',
            added_by TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL
        );
        CREATE INDEX idx_evidence_vendor ON evidence(vendor_id, added_at);
        CREATE INDEX idx_evidence_assessment ON evidence(assessment_id);
        CREATE INDEX idx_evidence_expires ON evidence(expires) WHERE expires IS NOT NULL;
        CREATE TRIGGER evidence_final_no_update BEFORE UPDATE ON evidence
        WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'final'
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        CREATE TRIGGER evidence_final_no_delete BEFORE DELETE ON evidence
        WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'final'
         AND OLD.vendor_id NOT IN (SELECT vendor_id FROM vendor_purges)
        BEGIN SELECT RAISE(ABORT, '{FINAL_LOCKED}'); END;
        """
    )


def step_names() -> list[str]:
    """Every step of ours, in order, through sqlite-utils' public API: what a new, empty
    database would still need (`Migrations.pending`), so no code reads its private list."""
    return [m.name for m in migrations.pending(Database(memory=True))]


__all__ = ["EACH_ROW_FUNCTION", "SEARCH_FUNCTION", "migrations", "register_functions", "step_names"]
