"""A party's network as the party page shows it: nodes and edges for ECharts, each edge with its evidence,
personal data masked where the reader may not see the other party's cases."""

from liangfa.cases.services import visible_cases
from liangfa.core.redaction import cut_address, mask_name, mask_phone, mask_resident_id
from liangfa.parties.choices import PartyKind
from liangfa.parties.network import EVIDENCE, MAX_PARTIES, network_of

PERSONAL = {PartyKind.NATURAL_PERSON}


def network_view(user, party) -> dict | None:
    net = network_of(party)
    if len(net.parties) < 2:
        return None
    seen = set(visible_cases(user).filter(party_id__in=net.parties).values_list("party_id", flat=True).distinct())
    nodes = []
    for pk, p in net.parties.items():
        visible = pk in seen
        name = p.name if visible or p.kind not in PERSONAL else mask_name(p.name)
        nodes.append({"id": str(pk), "name": name, "visible": visible, "centre": pk == party.pk,
                      "url": f"/parties/{pk}/" if visible else "", "kind": p.get_kind_display()})
    edges = []
    for a, b, key in net.edges:
        open_both = a in seen and b in seen
        pa = net.parties[a]
        if key == "rep":
            value = pa.rep_id_no if open_both else mask_resident_id(pa.rep_id_no)
        elif key == "address":
            value = pa.address if open_both else cut_address(pa.address)
        else:
            value = pa.phone if open_both else mask_phone(pa.phone)
        edges.append({"source": str(a), "target": str(b), "evidence": EVIDENCE[key], "value": value,
                      "a": _name(nodes, a), "b": _name(nodes, b)})
    masked = any(not n["visible"] for n in nodes)
    return {"nodes": nodes, "edges": edges, "cut": net.cut, "cap": net.cap, "crowded": net.crowded, "crowd": MAX_PARTIES, "masked": masked}


def _name(nodes, pk) -> str:
    return next(n["name"] for n in nodes if n["id"] == str(pk))
