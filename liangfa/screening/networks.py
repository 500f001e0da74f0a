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
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import (
    is_prosecutor,
    may_draft_transfer,
    may_handle_network_clue,
    may_see_network_clue,
    network_clues_handled,
    network_clues_seen,
    require,
)
from liangfa.cases.models import PenaltyCase
from liangfa.cases.services import visible_cases
from liangfa.core.amounts import format_amount
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.core.labels import confidence_label
from liangfa.core.receipts import Read, record_reads
from liangfa.parties.models import Party
from liangfa.parties.network import Found, networks, with_contacts
from liangfa.screening.choices import NETWORK_OPEN, NETWORK_TRANSITIONS, NetworkClueStatus, NetworkClueStep
from liangfa.screening.models import NetworkClue, NetworkClueCase, NetworkClueEvent
from liangfa.screening.rules import METRIC_FIELDS, as_decimal
from liangfa.screening.services import Rules, _load_groups, catalogue, rulebooks

# a page never shows a code (core/labels.py): the confidence in words, the switch as what the 管理员 does
BASIS = (f"关联当事人合计为提示：没有法律规定把不同当事人的行为累计计算（{confidence_label('L')}；"
         "系统管理员可在部署设置中关闭此类提示）；所引为行为时适用的该罪立案追诉标准，该标准版本须核对之处列在“仍需核查”中")
CHECKS = [
    "需人工判断：各当事人是否由同一人实际控制，或系将同一经营活动分拆到多个主体",
    "需人工判断：各次行为是否属于同种违法行为且均未经处理，能否依立案追诉标准的规定累计计算",
]


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


def _cited(entry) -> str:
    """The standard and the 刑法 article, the article once (a version whose standard is the article itself)."""
    return entry.standard if entry.article in entry.standard else f"{entry.standard}；{entry.article}"


@transaction.atomic
def _raise(items, key, metric, threshold, total, found: Found, now) -> int:
    """Create the clue, or bring up to date the one the same network raised before for the same crime and
    threshold (a third shell's case joins the sum): one clue per network and threshold, never a pile."""
    items = sorted(items, key=lambda item: item[0].id)
    case_ids = [fact.id for fact, *_ in items]
    fingerprint = hashlib.sha256(f"{key}|{metric}|{threshold}|{case_ids}".encode()).hexdigest()
    holding = NetworkClueCase.objects.filter(case_id__in=case_ids).values("clue_id")  # not every clue of the rule
    earlier = list(NetworkClue.objects.select_for_update().filter(rule_key=key, metric=metric, threshold=threshold,
                                                                  pk__in=holding))
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
              f"合计 {format_amount(total, unit)} ≥ {format_amount(threshold, unit)}（{_cited(entry)}）。"
              f"能否累计计算须人工判断。{BASIS}。")
    values = dict(crime_name=entry.crime_name, article=entry.article, standard=entry.standard, metric_cn=metric_cn,
                  unit=unit, total=total, case_ids=case_ids, cases=listing, parties=parties, evidence=evidence,
                  edges=edges, capped_at=found.capped_at, checks=[*CHECKS, *entry.checks], reason=reason, fingerprint=fingerprint, updated_at=now)
    if earlier:
        clue = earlier[0]
        before = {"cases": clue.case_ids, "total": str(clue.total)}
        figures = (f"案件 {len(clue.case_ids)} 件 → {len(case_ids)} 件，{metric_cn}合计 "
                   f"{format_amount(clue.total, unit)} → {format_amount(total, unit)}")
        if len(earlier) > 1:
            figures += f"；关联网络合并，原有的 {len(earlier) - 1} 条线索并入本线索"
        old, step, note = clue.status, NetworkClueStep.UPDATED, figures
        for name, value in values.items():
            setattr(clue, name, value)
        if clue.status == NetworkClueStatus.DISMISSED:
            # new facts: the earlier dismissal does not cover them (it stays in the clue's history)
            step, note = NetworkClueStep.REOPENED, f"{figures}；原排除（{clue.decided_reason}）不涵盖新加入的案件"
            clue.status = NetworkClueStatus.NEW
            clue.decided_reason, clue.decided_by, clue.decided_at = "", None, None
        clue.save()
        NetworkClue.objects.filter(pk__in=[c.pk for c in earlier[1:]]).delete()  # networks that have merged
        _event(clue, step, now, old=old, note=note)
        record_audit("screening.network_clue_update", now=now, obj=clue, before=before,
                     after={"cases": case_ids, "total": str(total)})
    else:
        clue = NetworkClue.objects.create(rule_key=key, metric=metric, threshold=threshold, created_at=now, **values)
        _event(clue, NetworkClueStep.RAISED, now, note=f"案件 {len(case_ids)} 件，{metric_cn}合计 {format_amount(total, unit)}")
        record_audit("screening.network_clue", now=now, obj=clue,
                     after={"cases": case_ids, "total": str(total), "threshold": str(threshold), "rule": key})
    _write_cases(clue, listing)
    return 1


