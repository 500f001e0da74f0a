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

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from liangfa.agencies.permissions import may_see_network_clue
from liangfa.cases.models import PenaltyCase
from liangfa.cases.services import visible_cases
from liangfa.core.amounts import format_amount
from liangfa.core.audit import record_audit
from liangfa.core.labels import confidence_label
from liangfa.parties.models import Party
from liangfa.parties.network import EVIDENCE, MAX_PARTIES, with_contacts
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


def networks(party_ids: set[int] | None = None) -> list[tuple[list[int], list[str]]]:
    """Groups of two or more parties joined by shared contacts: (party ids, the evidence in words). A value
    shared by more than MAX_PARTIES parties (a call centre's phone, an industrial park's address) joins none."""
    rows = list(Party.objects.filter(with_contacts()).values_list("pk", "rep_id_no", "address_key", "phone"))
    parent = {pk: pk for pk, *_ in rows}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_value: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, rep, address, phone in rows:
        for key, value in (("rep", rep), ("address", address), ("phone", phone)):
            if value:
                by_value[(key, value)].append(pk)
    joins = [(key, pks) for (key, _), pks in by_value.items() if 2 <= len(pks) <= MAX_PARTIES]
    for _, pks in joins:
        for other in pks[1:]:
            parent[find(other)] = find(pks[0])
    members: dict[int, list[int]] = defaultdict(list)
    for pk in parent:
        members[find(pk)].append(pk)
    evidence: dict[int, set[str]] = defaultdict(set)
    for key, pks in joins:
        evidence[find(pks[0])].add(key)
    out = []
    for root, pks in members.items():
        if len(pks) < 2 or (party_ids is not None and not party_ids.intersection(pks)):
            continue
        out.append((sorted(pks), [EVIDENCE[k] for k in ("rep", "address", "phone") if k in evidence[root]]))
    return out


def screen_networks(*, party_ids: set[int] | None = None, now: datetime | None = None) -> int:
    """Raise the clues of the networks (those holding `party_ids`, or all); returns how many are new or changed."""
    if not settings.NETWORK_CLUES:
        return 0
    now = now or timezone.now()
    rules, cat = Rules(rulebooks()), catalogue()
    made = 0
    for members, evidence in networks(party_ids):
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
                made += _raise(items, key, metric, threshold, total, evidence, now)
    return made


@transaction.atomic
def _raise(items, key, metric, threshold, total, evidence, now) -> int:
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
    each = "；".join(f"{row['party']}（{row['decision_no']}）{format_amount(as_decimal(row['value']), unit)}"
                    for row in listing)
    reason = (f"关联当事人{'、'.join(p['name'] for p in parties)}（{'、'.join(evidence)}）涉嫌{entry.crime_name}的"
              f"{len(listing)}件案件，{metric_cn}分别为：{each}，均未达到立案追诉标准 {format_amount(threshold, unit)}，"
              f"合计 {format_amount(total, unit)} ≥ {format_amount(threshold, unit)}（{entry.standard}；{entry.article}）。"
              f"能否累计计算须人工判断。{BASIS}。")
    values = dict(crime_name=entry.crime_name, article=entry.article, standard=entry.standard, metric_cn=metric_cn,
                  unit=unit, total=total, case_ids=case_ids, cases=listing, parties=parties, evidence=evidence,
                  checks=CHECKS, reason=reason, fingerprint=fingerprint, updated_at=now)
    if earlier:
        clue = earlier[0]
        before = {"cases": clue.case_ids, "total": str(clue.total)}
        for name, value in values.items():
            setattr(clue, name, value)
        clue.save()
        NetworkClue.objects.filter(pk__in=[c.pk for c in earlier[1:]]).delete()  # networks that have merged
        record_audit("screening.network_clue_update", now=now, obj=clue, before=before,
                     after={"cases": case_ids, "total": str(total)})
        return 1
    clue = NetworkClue.objects.create(rule_key=key, metric=metric, threshold=threshold, created_at=now, **values)
    record_audit("screening.network_clue", now=now, obj=clue,
                 after={"cases": case_ids, "total": str(total), "threshold": str(threshold), "rule": key})
    return 1


def visible_network_clues(user) -> list[NetworkClue]:
    """The network clues this reader may see: those all of whose cases the reader may see."""
    clues = list(NetworkClue.objects.all())
    wanted = {pk for clue in clues for pk in clue.case_ids}
    seen = set(visible_cases(user).filter(pk__in=wanted).values_list("id", flat=True)) if wanted else set()
    return [clue for clue in clues if may_see_network_clue(user, clue, seen)]


def network_clues_of(user, party) -> list[NetworkClue]:
    """The network clues naming this party that the reader may see (the party page)."""
    return [c for c in visible_network_clues(user) if any(p["party_id"] == party.pk for p in c.parties)]


def on_cases_imported_network(*, case_ids, batch_id: int, many: bool, now: datetime | None = None, **_) -> None:
    """The networks of the parties whose records came in (a big file: the worker's screen_import_batch)."""
    if not (many and batch_id) and case_ids:
        party_ids = set(PenaltyCase.objects.filter(pk__in=case_ids).values_list("party_id", flat=True))
        if Party.objects.filter(pk__in=party_ids).filter(with_contacts()).exists():  # else in no network
            screen_networks(party_ids=party_ids, now=now)
