"""import_cases: the one path by which records enter the registry (CLI, web upload, API, demo).

Two passes over the input keep memory flat: the first reads only each row's natural key and
fingerprint (to find duplicate keys inside the file), the second validates and writes in chunks
inside one transaction. All-or-nothing by default; with skip_invalid the valid rows land and
the rest are reported. The natural key (agency, 决定书文号) makes a second load add nothing.
"""

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.permissions import may_import, require
from liangfa.cases.choices import CASE_TRANSITIONS, CaseStatus, EventKind
from liangfa.cases.columns import THRESHOLD_EXTRAS, match_headers
from liangfa.cases.kinds import kind_ids
from liangfa.cases.models import CaseEvent, ImportBatch, PenaltyCase
from liangfa.cases.reader import FileProblem, Sheet
from liangfa.cases.rows import CleanRow, RowCleaner, RowError
from liangfa.cases.sharing import handled_by_police
from liangfa.cases.template import EXAMPLE
from liangfa.cases.textvalues import FIELDS as TEXT_FIELDS
from liangfa.cases.textvalues import apply_to_row, keep_confirmed
from liangfa.core.audit import AuditEvent, record_audit_many, to_jsonable
from liangfa.core.bulk import allocate_ids, copy_prepared, insert_rows, prepare_rows
from liangfa.core.errors import PermissionDenied
from liangfa.core.integrity import digester
from liangfa.core.locks import hold_until_commit
from liangfa.core.text import normalize_doc_no
from liangfa.parties.network import contacts_changes
from liangfa.parties.services import PartyInput, PartyResolver

CHUNK = 2000
EXAMPLE_KEY = normalize_doc_no(EXAMPLE["decision_no"])
# A case the police (or, after them, the courts) are handling takes no new 罚款; after 不予立案 it may.
NO_FINE_WHILE_HANDLED = ("案件正由公安机关或司法机关办理，暂不得再处以罚款（《行政处罚法》第三十五条第二款：判处罚金的，"
                         "不再给予罚款）；公安机关不予立案后依法处罚（《行政执法机关移送涉嫌犯罪案件的规定》第十条）")
KNOWN_KEYS = 100_000  # an agency's existing keys held in memory to skip lookups (a few MB)
EXTRACT = os.environ.get("LIANGFA_IMPORT_EXTRACT", "1") != "0"  # off only for bench/import.py's comparison
SCREEN_LIST_LIMIT = 5000  # beyond this the batch is screened in the background by its batch id
CASE_FIELDS = [
    "decision_no", "party_name", "party_category", "party_code", "legal_rep", "violation_type", "facts",
    "legal_basis", "penalty_category", "penalty_content", "fine_amount", "confiscated_amount", "license_action",
    "decision_date", "valid_until", "publish_until", "authority_name", "authority_code", "source_unit",
    "source_unit_code", "remarks", "conduct_date", "effective_date", "sales_amount", "goods_value",
    "illegal_gain", "illegal_business_amount", "tax_evaded", "area_mu", "volume_m3", "amount_source",
    *THRESHOLD_EXTRAS,
    "legal_review_date", "legal_reviewer", "legal_review_opinion",
]


@dataclass
class ImportResult:
    total_rows: int = 0
    accepted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict] = field(default_factory=list)
    committed: bool = False
    dry_run: bool = False
    message: str = ""
    batch_id: int | None = None
    case_ids: list[int] = field(default_factory=list)  # created or changed: screened after commit
    many_changed: bool = False  # too many to list: screen the batch's cases from its timeline rows
    example_rows: list[int] = field(default_factory=list)  # the template's example row, skipped

    def as_dict(self) -> dict:
        return {
            "accepted": self.accepted, "updated": self.updated, "unchanged": self.unchanged,
            "rejected": self.rejected, "total_rows": self.total_rows, "committed": self.committed,
            "dry_run": self.dry_run, "message": self.message, "batch_id": self.batch_id,
        }


def _raises_fine(changes: dict) -> bool:
    if "fine_amount" not in changes:
        return False
    old, new = changes["fine_amount"]
    return (new or 0) > (old or 0)


def check_can_import(actor, agency) -> None:
    """Only an administrative agency loads its own penalty cases (its staff, 管理员, or its token)."""
    if agency.kind != AgencyKind.ADMINISTRATIVE:
        raise PermissionDenied(f"{agency.name}不是行政执法机关，不导入行政处罚案件")
    if actor is not None:
        require(may_import(actor, agency), f"{actor.display_name} 无权导入 {agency.name} 的案件")


