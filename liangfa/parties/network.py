"""Networks behind the parties (跨行业监控, 幕后操纵): parties joined by the same 法定代表人/经营者 identity
number, the same registered address or the same contact phone, each edge with its evidence.

A party's network is what is reachable through such edges (two steps at most, a bounded number of parties):
a front company and its sisters, or the same person behind several 个体工商户 across agencies."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.core.audit import AuditEvent, record_audit
from liangfa.core.identifiers import check_resident_id
from liangfa.parties.models import Party

MAX_PARTIES = 60  # a graph a person can read; a shared call-centre phone would join hundreds
EVIDENCE = {"rep": "法定代表人/经营者身份证号相同", "address": "注册地址相同", "phone": "联系电话相同"}


def address_key(address: str) -> str:
    """Addresses compare without spaces, punctuation and the 省/市 prefix written or not."""
    text = re.sub(r"[\s,，。、()（）\-—#]", "", address or "")
    return re.sub(r"^(河南省)?(焦作市)?", "", text)


def phone_key(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-11:] if len(digits) >= 7 else ""


@transaction.atomic
def record_contacts(party: Party, *, rep_id_no: str = "", address: str = "", phone: str = "", actor=None,
                    source: str = "导入", now: datetime | None = None) -> Party:
    """What a record says about who is behind a party; an invalid identity number is not kept for linking."""
    now = now or timezone.now()
    check = check_resident_id(rep_id_no) if rep_id_no else None
    rep = check.key if check and check.status == "valid" else ""  # a masked or invalid number never joins parties
    party.rep_id_no, party.address, party.phone = rep, (address or "").strip()[:300], phone_key(phone)
    party.address_key = address_key(address)[:300]
    party.save(update_fields=["rep_id_no", "address", "address_key", "phone"])
    record_audit("party.contacts", actor=actor, now=now, obj=party, after={"source": source})
    return party


CONTACT_FIELDS = ["rep_id_no", "address", "address_key", "phone"]


def contacts_changes(stated: dict[int, dict], *, source: str = "导入", agency_id: int | None = None
                     ) -> tuple[list[Party], list[AuditEvent]]:
    """The importer's step: {party id: what rows said (rep_id_no already checked valid, address, phone)} →
    the parties whose contact record changes and one audit event each. What a row leaves empty is kept (a
    record without a phone does not erase the phone another record gave); the same values again change
    nothing, so importing a file twice writes and audits nothing the second time."""
    if not stated:
        return [], []
    changed, events = [], []
    for party in Party.objects.filter(pk__in=list(stated)).only("pk", "name", *CONTACT_FIELDS):
        said = stated[party.pk]
        before = {name: getattr(party, name) for name in ("rep_id_no", "address", "phone")}
        if said.get("rep_id_no"):
            party.rep_id_no = said["rep_id_no"]
        if said.get("address"):
            party.address = said["address"].strip()[:300]
            party.address_key = address_key(said["address"])[:300]
        if said.get("phone"):
            party.phone = phone_key(said["phone"])
        after = {name: getattr(party, name) for name in ("rep_id_no", "address", "phone")}
        if after != before:
            changed.append(party)
            events.append(AuditEvent("party.contacts", "parties.party", str(party.pk), party.name, agency_id,
                                     before={k: v for k, v in before.items() if v != after[k]},
                                     after={**{k: v for k, v in after.items() if v != before[k]}, "source": source}))
    if changed:
        Party.objects.bulk_update(changed, CONTACT_FIELDS)
    return changed, events


@dataclass
class Network:
    parties: dict[int, Party] = field(default_factory=dict)
    edges: list[tuple[int, int, str]] = field(default_factory=list)  # a, b, evidence key
    cut: bool = False  # more parties than shown


def _neighbours(party: Party) -> list[tuple[Party, str]]:
    found = []
    for key, value, column in (("rep", party.rep_id_no, "rep_id_no"), ("address", party.address_key, "address_key"),
                               ("phone", party.phone, "phone")):
        if value:
            for other in Party.objects.filter(**{column: value}).exclude(pk=party.pk)[:MAX_PARTIES]:
                found.append((other, key))
    return found


def network_of(party: Party, *, depth: int = 2) -> Network:
    net = Network(parties={party.pk: party})
    frontier, seen_edges = [party], set()
    for _ in range(depth):
        nxt = []
        for here in frontier:
            for other, key in _neighbours(here):
                pair = (min(here.pk, other.pk), max(here.pk, other.pk), key)
                if other.pk not in net.parties:
                    if len(net.parties) >= MAX_PARTIES:
                        net.cut = True
                        continue
                    net.parties[other.pk] = other
                    nxt.append(other)
                if pair not in seen_edges:
                    seen_edges.add(pair)
                    net.edges.append(pair)
        frontier = nxt
    return net


def with_contacts() -> Q:
    return ~Q(rep_id_no="") | ~Q(address_key="") | ~Q(phone="")
