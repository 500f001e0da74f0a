"""Party links: candidates by name (never automatic), decided by a person and remembered; the groups of
parties confirmed to be one, which screening judges together."""

import re
from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.permissions import is_admin, may_decide_link, reads_region, require
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.identifiers import mask_code
from liangfa.parties.choices import LinkStatus
from liangfa.parties.models import Party, PartyLink
from liangfa.parties.signals import parties_linked

MIN_SCORE = 88.0


def _compatible_masked(a: Party, b: Party) -> bool:
    """A published masked code (510902********8198) that fits the other party's full code."""
    masked, full = (a, b) if "*" in a.id_raw else (b, a)
    if "*" not in masked.id_raw or not full.id_key or len(masked.id_raw) != len(full.id_key):
        return False
    return all(m == "*" or m == f for m, f in zip(masked.id_raw.upper(), full.id_key, strict=True))


def _score(a: Party, b: Party) -> tuple[float, list[str]]:
    score = fuzz.ratio(a.name_norm, b.name_norm)
    reasons = [f"名称相似度 {score:.0f}"]
    if a.legal_rep and a.legal_rep == b.legal_rep:
        score += 6
        reasons.append(f"法定代表人/负责人同为{a.legal_rep}")
    if a.region_code and a.region_code == b.region_code:
        score += 3
        reasons.append(f"区划代码同为{a.region_code}")
    if _compatible_masked(a, b):
        score += 10
        reasons.append("脱敏号码与另一方完整号码相符")
    return min(score, 100.0), reasons


def _block(name: str) -> str:
    return re.sub(r"^(焦作市|焦作|[\u4e00-\u9fa5]{2}[县区])", "", name)[:3]