def _digest(text: str) -> int:
    """64 bits, signed (as SQLite stores integers)."""
    # surrogatepass: a lone surrogate from a JSON push is refused by the row cleaner, not here by a crash
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big",
                          signed=True)


def _fingerprint(cells: list) -> int:
    return _digest("\x1f".join("" if c is None else str(c).strip() for c in cells))


def _first_pass(sheet: Sheet, key_index: int | None) -> tuple[int, set[int], dict[int, RowError]]:
    """Count rows; find identical repeats (skipped) and conflicting repeats (both rejected).

    Each row's key and content go, as 64-bit digests, into a scratch SQLite file beside the import (not
    the database): a file of any length costs the same memory, and only rows whose key repeats come back
    (a false "duplicate" would need a 64-bit collision).
    """
    repeats: set[int] = set()
    conflicts: dict[int, RowError] = {}
    total = 0
    with tempfile.TemporaryDirectory(prefix="liangfa-import-") as folder, \
            closing(sqlite3.connect(os.path.join(folder, "keys.sqlite3"))) as scratch:
        scratch.execute("CREATE TABLE seen (key INTEGER, content INTEGER, row INTEGER, raw TEXT)")
        batch = []
        for number, cells in sheet.rows:
            total += 1
            if key_index is None or key_index >= len(cells) or cells[key_index] in (None, ""):
                continue
            raw_key = str(cells[key_index])
            batch.append((_digest(normalize_doc_no(raw_key)), _fingerprint(cells), number, raw_key))
            if len(batch) >= 10_000:
                scratch.executemany("INSERT INTO seen VALUES (?, ?, ?, ?)", batch)
                batch = []
        scratch.executemany("INSERT INTO seen VALUES (?, ?, ?, ?)", batch)
        scratch.execute("CREATE INDEX seen_key ON seen (key, row)")
        repeated = scratch.execute("SELECT key, content, row, raw FROM seen WHERE key IN "
                                   "(SELECT key FROM seen GROUP BY key HAVING count(*) > 1) ORDER BY key, row")
        first: tuple | None = None  # (key, content, row) of the key's first occurrence
        for key, content, number, raw_key in repeated:
            if first is None or first[0] != key:
                first = (key, content, number)
                continue
            if content == first[1]:
                repeats.add(number)
                continue
            message = "同一文件中决定书文号重复且内容不同：与第 {} 行冲突，两行均不导入"
            conflicts.setdefault(first[2], RowError(first[2], "行政处罚决定书文号", raw_key, message.format(number)))
            conflicts[number] = RowError(number, "行政处罚决定书文号", raw_key, message.format(first[2]))
    return total, repeats, conflicts


