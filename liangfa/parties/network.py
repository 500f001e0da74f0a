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

from liangfa.core.audit import record_audit
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
