"""Combined amounts over a party network (跨行业监控, 幕后操纵): parties joined by the same 法定代表人/经营者
identity number, registered address or contact phone (parties/network.py) whose cases of one crime each
stay under the 立案追诉标准 but together reach it — the pattern of one operator splitting a business over
several shells so that no single record crosses the line.

Whether the acts may be added up is a legal judgment (the same person behind them, acts not yet handled,
the interpretation's rule on 多次…累计计算): the clue is always 需人工判断, names the parties, the cases and
the sum, and cites the threshold it is measured against. It shows only to a reader who may see every one of
its cases (agencies/permissions.may_see_network_clue)."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import (
    is_prosecutor,
    may_draft_transfer,
    may_handle_network_clue,
    may_see_network_clue,
    require,
)
from liangfa.cases.models import PenaltyCase
from liangfa.cases.services import visible_cases
from liangfa.core.amounts import format_amount
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.labels import confidence_label
from liangfa.core.receipts import Read, record_reads
from liangfa.parties.models import Party
from liangfa.parties.network import EVIDENCE, MAX_PARTIES, with_contacts
from liangfa.screening.choices import NETWORK_OPEN, NETWORK_TRANSITIONS, NetworkClueStatus
from liangfa.screening.models import NetworkClue
from liangfa.screening.rules import METRIC_FIELDS, as_decimal
from liangfa.screening.services import Rules, _load_groups, catalogue, rulebooks

# a page never shows a code (core/labels.py): the confidence in words, the switch as what the 管理员 does
BASIS = (f"关联当事人合计为提示：没有法律规定把不同当事人的行为累计计算（{confidence_label('L')}；"
         "系统管理员可在部署设置中关闭此类提示）；所引为该罪的立案追诉标准")
CHECKS = [
    "需人工判断：各当事人是否由同一人实际控制，或系将同一经营活动分拆到多个主体",
    "需人工判断：各次行为是否属于同种违法行为且均未经处理，能否依立案追诉标准的规定累计计算",
]


FIELDS = (("rep", "rep_id_no"), ("address", "address_key"), ("phone", "phone"))
COLUMNS = ("pk", "name", "rep_id_no", "address_key", "phone")
CHUNK = 2000  # values in one IN list


@dataclass
class Found:
    """One network: its parties, the evidence in words, each edge, and whether the search stopped at the cap."""

    members: list[int]
    evidence: list[str]
    edges: list[dict] = field(default_factory=list)
    capped_at: int | None = None


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _shared(values: set[tuple[str, str]] | None) -> set[tuple[str, str]]:
    """Of these (column, value) pairs — or of every value on file when None — those that join parties: held
    by two to MAX_PARTIES parties (a call centre's phone joins none). Counted on the indexed column."""
    out = set()
    for _, column in FIELDS:
        base = Party.objects.exclude(**{column: ""})
        if values is None:
            batches = [None]
        else:
            wanted = sorted(v for c, v in values if c == column)
            batches = list(_chunks(wanted))
        for batch in batches:
            rows = base if batch is None else base.filter(**{f"{column}__in": batch})
            rows = rows.values(column).annotate(n=Count("pk")).filter(n__gte=2, n__lte=MAX_PARTIES)
            out |= {(column, value) for value in rows.values_list(column, flat=True)}
    return out


def _holders(pairs: set[tuple[str, str]]):
    """The parties holding any of these values: one query per chunk, through the columns' indexes."""
    for column_pairs in _chunks(sorted(pairs)):
        query = Q()
        for _, column in FIELDS:
            vals = [v for c, v in column_pairs if c == column]
            if vals:
                query |= Q(**{f"{column}__in": vals})
        yield from Party.objects.filter(query).order_by("pk").values_list(*COLUMNS)


def _values(row) -> list[tuple[str, str]]:
    return [(column, row[i]) for i, (_, column) in enumerate(FIELDS, start=2) if row[i]]


def networks(party_ids: set[int] | None = None, *, cap: int | None = None) -> list[Found]:
    """Groups of two or more parties joined by shared contacts, found from `party_ids` (or from every party
    holding a shared value) by following the shared values through indexed lookups: the parties read are
    those of the networks, never every party with contacts. A network stops growing at `cap` parties
    (settings.NETWORK_MAX_PARTIES) and says so."""
    cap = cap or settings.NETWORK_MAX_PARTIES
    if party_ids is None:
        joining = _shared(None)
        seeds = list(_holders(joining))
    else:
        seeds = [row for chunk in _chunks(sorted(party_ids))
                 for row in Party.objects.filter(pk__in=chunk).filter(with_contacts()).values_list(*COLUMNS)]
        joining = set()
    rows: dict[int, tuple] = {}
    parent: dict[int, int] = {}
    size: dict[int, int] = {}
    cut: set[int] = set()
    holder: dict[tuple[str, str], int] = {}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
            size[ra] += size[rb]
            if rb in cut:
                cut.add(ra)

    def add(row, root: int | None) -> None:
        rows[row[0]] = row
        parent[row[0]] = root if root is not None else row[0]
        size[row[0]] = 1
        if root is not None:
            size[root] += 1
        for pair in _values(row):
            holder.setdefault(pair, row[0])

    for row in seeds:
        if row[0] not in rows:
            add(row, None)
    frontier, asked = list(rows.values()), set()
    if party_ids is None:  # every holder of a shared value is read: join them, nothing further to follow
        for row in seeds:
            for pair in _values(row):
                if pair in joining:
                    union(holder[pair], row[0])
        frontier = []
    while frontier:
        wanted = {pair for row in frontier for pair in _values(row)} - asked
        asked |= wanted
        shared = wanted & joining if party_ids is None else _shared(wanted)
        joining |= shared
        if not shared:
            break
        frontier = []
        for row in _holders(shared):
            anchors = [holder[pair] for pair in _values(row) if pair in joining and pair in holder]
            if row[0] in rows:
                for other in anchors:
                    union(other, row[0])
                continue
            if not anchors:
                continue
            root = find(anchors[0])
            if size[root] >= cap:
                cut.add(root)
                continue
            add(row, root)
            for other in anchors[1:]:
                union(root, other)
            frontier.append(row)
    members: dict[int, list[int]] = defaultdict(list)
    for pk in rows:
        members[find(pk)].append(pk)
    by_value: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, row in rows.items():
        for pair in _values(row):
            if pair in joining:
                by_value[pair].append(pk)
    values_of: dict[int, list] = defaultdict(list)  # each component's shared values (one pass, not one per network)
    for pair, holders in sorted(by_value.items()):
        values_of[find(holders[0])].append((pair, holders))
    keys = {column: key for key, column in FIELDS}
    out = []
    for root, pks in members.items():
        if len(pks) < 2 or (party_ids is not None and not party_ids.intersection(pks)):
            continue
        pks = sorted(pks)
        capped = root in cut or len(pks) > cap
        pks = pks[:cap]
        inside = set(pks)
        edges, kinds = [], set()
        for (column, _), holders in values_of[root]:
            held = [pk for pk in sorted(holders) if pk in inside]
            for other in held[1:]:
                kinds.add(keys[column])
                edges.append({"a_id": held[0], "a": rows[held[0]][1], "b_id": other, "b": rows[other][1],
                              "evidence": EVIDENCE[keys[column]]})
        out.append(Found(pks, [EVIDENCE[k] for k in ("rep", "address", "phone") if k in kinds], edges,
                         cap if capped else None))
    return out


def screen_networks(*, party_ids: set[int] | None = None, now: datetime | None = None) -> int:
    """Raise the clues of the networks (those holding `party_ids`, or all); returns how many are new or changed."""
    if not settings.NETWORK_CLUES:
        return 0
    now = now or timezone.now()
    rules, cat = Rules(rulebooks()), catalogue()
    made = 0
    for found in networks(party_ids):
        members = found.members
        facts = [f for group in _load_groups(set(members), cat).values() for f in group]
        under: dict[tuple, list] = defaultdict(list)
        for fact in facts:
            for key in fact.crimes:
                entry = rules.for_date(fact.act_date).get(key, fact.act_date)
                if entry is None:
                    continue
                for t in entry.thresholds:
                    if t.get("sum_of") or t.get("all_of") or t.get("condition") or t.get("min") is None:
                        continue  # a plain figure against a plain threshold only
                    value = fact.metrics.get(METRIC_FIELDS.get(t["metric"], ""))
                    threshold = as_decimal(t["min"])
                    if value is None or value >= threshold:
                        continue  # a case that reaches the threshold alone is a clue of its own
                    under[(key, t["metric"], threshold)].append((fact, value, entry, t))
        for (key, metric, threshold), items in under.items():
            if len({fact.party_id for fact, *_ in items}) < 2:
                continue  # one party's own acts are added up by its own screening
            total = sum((value for _, value, *_ in items), Decimal(0))
            if total >= threshold:
                made += _raise(items, key, metric, threshold, total, found, now)
    return made


@transaction.atomic
def _raise(items, key, metric, threshold, total, found: Found, now) -> int:
    """Create the clue, or bring up to date the one the same network raised before for the same crime and
    threshold (a third shell's case joins the sum): one clue per network and threshold, never a pile."""
    items = sorted(items, key=lambda item: item[0].id)
    case_ids = [fact.id for fact, *_ in items]
    fingerprint = hashlib.sha256(f"{key}|{metric}|{threshold}|{case_ids}".encode()).hexdigest()
    earlier = [c for c in NetworkClue.objects.select_for_update().filter(rule_key=key, metric=metric, threshold=threshold)
               if set(c.case_ids) & set(case_ids)]
    if any(c.fingerprint == fingerprint for c in earlier):
        return 0
    entry, t = items[0][2], items[0][3]
    unit = t.get("unit", "元")
    metric_cn = t.get("metric_cn", metric)
    cases = {c.pk: c for c in PenaltyCase.objects.filter(pk__in=case_ids).select_related("agency", "party")}
    listing = [{"case_id": fact.id, "decision_no": cases[fact.id].decision_no, "agency": cases[fact.id].agency.name,
                "party_id": cases[fact.id].party_id, "party": cases[fact.id].party.name, "value": str(value)}
               for fact, value, *_ in items]
    parties = list({row["party_id"]: {"party_id": row["party_id"], "name": row["party"]} for row in listing}.values())
    evidence = found.evidence
    named = {p["party_id"] for p in parties}  # an edge to a party outside the clue would name it to the reader
    edges = [e for e in found.edges if e["a_id"] in named and e["b_id"] in named]
    each = "；".join(f"{row['party']}（{row['decision_no']}）{format_amount(as_decimal(row['value']), unit)}"
                    for row in listing)
    reason = (f"关联当事人{'、'.join(p['name'] for p in parties)}（{'、'.join(evidence)}）涉嫌{entry.crime_name}的"
              f"{len(listing)}件案件，{metric_cn}分别为：{each}，均未达到立案追诉标准 {format_amount(threshold, unit)}，"
              f"合计 {format_amount(total, unit)} ≥ {format_amount(threshold, unit)}（{entry.standard}；{entry.article}）。"
              f"能否累计计算须人工判断。{BASIS}。")
    values = dict(crime_name=entry.crime_name, article=entry.article, standard=entry.standard, metric_cn=metric_cn,
                  unit=unit, total=total, case_ids=case_ids, cases=listing, parties=parties, evidence=evidence,
                  edges=edges, capped_at=found.capped_at, checks=CHECKS, reason=reason, fingerprint=fingerprint, updated_at=now)
    if earlier:
        clue = earlier[0]
        before = {"cases": clue.case_ids, "total": str(clue.total)}
        for name, value in values.items():
            setattr(clue, name, value)
        if clue.status == NetworkClueStatus.DISMISSED:
            clue.status = NetworkClueStatus.NEW  # new facts: the earlier dismissal does not cover them
        clue.save()
        NetworkClue.objects.filter(pk__in=[c.pk for c in earlier[1:]]).delete()  # networks that have merged
        record_audit("screening.network_clue_update", now=now, obj=clue, before=before,
                     after={"cases": case_ids, "total": str(total)})
        return 1
    clue = NetworkClue.objects.create(rule_key=key, metric=metric, threshold=threshold, created_at=now, **values)
    record_audit("screening.network_clue", now=now, obj=clue,
                 after={"cases": case_ids, "total": str(total), "threshold": str(threshold), "rule": key})
    return 1


def visible_network_clues(user, clues=None) -> list[NetworkClue]:
    """The network clues this reader may see (of `clues`, a queryset, or all): those all of whose cases the
    reader may see. Each clue carries `seen` (the visible case ids) for the named checks that follow."""
    clues = list((NetworkClue.objects.all() if clues is None else clues).select_related("decided_by"))
    wanted = {pk for clue in clues for pk in clue.case_ids}
    seen = set(visible_cases(user).filter(pk__in=wanted).values_list("id", flat=True)) if wanted else set()
    shown = [clue for clue in clues if may_see_network_clue(user, clue, seen)]
    for clue in shown:
        clue.seen = seen
    return shown


def case_agencies(clues) -> dict[int, int]:
    """{case id: its agency id} for the cases of these clues (one query)."""
    ids = {pk for clue in clues for pk in clue.case_ids}
    return dict(PenaltyCase.objects.filter(pk__in=ids).values_list("id", "agency_id")) if ids else {}


def read_network_clues(user, clues: list[NetworkClue], *, via: str) -> list[NetworkClue]:
    """Each clue shown names other organs' cases: one 查阅回执 per owning organ (core/receipts.py). Marks each
    clue with its cases' agencies (`agency_of`) and whether this person may decide it (`can_act`)."""
    agencies = case_agencies(clues)
    record_reads(user, [Read(agencies[row["case_id"]], "cases.penaltycase", str(row["case_id"]), row["decision_no"])
                        for clue in clues for row in clue.cases if row["case_id"] in agencies],
                 what="关联当事人合计线索", via=via)
    codes = dict(Agency.objects.filter(pk__in=set(agencies.values())).values_list("pk", "code")) if agencies else {}
    for clue in clues:
        for row in clue.cases:  # as officials write it (65,379.00 元); not saved
            row["value_text"] = format_amount(as_decimal(row["value"]), clue.unit)
        clue.agency_of = {pk: agencies.get(pk) for pk in clue.case_ids}
        clue.can_act = clue.status in NETWORK_OPEN and may_handle_network_clue(
            user, clue, getattr(clue, "seen", ()), clue.agency_of.values())
        clue.next_steps = _next_steps(user, clue, codes) if clue.status == NetworkClueStatus.CONVERTED else []
    return clues


def _next_steps(user, clue, codes: dict[int, str]) -> list[dict]:
    """After 转为线索, the paths the single clues take: the agency transfers its own case (移送), the
    procuratorate asks the agency to transfer it by a 检察意见 (督促移送)."""
    steps = []
    for row in clue.cases:
        agency_id = clue.agency_of.get(row["case_id"])
        if is_prosecutor(user):
            steps.append({"label": f"制发检察意见，督促{row['agency']}移送{row['decision_no']}",
                          "url": f"/supervision/opinions/new/?{urlencode({'case': row['case_id'], 'agency': codes.get(agency_id, ''), 'network_clue': clue.pk})}"})
        elif may_draft_transfer(user, SimpleNamespace(agency_id=agency_id)):
            steps.append({"label": f"发起移送：{row['decision_no']}",
                          "url": f"/transfers/new/{row['case_id']}/?{urlencode({'crime': clue.crime_name, 'network_clue': clue.pk})}"})
    return steps


def network_clues_of(user, party) -> list[NetworkClue]:
    """The network clues naming this party that the reader may see (the party page)."""
    clues = [c for c in visible_network_clues(user) if any(p["party_id"] == party.pk for p in c.parties)]
    return read_network_clues(user, clues, via="页面")


def open_network_clues(user):
    """Open network clues this person may decide (待办)."""
    clues = visible_network_clues(user, NetworkClue.objects.filter(status__in=NETWORK_OPEN))
    agencies = case_agencies(clues)
    return [c for c in clues if may_handle_network_clue(user, c, c.seen, [agencies.get(pk) for pk in c.case_ids])]


@transaction.atomic
def decide_network_clue(clue: NetworkClue, to: str, *, actor, reason: str = "",
                        now: datetime | None = None) -> NetworkClue:
    """The 人工判断: 核查中, 转为线索 (the agency then transfers its case, the procuratorate 督促移送), or 排除
    with reasons. Permission and state are checked on the locked row; one audit row."""
    now = now or timezone.now()
    clue = NetworkClue.objects.select_for_update().get(pk=clue.pk)
    seen = set(visible_cases(actor).filter(pk__in=clue.case_ids).values_list("id", flat=True))
    require(may_handle_network_clue(actor, clue, seen, case_agencies([clue]).values()),
            "只有检察官，或持有该线索所列案件的行政执法机关的执法人员、法制审核员、负责人，"
            "且能查看该线索全部案件的，可以处理关联当事人合计线索")
    if to not in NetworkClueStatus.values:
        raise DomainError(f"处理结果“{to}”不是可选的处理结果（核查中、转为线索、排除）")
    if to not in NETWORK_TRANSITIONS[clue.status]:
        raise DomainError(f"该线索当前为“{clue.get_status_display()}”，不能改为“{NetworkClueStatus(to).label}”")
    reason = (reason or "").strip()
    if to == NetworkClueStatus.DISMISSED and not reason:
        raise DomainError("排除关联当事人合计线索必须填写“排除理由”，写明不能累计计算的理由（如并非同一人实际控制）")
    old = clue.status
    clue.status, clue.updated_at = to, now
    if to != NetworkClueStatus.CHECKING:
        clue.decided_reason, clue.decided_by, clue.decided_at = reason, actor, now
    clue.save(update_fields=["status", "updated_at", "decided_reason", "decided_by", "decided_at"])
    record_audit(f"screening.network_clue_{to}", actor=actor, now=now, obj=clue, before={"status": old},
                 after={"status": to, "cases": clue.case_ids}, reason=reason)
    return clue


def on_cases_imported_network(*, case_ids, batch_id: int, many: bool, now: datetime | None = None, **_) -> None:
    """The networks of the parties whose records came in (a big file: the worker's screen_import_batch)."""
    if not (many and batch_id) and case_ids:
        party_ids = set(PenaltyCase.objects.filter(pk__in=case_ids).values_list("party_id", flat=True))
        if Party.objects.filter(pk__in=party_ids).filter(with_contacts()).exists():  # else in no network
            screen_networks(party_ids=party_ids, now=now)