def _write_cases(clue: NetworkClue, listing: list[dict]) -> None:
    """The clue's cases as rows the list's visibility query reads (permissions.network_clues_seen): written
    with the clue, rewritten whenever its cases change."""
    NetworkClueCase.objects.filter(clue=clue).delete()
    rows = {row["case_id"]: row["party_id"] for row in listing}
    NetworkClueCase.objects.bulk_create([NetworkClueCase(clue=clue, case_id=case_id, party_id=party_id)
                                         for case_id, party_id in rows.items()])


def _event(clue: NetworkClue, step: str, now, *, actor=None, old: str = "", note: str = "") -> None:
    who = actor_fields(actor)
    if actor is None:
        who["actor_name"] = "系统筛查"
    NetworkClueEvent.objects.create(clue=clue, time=now, code=step, from_status=old, to_status=clue.status,
                                    note=note, **who)


def seen_network_clues(user, clues=None):
    """The network clues this reader may see (of `clues`, a queryset, or all), as a query the database filters,
    counts and pages: those all of whose cases the reader may see (permissions.network_clues_seen)."""
    return network_clues_seen(user, NetworkClue.objects.all() if clues is None else clues, visible_cases(user))


def checked_network_clues(user, clues: list[NetworkClue]) -> list[NetworkClue]:
    """The clues about to be shown, checked once more by the named check on their visible case ids (one
    query): each carries `seen` for the checks that follow (may_handle_network_clue)."""
    wanted = {pk for clue in clues for pk in clue.case_ids}
    seen = set(visible_cases(user).filter(pk__in=wanted).values_list("id", flat=True)) if wanted else set()
    shown = [clue for clue in clues if may_see_network_clue(user, clue, seen)]
    for clue in shown:
        clue.seen = seen
    return shown


def with_history(clues):
    """A queryset of clues with who decided them and their history (处理经过), each read in one query."""
    return clues.select_related("decided_by").prefetch_related(
        Prefetch("events", queryset=NetworkClueEvent.objects.order_by("time", "id")))


def visible_network_clues(user, clues=None) -> list[NetworkClue]:
    """The network clues this reader may see (of `clues`, a queryset, or all), loaded and checked."""
    return checked_network_clues(user, list(with_history(seen_network_clues(user, clues))))


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
    started = _transfers_started(user, [c for c in clues if c.status == NetworkClueStatus.CONVERTED])
    for clue in clues:
        for row in clue.cases:  # as officials write it (65,379.00 元); not saved
            row["value_text"] = format_amount(as_decimal(row["value"]), clue.unit)
        clue.agency_of = {pk: agencies.get(pk) for pk in clue.case_ids}
        clue.can_act = clue.status in NETWORK_OPEN and may_handle_network_clue(
            user, clue, getattr(clue, "seen", ()), clue.agency_of.values())
        clue.next_steps = (_next_steps(user, clue, codes, started) if clue.status == NetworkClueStatus.CONVERTED
                           else [])
    return clues