def propose_links(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Pairs of parties in different agencies' records that may be the same; never two valid different codes."""
    now = now or timezone.now()
    known = set(PartyLink.objects.values_list("a_id", "b_id"))
    blocks: dict[tuple, list[Party]] = defaultdict(list)
    for party in Party.objects.only("id", "kind", "name_norm", "legal_rep", "region_code", "id_key", "id_raw",
                                    "source_agency_id"):
        blocks[(party.kind, _block(party.name_norm))].append(party)
    new = []
    for members in blocks.values():
        if len(members) < 2 or len(members) > 400:
            continue
        members.sort(key=lambda p: p.pk)
        # Each record is proposed against its best earlier match only: a cluster of N records needs N-1
        # decisions, not N(N-1)/2, and confirmed links join transitively.
        for i, b in enumerate(members[1:], start=1):
            best = None
            for a in members[:i]:
                if a.id_key and b.id_key:
                    continue  # two valid codes: decided by the codes, never by names
                if not (a.id_key or b.id_key) and a.source_agency_id == b.source_agency_id:
                    continue  # one agency's own records are already matched on name and code
                if (a.pk, b.pk) in known:
                    best = None
                    break  # already proposed or decided: a rejected pair never returns
                score, reasons = _score(a, b)
                if b.kind == "natural_person" and len(reasons) == 1:
                    continue  # a person's name alone proves nothing
                if score >= MIN_SCORE and (best is None or score > best[0]):
                    best = (score, reasons, a)
            if best:
                score, reasons, a = best
                new.append(PartyLink(a=a, b=b, score=score, reason="；".join(reasons), created_at=now))
                known.add((a.pk, b.pk))
            if len(new) >= limit:
                break
    PartyLink.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def propose_links_for(party_ids, *, now: datetime | None = None) -> int:
    """Candidates for parties that just came in (an import): each new party against the parties of its name
    block, by the same rules as propose_links, so that a link is proposed when the record arrives."""
    now = now or timezone.now()
    party_ids = set(party_ids)
    if len(party_ids) > 2000:
        return propose_links(now=now)  # one pass over all names costs less than a search per party
    new = []
    fields = ("id", "kind", "name_norm", "legal_rep", "region_code", "id_key", "id_raw", "source_agency_id")
    for b in Party.objects.filter(pk__in=set(party_ids)).only(*fields):
        block = _block(b.name_norm)
        if len(block) < 2:
            continue
        others = list(Party.objects.filter(kind=b.kind, name_norm__contains=block).exclude(pk=b.pk)
                      .only(*fields).order_by("pk")[:400])
        known = set(PartyLink.objects.filter(Q(a=b) | Q(b=b)).values_list("a_id", "b_id"))
        best = None
        for a in others:
            if _block(a.name_norm) != block or (a.id_key and b.id_key):
                continue
            if not (a.id_key or b.id_key) and a.source_agency_id == b.source_agency_id:
                continue
            if (min(a.pk, b.pk), max(a.pk, b.pk)) in known:
                best = None
                break  # already proposed or decided: a rejected pair never returns
            score, reasons = _score(a, b)
            if b.kind == "natural_person" and len(reasons) == 1:
                continue
            if score >= MIN_SCORE and (best is None or score > best[0]):
                best = (score, reasons, a)
        if best:
            score, reasons, a = best
            first, second = sorted([a, b], key=lambda p: p.pk)
            new.append(PartyLink(a=first, b=second, score=score, reason="；".join(reasons), created_at=now))
    return len(PartyLink.objects.bulk_create(new, ignore_conflicts=True))


def visible_links(user):
    base = PartyLink.objects.select_related("a", "b", "a__source_agency", "b__source_agency")
    ids = visible_agency_ids(user)
    if ids is ALL:
        return base
    return base.filter(Q(a__cases__agency_id__in=ids) | Q(b__cases__agency_id__in=ids)).distinct()


def owner_agencies(link: PartyLink) -> set[int]:
    """The agencies whose records name either party: each must agree before their cases are judged together."""
    rows = Party.objects.filter(pk__in=[link.a_id, link.b_id]).values_list("cases__agency_id", "source_agency_id")
    return {agency for pair in rows for agency in pair if agency is not None}


@transaction.atomic
def decide_link(link: PartyLink, *, actor, confirm: bool, now: datetime | None = None) -> PartyLink:
    """"Same party" or not. A link within one agency is its own decision; across agencies it takes every
    owning agency's yes, or the procuratorate's (a "no" from any of them ends it)."""
    now = now or timezone.now()
    link = PartyLink.objects.select_for_update().get(pk=link.pk)
    owners = owner_agencies(link)
    for_all = reads_region(actor) or is_admin(actor)
    require(may_decide_link(actor) and (for_all or actor.agency_id in owners), "无权确认当事人关联")
    if link.status != LinkStatus.CANDIDATE:
        raise DomainError(f"该关联已{link.get_status_display()}")
    if confirm and not for_all:
        if actor.agency_id in link.consents:
            raise DomainError("本机关已确认，待其他机关确认")
        link.consents = sorted({*link.consents, actor.agency_id})
        if not owners <= set(link.consents):
            link.save(update_fields=["consents"])
            record_audit("party_link.consent", actor=actor, now=now, obj=link,
                         after={"a": link.a_id, "b": link.b_id, "consents": link.consents})
            return link
    link.status = LinkStatus.CONFIRMED if confirm else LinkStatus.REJECTED
    link.decided_by, link.decided_at = actor.display_name, now
    link.save()
    record_audit("party_link.confirm" if confirm else "party_link.reject", actor=actor, now=now, obj=link,
                 after={"a": link.a_id, "b": link.b_id, "score": link.score, "consents": link.consents})
    if confirm:
        parties_linked.send(sender=PartyLink, party_ids=[link.a_id, link.b_id], now=now)
    return link


def shown_side(user, party: Party) -> dict:
    """What a reader may see of one side of a candidate: all of it when they may see its cases; else the
    name (the reason for the candidate), a masked code and no agency."""
    ids = visible_agency_ids(user)
    own = ids is ALL or (party.source_agency_id in ids if party.source_agency_id else
                         Party.objects.filter(pk=party.pk, cases__agency_id__in=ids).exists())
    if own:
        return {"party": party, "code": party.id_raw or "无证件号", "agency": party.source_agency, "visible": True}
    return {"party": party, "code": mask_code(party.id_raw) if party.id_raw else "无证件号", "agency": None,
            "visible": False}


def party_groups(party_ids: set[int]) -> dict[int, int]:
    """Each party's group: itself, joined with every party confirmed to be the same (transitively)."""
    links = PartyLink.objects.filter(status=LinkStatus.CONFIRMED).values_list("a_id", "b_id")
    parent: dict[int, int] = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {pid: find(pid) for pid in party_ids}


def group_members(party_id: int) -> set[int]:
    members, frontier = {party_id}, [party_id]
    while frontier:
        links = PartyLink.objects.filter(status=LinkStatus.CONFIRMED).filter(Q(a_id__in=frontier) | Q(b_id__in=frontier))
        found = {x for pair in links.values_list("a_id", "b_id") for x in pair} - members
        members |= found
        frontier = list(found)
    return members


def linked_party_ids() -> set[int]:
    """Every party confirmed to be the same as another."""
    return {x for pair in PartyLink.objects.filter(status=LinkStatus.CONFIRMED).values_list("a_id", "b_id") for x in pair}
