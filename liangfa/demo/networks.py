"""Demo: a few parties across agencies behind the same person, address or phone (the party page's network),
and a catalogue change back-tested and waiting for 管理员 (the rule-change page)."""

from django.db import transaction

from liangfa.parties.models import Party
from liangfa.parties.network import record_contacts

# valid 居民身份证号 (GB 11643) and addresses of the demo's people behind several parties
BEHIND = [("410802198503150019", "焦作市解放区民主路18号", "13903910001"),
          ("410811197706120013", "焦作市山阳区塔南路96号", "13839120002")]


def build_networks(*, admin, now, out=print) -> None:
    organisations = list(Party.objects.exclude(kind="natural_person").filter(cases__isnull=False)
                         .order_by("id").distinct()[:12])
    for number, party in enumerate(organisations[:9]):
        rep, address, phone = BEHIND[number % 2]
        record_contacts(party, rep_id_no=rep if number % 3 else "", address=address,
                        phone=phone if number % 4 == 0 else "", actor=admin, source="演示数据", now=now)
    out(f"  关联网络：{min(len(organisations), 9)} 个当事人登记了法定代表人、地址或电话")
    # the contacts were recorded after the cases were screened: the networks' combined amounts are judged now
    from liangfa.screening.networks import screen_networks

    out(f"  关联当事人合计线索：{screen_networks(now=now)} 条（需人工判断）")
    _catalogue_change(admin, now, out)


def _catalogue_change(admin, now, out) -> None:
    from liangfa.screening import changes
    from liangfa.screening.services import catalogue

    text = changes.catalogue_text(catalogue()) + "成品油 → 非法经营罪（从事其他非法经营活动）\n"
    with transaction.atomic():
        change = changes.propose_change("catalogue", text, note="无证经营成品油按非法经营罪判断", actor=admin, now=now)
    changes.run_backtest(change.pk)
    out("  规则修改：目录修改一项已回测，待管理员启用")