class _Appender:
    """Appends each chunk's new cases and timeline rows. On PostgreSQL a thread sends them (COPY) while the
    import reads and checks the next chunk, and the server writes them (indexes, foreign keys) meanwhile:
    on two cores the server's part no longer adds to the Python part. One chunk at most is in flight; the
    writer settles it before its next query, and the import before it commits or rolls back."""

    def __init__(self):
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="liangfa-import") if connection.vendor == "postgresql" else None
        self.pending: Future | None = None

    def append(self, tables: list[tuple[type, list[str], list]]) -> None:
        self.settle()
        if self.pool is None:
            for model, names, rows in tables:
                insert_rows(model, names, rows)
            return
        prepared = [p for p in (prepare_rows(m, names, rows, binary=True) for m, names, rows in tables) if p]
        if prepared:
            self.pending = self.pool.submit(self._send, connection.connection, prepared)

    @staticmethod
    def _send(raw, prepared: list) -> None:
        with raw.cursor() as cursor:
            for table in prepared:
                copy_prepared(cursor, table)

    def settle(self) -> None:
        """Wait for the chunk in flight; its error (IntegrityError and the like, as the ORM raises them) here."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            with connection.wrap_database_errors:
                pending.result()

    def close(self) -> None:
        """Wait for the chunk in flight, whatever happened, and end the thread (the import's finally)."""
        if self.pending is not None:
            wait([self.pending])
            self.pending = None
        if self.pool is not None:
            self.pool.shutdown(wait=True)


class _Writer:
    """Writes validated rows chunk by chunk: parties, cases, timeline events and audit rows."""

    def __init__(self, agency, actor, now: datetime, batch: ImportBatch | None, result: ImportResult):
        self.agency, self.actor, self.now, self.batch, self.result = agency, actor, now, batch, result
        self.parties = PartyResolver()
        self.actor_name = actor.display_name if actor else "系统导入"
        self.note = f"导入：{batch.filename or batch.get_source_display()}" if batch else "导入"
        # The keys the agency already has, when they are few (an agency's first load has none): only rows
        # with one of them are looked up. The table grows inside this transaction while the planner's
        # statistics still count the agency's cases before it, and each chunk's lookup became a scan of
        # all the new rows (0.1 s per 2,000 rows at 400,000: a 1,000,000-row first load took 171 s, not
        # 108). An agency with many cases has statistics that say so (a big import ends with ANALYZE).
        keys = list(PenaltyCase.objects.filter(agency=agency).values_list("decision_no_key", flat=True)[:KNOWN_KEYS + 1])
        self.known_keys = set(keys) if len(keys) <= KNOWN_KEYS else None  # None: every row is looked up
        self.extract = EXTRACT  # read the threshold values in the texts (bench/import.py measures without)
        self.appender = _Appender()

    def write(self, rows: list[CleanRow]) -> None:
        self.appender.settle()  # the previous chunk's rows are in (or its error is raised) before any query
        if self.extract:
            for row in rows:
                apply_to_row(row.values)
        parties = self.parties.resolve_many(
            [(PartyInput(r.values["party_name"], r.party_kind, r.party_code, r.values.get("legal_rep", ""),
                         r.other_ids), r.id_check) for r in rows],
            agency_id=self.agency.id,
        )
        stated: dict[int, dict] = {}
        for row, party in zip(rows, parties, strict=True):
            if row.contacts:
                stated.setdefault(party, {}).update(row.contacts)  # a later row of the file wins
        kinds = kind_ids(_kind_of(r.values) for r in rows)
        keys = [r.key for r in rows if self.known_keys is None or r.key in self.known_keys]
        existing = {
            c.decision_no_key: c for c in PenaltyCase.objects.filter(agency=self.agency, decision_no_key__in=keys)
        } if keys else {}
        transferred = handled_by_police([c.pk for c in existing.values()])
        creates, updates, events, audits, quiet = [], [], [], [], []
        audits += contacts_changes(stated, source=self.note, agency_id=self.agency.id)[1]
        for row, party in zip(rows, parties, strict=True):
            case = existing.get(row.key)
            if case is None:
                creates.append((row, party, kinds[_kind_of(row.values)]))
                continue
            if self.extract:
                keep_confirmed(case.text_values, {n: getattr(case, n) for n in ("facts", "penalty_content",
                                                                                  *TEXT_FIELDS)}, row.values)
            changes = self._diff(case, row, party)
            if not changes:
                self.result.unchanged += 1
                if self.extract and case.text_values != row.values.get("text_values"):
                    case.text_values = row.values.get("text_values")  # read anew (a better reader), same values
                    quiet.append(case)
                continue
            if case.pk in transferred and _raises_fine(changes):
                self.result.rejected.append(RowError(
                    row.row, "罚款金额", str(changes["fine_amount"][1]),
                    NO_FINE_WHILE_HANDLED,
                ).as_dict())
                continue
            new_status = row.values["status"]
            if "status" in changes and new_status not in CASE_TRANSITIONS[case.status]:
                self.result.rejected.append(RowError(
                    row.row, "案件状态", CaseStatus(new_status).label,
                    f"案件当前为“{case.get_status_display()}”，不能改为“{CaseStatus(new_status).label}”",
                ).as_dict())
                continue
            for name, (_, new) in changes.items():
                setattr(case, name if name != "party" else "party_id", new)
            if self.extract:
                case.text_values = row.values.get("text_values")
            case.kind_id = kinds[_kind_of(row.values)]
            case.updated_at = self.now
            case.content_digest = _digest_case([getattr(case, name) for name in DIGEST_FIELDS])
            updates.append(case)
            events.append(self._event(case.pk, EventKind.UPDATED, changes, case.status))
            audits.append(AuditEvent("case.import_update", "cases.penaltycase", str(case.pk), str(case), self.agency.id,
                                     before={k: v[0] for k, v in changes.items()},
                                     after={k: v[1] for k, v in changes.items()}))
        if updates:
            PenaltyCase.objects.bulk_update(updates, [*CASE_FIELDS, "party", "kind", "status", "updated_at",
                                                      "content_digest", "text_values"],
                                            batch_size=CHUNK)
        if quiet:
            PenaltyCase.objects.bulk_update(quiet, ["text_values"], batch_size=CHUNK)
        case_rows = self._new_cases(creates, events, audits) if creates else []
        self.result.accepted += len(creates)
        self.result.updated += len(updates)
        self._note_changed([c.pk for c in updates])
        # The audit rows first (they refer to the cases by id, in the same transaction), then the new cases
        # and the timeline, appended while the next chunk is read and checked.
        record_audit_many(audits, actor=self.actor, now=self.now)
        self.appender.append([(PenaltyCase, CASE_COLUMNS, case_rows), (CaseEvent, EVENT_COLUMNS, events)])

    def _note_changed(self, ids: list[int]) -> None:
        if self.result.many_changed:
            return
        self.result.case_ids += ids
        if len(self.result.case_ids) > SCREEN_LIST_LIMIT:
            self.result.case_ids, self.result.many_changed = [], True

    def _new_cases(self, creates: list[tuple[CleanRow, int, int]], events: list, audits: list) -> list[list]:
        ids = allocate_ids(PenaltyCase, len(creates))
        rows = []
        agency_id, batch_id, now = self.agency.id, self.batch.pk if self.batch else None, self.now
        event = self._event(0, EventKind.CREATED, {}, "")  # the same timeline row for each, but its case and status
        for case_id, (row, party, kind) in zip(ids, creates, strict=True):
            values = row.values
            key, status = values["decision_no_key"], values["status"]
            fields = [values.get(name, empty) for name, empty in _EMPTY]
            digest = _digest_case([agency_id, key, status, *fields])
            rows.append([case_id, agency_id, party, batch_id, now, now, status, key, *fields, kind, digest,
                         values.get("text_values")])
            events.append([case_id, *event[1:6], status, *event[7:]])
        # One audit row per chunk of new cases (ids, count and a digest of what was written), not one per
        # case: the timeline row of each case names its import batch, and the digest pins the content
        # (SHA-256 of the cases' keyed content digests, in id order: each covers all of its case's fields).
        digest = hashlib.sha256("\n".join(r[-2] for r in rows).encode()).hexdigest()
        audits.append(AuditEvent("case.import_create", "cases.penaltycase", f"{ids[0]}-{ids[-1]}",
                                 f"导入新增 {len(ids)} 件（{rows[0][8]} 等）", self.agency.id,
                                 after={"ids": [ids[0], ids[-1]], "count": len(ids), "sha256": digest,
                                        "batch": self.batch.pk if self.batch else None}))
        self._note_changed(ids)
        return rows

    def _diff(self, case: PenaltyCase, row: CleanRow, party: int) -> dict:
        changes = {}
        for name in [*CASE_FIELDS, "status"]:
            old, new = getattr(case, name), row.values.get(name, "" if name not in _NULLABLE else None)
            if name == "status" and not new:
                continue
            if old != new and not (old in (None, "") and new in (None, "")):
                changes[name] = (old, new)
        if case.party_id != party:
            changes["party"] = (case.party_id, party)
        return changes

    def _event(self, case_id: int, kind: str, changes: dict, status: str) -> list:
        """A timeline row, as a tuple in EVENT_COLUMNS order."""
        return [
            case_id, self.now, self.actor.pk if self.actor else None, self.actor_name, kind,
            changes["status"][0] if "status" in changes else "",
            status if kind == EventKind.CREATED or "status" in changes else "",
            to_jsonable({k: list(v) for k, v in changes.items()}) if changes else {},
            self.note, self.batch.pk if self.batch else None,
        ]


_NULLABLE = {f.name for f in PenaltyCase._meta.get_fields() if getattr(f, "null", False)}
# What an absent column holds: NULL for dates and amounts, "" for text.
_EMPTY = [(name, None if name in _NULLABLE else "") for name in CASE_FIELDS]
CASE_COLUMNS = ["id", "agency_id", "party_id", "import_batch_id", "created_at", "updated_at", "status",
                "decision_no_key", *CASE_FIELDS, "kind_id", "content_digest", "text_values"]
# What the case's content digest covers, in order (cases/digest.py checks it).
DIGEST_FIELDS = ["agency_id", "decision_no_key", "status", *CASE_FIELDS]
_digest_case = digester(DIGEST_FIELDS)  # content_digest of values in DIGEST_FIELDS order


def _kind_of(values: dict) -> tuple[str, str]:
    return values.get("violation_type", ""), values.get("legal_basis", "")
EVENT_COLUMNS = ["case_id", "time", "actor_id", "actor_name", "code", "from_status", "to_status", "changes",
                 "note", "import_batch_id"]


def import_cases(open_sheet: Callable[[], Sheet], *, agency, actor=None, now: datetime | None = None,
                 dry_run: bool = False, skip_invalid: bool = False, batch: ImportBatch | None = None,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Validate and load every row of the sheet that `open_sheet` opens (it is opened twice)."""
    check_can_import(actor, agency)
    now = now or timezone.now()
    result = ImportResult(dry_run=dry_run, batch_id=batch.pk if batch else None)
    try:
        sheet = open_sheet()
        mapping, missing, duplicated = match_headers(sheet.headers)
        if duplicated:
            raise FileProblem(f"表头重复：{'；'.join(duplicated)}")
        if missing:
            raise FileProblem(f"缺少必需的表头：{'、'.join(missing)}（可下载导入模板对照）")
        key_index = next(i for i, (c, _) in mapping.items() if c.field == "decision_no")
        result.total_rows, repeats, conflicts = _first_pass(sheet, key_index)
        if result.total_rows == 0:
            raise FileProblem("文件只有表头，没有数据行")
        if progress:
            progress(0, result.total_rows)
        with transaction.atomic():
            # One import per agency at a time: a second load of the same file waits, then finds its rows
            # already there (unchanged) instead of failing on the unique 文号.
            hold_until_commit(f"liangfa.import.agency:{agency.id}")
            with _checked_as_written():
                _second_pass(open_sheet(), mapping, repeats, conflicts, agency, actor, now, batch, result, progress)
            result.rejected.sort(key=lambda r: r["row"])
            if dry_run or (result.rejected and not skip_invalid):
                transaction.set_rollback(True)
    except FileProblem as problem:
        result.message = str(problem)
        result.rejected = [{"row": 0, "column": "", "value": "", "error": str(problem)}]
        return result
    bad_rows = len({r["row"] for r in result.rejected})
    example = f"（第 {'、'.join(map(str, result.example_rows))} 行是模板示例，未导入）" if result.example_rows else ""
    if dry_run:
        result.message = "试导入：校验完成，未写入任何数据" + (f"；{bad_rows} 行有错误" if bad_rows else "")
    elif result.rejected and not skip_invalid:
        valid = result.accepted + result.updated + result.unchanged
        result.accepted = result.updated = result.unchanged = 0
        result.message = (f"有 {bad_rows} 行错误，整个文件未导入（{valid} 行有效）。"
                          "请改正后重新导入，或选择“跳过错误行”只导入有效行")
    else:
        result.committed = True
        result.message = "导入完成" + (f"，{bad_rows} 行因错误未导入" if bad_rows else "")
    result.message += example
    return result


@contextmanager
def _checked_as_written():
    """On PostgreSQL, foreign keys checked as each chunk is written, not all at COMMIT: the server's queue of
    pending checks would otherwise grow with the file (every row of parties, cases and timeline), and the
    import writes each row after what it refers to. Deferred again afterwards, as Django expects."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield  # after an error the transaction is rolled back (a statement here would hide the error)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _second_pass(sheet, mapping, repeats, conflicts, agency, actor, now, batch, result, progress) -> None:
    writer = _Writer(agency, actor, now, batch, result)
    clean_row = RowCleaner(mapping, today=timezone.localdate(now), agency_uscc=agency.uscc, agency_name=agency.name)
    key_index = next(i for i, (c, _) in mapping.items() if c.field == "decision_no")
    try:
        _read_and_write(sheet, key_index, repeats, conflicts, clean_row, writer, result, progress)
        writer.appender.settle()
    finally:
        writer.appender.close()


def _read_and_write(sheet, key_index, repeats, conflicts, clean_row, writer, result, progress) -> None:
    chunk: list[CleanRow] = []
    done = 0
    for number, cells in sheet.rows:
        done += 1
        if number in repeats:  # an identical repeat counts once, as its first occurrence
            continue
        if key_index < len(cells) and normalize_doc_no(str(cells[key_index] or "")) == EXAMPLE_KEY:
            result.example_rows.append(number)  # the template's example, left in: never a case
            continue
        if number in conflicts:
            result.rejected.append(conflicts[number].as_dict())
            continue
        cleaned = clean_row(number, cells)
        if isinstance(cleaned, list):
            result.rejected.extend(e.as_dict() for e in cleaned)
            continue
        chunk.append(cleaned)
        if len(chunk) >= CHUNK:
            writer.write(chunk)
            chunk = []
            if progress:
                progress(done, result.total_rows)
    if chunk:
        writer.write(chunk)
    if progress:
        progress(done, result.total_rows)