def _transfers_started(user, clues) -> dict[int, tuple[int, str]]:
    """{case id: (transfer id, its status in words)} for the cases of these clues with a transfer this person
    may see (one query): such a case's next step is that transfer, not a new one."""
    from liangfa.transfers.services import visible_transfers  # transfers reads screening's clues

    ids = {pk for clue in clues for pk in clue.case_ids}
    if not ids:
        return {}
    return {t.case_id: (t.pk, t.get_status_display())
            for t in visible_transfers(user).filter(case_id__in=ids).order_by("id")}


def _next_steps(user, clue, codes: dict[int, str], started: dict[int, tuple[int, str]]) -> list[dict]:
    """After 转为线索, the paths the single clues take: the agency transfers its own case (移送), the
    procuratorate asks the agency to transfer it by a 检察意见 (督促移送); a case already transferred links to
    its transfer instead."""
    steps = []
    for row in clue.cases:
        agency_id = clue.agency_of.get(row["case_id"])
        if row["case_id"] in started:
            pk, status = started[row["case_id"]]
            steps.append({"label": f"{row['decision_no']}已发起移送（{status}）", "url": f"/transfers/{pk}/"})
        elif is_prosecutor(user):
            steps.append({"label": f"制发检察意见，督促{row['agency']}移送{row['decision_no']}",
                          "url": f"/supervision/opinions/new/?{urlencode({'case': row['case_id'], 'agency': codes.get(agency_id, ''), 'network_clue': clue.pk})}"})
        elif may_draft_transfer(user, SimpleNamespace(agency_id=agency_id)):
            steps.append({"label": f"发起移送：{row['decision_no']}",
                          "url": f"/transfers/new/{row['case_id']}/?{urlencode({'crime': clue.crime_name, 'network_clue': clue.pk})}"})
    return steps


def network_clues_of(user, party) -> list[NetworkClue]:
    """The network clues naming this party that the reader may see (the party page)."""
    clues = NetworkClue.objects.filter(pk__in=NetworkClueCase.objects.filter(party_id=party.pk).values("clue_id"))
    return read_network_clues(user, visible_network_clues(user, clues), via="页面")


def open_network_clues(user):
    """Open network clues this person may decide (待办), as a query (permissions.network_clues_handled)."""
    return network_clues_handled(user, NetworkClue.objects.filter(status__in=NETWORK_OPEN), visible_cases(user))


def converted_awaiting_transfer(user):
    """This agency's cases in network clues turned into clues (转为线索) that it has not yet transferred, of the
    clues it may open (the row leads to them): the agency's next step (待办), whoever made the judgment."""
    from liangfa.transfers.models import Transfer

    converted = seen_network_clues(user, NetworkClue.objects.filter(status=NetworkClueStatus.CONVERTED))
    return NetworkClueCase.objects.filter(clue__in=converted.values("pk"), case__agency_id=user.agency_id).exclude(
        case_id__in=Transfer.objects.values("case_id")).values("case_id").distinct()


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
    _event(clue, NetworkClueStep.DECIDED, now, actor=actor, old=old, note=reason)
    record_audit(f"screening.network_clue_{to}", actor=actor, now=now, obj=clue, before={"status": old},
                 after={"status": to, "cases": clue.case_ids}, reason=reason)
    return clue


def on_cases_imported_network(*, case_ids, batch_id: int, many: bool, now: datetime | None = None, **_) -> None:
    """The networks of the parties whose records came in (a big file: the worker's screen_import_batch)."""
    if not (many and batch_id) and case_ids:
        party_ids = set(PenaltyCase.objects.filter(pk__in=case_ids).values_list("party_id", flat=True))
        if Party.objects.filter(pk__in=party_ids).filter(with_contacts()).exists():  # else in no network
            screen_networks(party_ids=party_ids, now=now)
