"""Networks behind the parties (跨行业监控, 幕后操纵): parties joined by the same 法定代表人/经营者 identity
number, the same registered address or the same contact phone, each edge with its evidence.

A party's network is what is reachable through such edges (two steps at most, a bounded number of parties):
a front company and its sisters, or the same person behind several 个体工商户 across agencies."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from liangfa.core.audit import AuditEvent, record_audit
from liangfa.core.identifiers import check_resident_id
from liangfa.parties.models import Party

MAX_PARTIES = 60  # a value held by more parties joins none: a call centre's phone, an agent's address
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
    """A party's network as its page draws it: the parties (Party rows), each edge (a, b, evidence key), and
    whether the search stopped at the cap (`cut`, at `cap` parties) or left out a value so many parties hold
    that it joins none (`crowded`: a call centre's phone, an agent's registered address)."""

    parties: dict[int, Party] = field(default_factory=dict)
    edges: list[tuple[int, int, str]] = field(default_factory=list)  # a, b, evidence key
    cut: bool = False  # more parties than shown
    cap: int = 0
    crowded: bool = False


KEY_OF = {text: key for key, text in EVIDENCE.items()}


def network_of(party: Party, *, depth: int = 2) -> Network:
    """The parties reachable from this one in `depth` steps, by the same search as the network clues
    (networks()): per step one count per contact column and one read of the holders, each an IN lookup on the
    values in hand, stopping at settings.NETWORK_MAX_PARTIES; then the parties' rows in one query."""
    cap = settings.NETWORK_MAX_PARTIES
    net = Network(parties={party.pk: party}, cap=cap)
    found = next(iter(networks({party.pk}, cap=cap, depth=depth)), None)
    if found is None:
        return net
    others = Party.objects.in_bulk([pk for pk in found.members if pk != party.pk])
    net.parties.update(others)
    net.edges = [(e["a_id"], e["b_id"], KEY_OF[e["evidence"]]) for e in found.edges
                 if e["a_id"] in net.parties and e["b_id"] in net.parties]
    net.cut, net.crowded = found.capped_at is not None, found.crowded
    return net


# ---- the search (shared by the party page and the network clues, screening/networks.py) -------------------

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
    crowded: bool = False  # a member holds a value so many parties share that it joins none


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _shared(values: set[tuple[str, str]] | None) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Of these (column, value) pairs — or of every value on file when None — those that join parties (held
    by two to MAX_PARTIES parties) and those held by more (a call centre's phone: it joins none). Counted on
    the indexed column: one query per column with values (per CHUNK of them)."""
    shared, crowded = set(), set()
    for _, column in FIELDS:
        base = Party.objects.exclude(**{column: ""})
        if values is None:
            batches = [None]
        else:
            wanted = sorted(v for c, v in values if c == column)
            batches = list(_chunks(wanted))
        for batch in batches:
            rows = base if batch is None else base.filter(**{f"{column}__in": batch})
            rows = rows.values(column).annotate(n=Count("pk")).filter(n__gte=2).order_by()
            for value, n in rows.values_list(column, "n"):
                (shared if n <= MAX_PARTIES else crowded).add((column, value))
    return shared, crowded


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


def networks(party_ids: set[int] | None = None, *, cap: int | None = None, depth: int | None = None
             ) -> list[Found]:
    """Groups of two or more parties joined by shared contacts, found from `party_ids` (or from every party
    holding a shared value) by following the shared values through indexed lookups: the parties read are
    those of the networks, never every party with contacts. A network stops growing at `cap` parties
    (settings.NETWORK_MAX_PARTIES) and says so; with `depth` (the party page) it goes that many steps from
    `party_ids`. Each step is one count per contact column and one read of the holders, whatever the size."""
    cap = cap or settings.NETWORK_MAX_PARTIES
    if party_ids is None:
        joining, crowded = _shared(None)
        seeds = list(_holders(joining))
    else:
        seeds = [row for chunk in _chunks(sorted(party_ids))
                 for row in Party.objects.filter(pk__in=chunk).filter(with_contacts()).values_list(*COLUMNS)]
        joining, crowded = set(), set()
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
    steps = 0
    while frontier and (depth is None or steps < depth):
        steps += 1
        wanted = {pair for row in frontier for pair in _values(row)} - asked
        asked |= wanted
        if party_ids is None:
            shared = wanted & joining
        else:
            shared, too_many = _shared(wanted)
            crowded |= too_many
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
                         cap if capped else None, any(pair in crowded for pk in pks for pair in _values(rows[pk]))))
    return out




def with_contacts() -> Q:
    return ~Q(rep_id_no="") | ~Q(address_key="") | ~Q(phone="")
