"""Nothing private is reachable from the public site: build the demo, follow every link of /gk/ and the public
API, and look in every response for every private value the demo holds."""

import html
import json
import re
from datetime import datetime

from django.test import Client

from liangfa.cases.models import PenaltyCase
from liangfa.clock.rules import TZ
from liangfa.demo.builder import build
from liangfa.parties.models import Party
from liangfa.portal import laws, publication
from liangfa.portal.models import Publication, PublicRequest, TrackingCode
from liangfa.screening.models import Clue
from liangfa.transfers.models import Transfer

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=TZ)
START = ["/gk/", "/api/public/decisions", "/api/public/procedures"]


def _public_words() -> str:
    """Text that is public in its own right: the law texts, registered names of organisations and
    individual businesses, and the 法定代表人/经营者 the 双公示 columns show."""
    organisations = Party.objects.exclude(kind="natural_person")
    return "\n".join([*(a.text for law in laws.all_versions() for a in law.articles),
                      *organisations.values_list("name", flat=True), *organisations.values_list("legal_rep", flat=True)])


def private_values() -> dict[str, str]:
    """value → what it is."""
    public = _public_words()
    values: dict[str, str] = {}
    for party in Party.objects.filter(kind="natural_person"):
        if len(party.id_raw) == 18 and "*" not in party.id_raw:
            values[party.id_raw] = "自然人身份证号"
        if len(party.name) >= 2 and "某" not in party.name and party.name not in public:
            values[party.name] = "自然人姓名"
    for req in PublicRequest.objects.all():
        values.update({req.name: "诉求人姓名", req.phone: "诉求人电话", req.body: "诉求内容", req.secret: "查询密码"})
        if req.answer:
            values[req.answer] = "书面答复"
        if req.referral_note:
            values[req.referral_note] = "线索说明"
    for code in TrackingCode.objects.all():
        values[code.code] = "执法进度查询码"
    shown = set(publication.shown(NOW.date()).values_list("case_id", flat=True)) | set(
        publication.withdrawn().values_list("case_id", flat=True))
    for case in PenaltyCase.objects.exclude(pk__in=shown):
        values[case.decision_no] = "未公示案件的文号"
    for case in PenaltyCase.objects.exclude(remarks=""):
        values[case.remarks] = "备注"
    for transfer in Transfer.objects.all():
        values[transfer.report] = "移送报告"
    for clue in Clue.objects.all()[:200]:
        values[clue.reason] = "线索理由"
    for pub in Publication.objects.exclude(withheld_note=""):
        values[pub.withheld_note] = "不予公示理由"
    return {v: what for v, what in values.items() if v and len(v) >= 2}


def _links(body: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"#]+)"', body)
            if h.startswith("/gk/") or h.startswith("/api/public/")]


def test_no_private_value_is_reachable_from_the_public_site(db):
    build(cases=300, now=NOW, out=lambda *a: None)
    private = private_values()
    kinds = set(private.values())
    assert {"自然人身份证号", "自然人姓名", "诉求人电话", "执法进度查询码", "未公示案件的文号", "备注", "移送报告"} <= kinds
    client, seen, queue = Client(), set(), list(START)
    pending = Publication.objects.filter(status="pending").first()
    queue.append(f"/gk/jieguo/{pending.pk}/")  # guessed address of an unpublished decision
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if url.startswith("/gk/jieguo/") and url.rstrip("/").split("/")[-1] == str(pending.pk):
            assert response.status_code == 404
            continue
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        if response["Content-Type"].startswith("application/json"):
            body = json.dumps(json.loads(body), ensure_ascii=False)
        leaks = [(what, value[:30]) for value, what in private.items() if value in body]
        assert not leaks, (url, leaks[:5])
        queue += [link for link in _links(body) if link not in seen]
    assert len(seen) > 100
    assert any("/gk/shuju/" in u and u.endswith(".csv") for u in seen)
    assert sum(1 for u in seen if re.fullmatch(r"/gk/jieguo/\d+/", u)) > 50
