"""Build the demo municipality through the same services the product uses (so it is audited too)."""

import math
import random
from datetime import date, datetime, time, timedelta
from functools import cache

from django.db import transaction
from django.utils import timezone

from liangfa.agencies import services as agency_services
from liangfa.agencies.models import Agency, User
from liangfa.agencies.passwords import DEMO_PASSWORD  # noqa: F401  (demo_logins reads it here)
from liangfa.cases.services import import_records
from liangfa.clock.services import tick
from liangfa.core.audit import record_audit
from liangfa.demo import catalogue as cat
from liangfa.demo import facts_text, real_records
from liangfa.demo.accountability import build_accountability
from liangfa.demo.idgen import make_resident_id, make_uscc
from liangfa.demo.meetings import build_meetings
from liangfa.demo.networks import build_networks
from liangfa.demo.portal import build_portal
from liangfa.demo.review import build_review
from liangfa.demo.supervision import build_supervision
from liangfa.demo.transfers import build_transfers
from liangfa.parties.links import propose_links
from liangfa.screening.rules import RuleBook, default_rules_text

DOC_PREFIX = {"jz-scjg": "焦市监罚", "xw-scjg": "修市监罚", "jz-sw": "焦税稽罚", "jz-sthj": "焦环罚决",
              "jz-yj": "焦药监罚", "jz-ly": "焦林罚决字", "jz-yc": "焦烟罚", "jz-yjgl": "焦应急罚",
              "jz-zrzy": "焦自然资罚", "jz-whzf": "焦文执罚", "jz-hg": "焦关缉违字", "jz-nync": "焦农罚",
              "jz-wjw": "焦卫医罚", "jz-jtys": "焦交罚", "jz-zjj": "焦建罚"}

# (username, full name, agency code, roles, department)
PEOPLE = [
    ("admin", "平台管理员", "jz-sfj", ["admin"], None),
    ("sfj_jd", "孙监督", "jz-sfj", ["head"], None),
    ("scjg_zf", "王执法", "jz-scjg", ["officer"], None),
    ("scjg_zf2", "李执法", "jz-scjg", ["officer"], None),
    ("scjg_fz", "张法制", "jz-scjg", ["legal_reviewer"], None),
    ("scjg_fzr", "赵局长", "jz-scjg", ["head"], None),
    ("scjg_llz", "刘联络", "jz-scjg", ["liaison", "officer"], None),
    ("scjg_gw", "钱律师", "jz-scjg", ["legal_adviser"], None),
    ("xwscjg_zf", "陈执法", "xw-scjg", ["officer"], None),
    ("sw_zf", "杨稽查", "jz-sw", ["officer"], None),
    ("sw_fzr", "黄局长", "jz-sw", ["head"], None),
    ("sthj_zf", "周执法", "jz-sthj", ["officer"], None),
    ("yj_zf", "吴执法", "jz-yj", ["officer"], None),
    ("ly_zf", "徐执法", "jz-ly", ["officer", "liaison"], None),
    ("yc_zf", "孙专卖", "jz-yc", ["officer"], None),
    ("hg_zf", "马缉私", "jz-hg", ["officer"], None),
    ("gaj_fz", "郭法制", "jz-gaj", ["police_officer", "liaison"], "法制大队"),
    ("gaj_fzr", "何副局长", "jz-gaj", ["head"], None),  # 县级以上公安机关负责人: approves the 民警's 呈请
    ("gaj_jz", "高经侦", "jz-gaj", ["police_officer"], "经侦大队"),
    ("gaj_za", "林治安", "jz-gaj", ["police_officer"], "治安大队"),
    ("gaj_shy", "罗食药", "jz-gaj", ["police_officer"], "食药环侦大队"),
    ("gaj_xz", "郑刑侦", "jz-gaj", ["police_officer"], "刑侦大队"),
    ("jcy_jcg", "梁检察", "jz-jcy", ["prosecutor"], None),
    ("jcy_jcg2", "谢检察", "jz-jcy", ["prosecutor", "liaison"], None),
    ("jcy_fzr", "宋检察长", "jz-jcy", ["prosecutor", "head"], None),
    ("fy_fg", "唐法官", "jz-fy", ["judge"], None),  # 审判人员: enters and confirms judgments
    ("jcw_jc", "纪监察", "jz-jcw", ["inspector"], None),
]


def demo_exists() -> bool:
    return Agency.objects.filter(code="jz-sfj").exists()


@transaction.atomic
def build(*, cases: int = 5000, seed: int = 2026, now=None, out=print) -> dict:
    now = now or timezone.now()
    rng = random.Random(seed)
    admin = _bootstrap_admin(now)
    agencies = _agencies(admin, now)
    users = _people(admin, agencies, now)
    _cooperation(admin, agencies, users, now)
    parties = _party_pool(rng, max(200, cases // 3))
    totals = {"accepted": 0, "rejected": 0}
    for code, rows in _cases(rng, parties, cases, now).items():
        accepted = 0
        for imported_at, batch in _monthly(rows, now):
            result = import_records(batch, agency=agencies[code], actor=users["admin"], source="demo", now=imported_at)
            if not result.committed:
                raise RuntimeError(f"演示数据导入失败（{code}）：{result.rejected[:3]}")
            accepted += result.accepted
        totals["accepted"] += accepted
        if rows:
            out(f"  {agencies[code].name}：{accepted} 件")
    for field, rows in _real_rows().items():
        agency = next(a for a in agencies.values() if a.field == field and a.level == "city")
        rows = [real_records.as_decided_by(row, agency.name) for row in rows]
        result = import_records(rows, agency=agency, actor=users["admin"], source="demo", skip_invalid=True, now=now)
        totals["accepted"] += result.accepted
        totals["rejected"] += len({r["row"] for r in result.rejected})
    out("  真实公开案例：见各机关导入记录（不完整的记录按原因拒绝）")
    _showcase(agencies, users["admin"], now)
    build_networks(admin=users["admin"], now=now, out=out)
    out(f"  当事人关联候选：{propose_links(now=now)} 组")
    totals["transfers"] = build_transfers(admin=admin, now=now, out=out)
    build_supervision(now=now, out=out)
    build_review(now=now, out=out)
    build_meetings(now=now, out=out)
    build_portal(now=now, out=out)
    build_accountability(now=now, out=out)
    out(f"  已逾期并提醒：{tick(now=now)} 项")
    return totals


def _monthly(rows: list[dict], now) -> list[tuple]:
    """The platform as if it had run for three years: each month's decisions arrive on the 20th of the next
    month (the latest an hour ago), so their clues are raised then and the older ones are 应移未移 by now."""
    months: dict[date, list[dict]] = {}
    for row in rows:
        decided = date.fromisoformat(row["处罚决定日期"])
        months.setdefault(decided.replace(day=1), []).append(row)
    latest = now - timedelta(hours=1)
    batches = []
    for month, batch in sorted(months.items()):
        arrives = timezone.make_aware(datetime.combine((month + timedelta(days=32)).replace(day=20), time(10)))
        batches.append((min(arrives, latest), batch))
    return batches


def _showcase(agencies, admin, now) -> None:
    """A repeat offender that only shows when two agencies' records are seen together, and a masked
    code that matches another agency's full code (a link for a person to confirm)."""
    rng = random.Random(7)
    code = make_uscc(rng, "92", "410802")
    today = timezone.localdate(now)

    def row(doc_no, violation, amount, decided, conduct, authority):
        return {"行政相对人名称": "解放区鼎盛烟酒商行", "行政相对人类别": "个体工商户",
                "行政相对人代码_1（统一社会信用代码）": code, "法定代表人": "李建国", "行政处罚决定书文号": doc_no,
                "违法行为类型": violation, "违法事实": f"经查，当事人{violation}，非法经营数额{amount}元。",
                "处罚依据": "《烟草专卖法》第三十二条、《烟草专卖法实施条例》第五十七条", "处罚类别": "罚款；没收违法所得",
                "处罚内容": "罚款并没收违法所得", "罚款金额（元）": "5000", "处罚决定日期": decided.isoformat(),
                "违法行为发生日期": conduct.isoformat(), "决定生效日期": (decided + timedelta(days=15)).isoformat(),
                "非法经营数额（元）": amount, "处罚机关": authority, "案件状态": "结案" if decided < today - timedelta(days=90) else "决定"}

    first, second, third = today - timedelta(days=600), today - timedelta(days=300), today - timedelta(days=20)
    import_records([row(f"焦烟罚〔{first.year}〕901号", "无烟草专卖零售许可证经营烟草制品零售业务", "12,000", first,
                        first - timedelta(days=30), "焦作市烟草专卖局"),
                    row(f"焦烟罚〔{third.year}〕903号", "无烟草专卖零售许可证经营烟草制品零售业务", "35,000", third,
                        third - timedelta(days=40), "焦作市烟草专卖局")],
                   agency=agencies["jz-yc"], actor=admin, source="demo", now=now)
    import_records([row(f"修市监罚〔{second.year}〕902号", "无《烟草专卖零售许可证》销售卷烟", "8,000", second,
                        second - timedelta(days=25), "修武县市场监督管理局")],
                   agency=agencies["xw-scjg"], actor=admin, source="demo", now=now)
    # The same shop as published on a 双公示 page, code masked: it will be proposed, never linked on its own.
    masked = row(f"焦烟罚〔{second.year}〕904号", "未在当地烟草专卖批发企业进货", "3,000", second + timedelta(days=30),
                 second, "焦作市烟草专卖局")
    masked.update({"行政相对人代码_1（统一社会信用代码）": code[:14] + "****", "行政相对人名称": "解放区鼎盛烟酒商行（个体）",
                   "处罚机关": "焦作市市场监督管理局"})
    import_records([masked], agency=agencies["jz-scjg"], actor=admin, source="demo", now=now)
    import_records([{**masked, "行政处罚决定书文号": f"焦税罚〔{second.year}〕905号", "违法行为类型": "未按规定开具发票",
                     "处罚依据": "《发票管理办法》第三十五条", "处罚机关": "国家税务总局焦作市税务局"}],
                   agency=agencies["jz-sw"], actor=admin, source="demo", now=now)


def _bootstrap_admin(now) -> User:
    """The first administrator cannot be created by another one; record that it was bootstrapped."""
    admin = User.objects.create_superuser("admin", password=DEMO_PASSWORD, full_name="平台管理员",
                                          roles=["admin"])
    record_audit("user.bootstrap", now=now, obj=admin, reason="演示区域初始化")
    return admin


def _agencies(admin, now) -> dict[str, Agency]:
    created: dict[str, Agency] = {}
    for code, name, kind, level, region, field, parent in cat.AGENCIES:
        created[code] = agency_services.create_agency(
            actor=admin, now=now, code=code, name=name, kind=kind, level=level, region_code=region, field=field,
            parent=created.get(parent) if parent else None,
        )
    for name, kind in cat.POLICE_DEPARTMENTS:
        agency_services.create_department(created["jz-gaj"], actor=admin, name=name, kind=kind, now=now)
    admin.agency = created["jz-sfj"]
    admin.save(update_fields=["agency"])
    return created


def _people(admin, agencies, now) -> dict[str, User]:
    users = {"admin": admin}
    for username, full_name, code, roles, dept in PEOPLE:
        if username == "admin":
            continue
        agency = agencies[code]
        department = agency.departments.get(name=dept) if dept else None
        users[username] = agency_services.create_user(
            actor=admin, username=username, password=DEMO_PASSWORD, agency=agency, roles=roles,
            full_name=full_name, department=department, now=now,
        )
    for agency in agencies.values():  # R310 第五条: each agency's 正职负责人 approves its transfers
        heads = [u for u in users.values() if u.agency_id == agency.pk and u.has_role("head")]
        if len(heads) == 1:
            agency_services.set_principal(agency, heads[0], actor=admin, now=now)
    return users


def _cooperation(admin, agencies, users, now) -> None:
    police = agencies["jz-gaj"]
    since = timezone.localdate(now) - timedelta(days=400)
    for code, liaison in (("jz-scjg", "scjg_llz"), ("jz-ly", "ly_zf")):
        agency_services.appoint_liaison(actor=admin, agency=agencies[code], counterpart=police,
                                        user=users[liaison], since=since, now=now)
        agency_services.appoint_liaison(actor=admin, agency=police, counterpart=agencies[code],
                                        user=users["gaj_fz"], since=since, now=now)
    for code in ("jz-scjg", "jz-sw", "jz-sthj", "jz-ly", "jz-yc"):
        agency_services.record_agreement(
            actor=admin, agency_a=agencies[code], agency_b=police, now=now, signed_on=since,
            title=f"{agencies[code].name}与{police.name}执法办案协作协议",
            scope="线索通报、案件移送、提前介入、联合执法、信息共享与联席会议",
        )


# ---- parties -------------------------------------------------------------------------------------------

def _party_pool(rng, size: int) -> list[dict]:
    pool = []
    used_names: set[str] = set()
    for _ in range(size):
        region = rng.choice(cat.COUNTIES)
        roll = rng.random()
        person = rng.choice(cat.SURNAMES) + "".join(rng.choice(cat.GIVEN) for _ in range(rng.choice((1, 2))))
        if roll < 0.45:
            # Enterprise names are unique in a city (name registration): the demo keeps them so.
            name = ""
            while not name or name in used_names:
                first, second = rng.sample(cat.COMPANY_WORDS, 2)
                name = f"焦作市{first}{second}{rng.choice(cat.COMPANY_TRADES)}有限公司"
            used_names.add(name)
            party = {"name": name, "kind": "法人及非法人组织", "code": make_uscc(rng, "91", region), "rep": person}
        elif roll < 0.8:
            name = f"{rng.choice(['解放区', '山阳区', '中站区', '马村区', '修武县', '博爱县', '武陟县', '温县'])}{person}{rng.choice(cat.SHOPS)}"
            party = {"name": name, "kind": "个体工商户", "code": make_uscc(rng, "92", region), "rep": person}
        else:
            party = {"name": person, "kind": "自然人", "code": make_resident_id(rng, region), "rep": ""}
        quality = rng.random()
        if quality < 0.05:  # published with the tail masked, as 双公示 pages do
            party["code"] = party["code"][:14] + "****" if party["kind"] != "自然人" else \
                party["code"][:6] + "********" + party["code"][14:]
        elif quality < 0.07:  # a typing error in the check character
            last = party["code"][-1]
            party["code"] = party["code"][:-1] + ("1" if last != "1" else "2")
        elif quality < 0.10:
            party["code"] = ""
        pool.append(party)
    # Same name in different formats across agencies (full-width brackets, spaces) for name matching.
    for party in pool[:: max(1, size // 40)]:
        party["alt_name"] = party["name"].replace("有限公司", " 有限公司").replace("(", "（")
    return pool


def _zipf_index(rng, n: int) -> int:
    # Heavy-tailed like real registries: a few parties appear in many agencies' records, most once.
    return min(n - 1, int(n * rng.random() ** 1.3))


# ---- cases ---------------------------------------------------------------------------------------------

@cache
def _rules() -> RuleBook:
    return RuleBook(default_rules_text())  # the packaged 立案追诉标准, read by screening/rules.py alone


def threshold_for(violation: cat.Violation) -> float | None:
    if not violation.threshold_key:
        return None
    entry = _rules().entries[violation.threshold_key]
    candidates = list(entry.thresholds)
    if entry.fallback:
        candidates.append(entry.fallback)
    for item in candidates:
        if item.get("metric") == violation.threshold_metric and item.get("min") is not None:
            return float(item["min"])
    return None


def _cases(rng, parties, total: int, now) -> dict[str, list[dict]]:
    today = timezone.localdate(now)
    start = today - timedelta(days=3 * 365)
    weight_sum = sum(cat.VOLUME.values())
    agency_fields = {code: field for code, _, _, _, _, field, _ in cat.AGENCIES}
    rows: dict[str, list[dict]] = {code: [] for code in cat.VOLUME}
    counters: dict[tuple[str, int], int] = {}
    for _ in range(total):
        code = rng.choices(list(cat.VOLUME), weights=list(cat.VOLUME.values()))[0]
        violation = rng.choice(cat.VIOLATIONS[agency_fields[code]])
        party = parties[_zipf_index(rng, len(parties))]
        decided = start + timedelta(days=rng.randrange(0, (today - start).days))
        counters[(code, decided.year)] = counters.get((code, decided.year), 0) + 1
        rows[code].append(_case_row(rng, code, violation, party, decided, today, counters[(code, decided.year)]))
    del weight_sum
    return rows


def _lognormal(rng, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))


def _case_row(rng, code, violation, party, decided: date, today: date, seq: int) -> dict:
    conduct = decided - timedelta(days=rng.randrange(20, 150))
    effective = decided + timedelta(days=15)
    row = {
        "行政相对人名称": party.get("alt_name", party["name"]) if rng.random() < 0.3 else party["name"],
        "行政相对人类别": party["kind"],
        "法定代表人": party["rep"],
        "行政处罚决定书文号": f"{DOC_PREFIX[code]}〔{decided.year}〕{seq}号",
        "违法行为类型": violation.name,
        "处罚依据": violation.basis,
        "处罚决定日期": decided.isoformat(),
        "违法行为发生日期": conduct.isoformat(),
        "决定生效日期": effective.isoformat() if effective <= today else "",
        "处罚机关": next(name for c, name, *_ in cat.AGENCIES if c == code),
        "数据来源单位": next(name for c, name, *_ in cat.AGENCIES if c == code),
        "公示截止期": (decided + timedelta(days=365 * 3)).isoformat(),
        "案件状态": "结案" if (today - decided).days > 180 else rng.choice(["决定", "执行"]),
    }
    if party["kind"] == "自然人":
        row["证件类型"], row["证件号码"] = "身份证", party["code"]
    else:
        row["行政相对人代码_1（统一社会信用代码）"] = party["code"]

    facts = f"经查，当事人{violation.name}。"
    value = 0.0
    if violation.metric:
        threshold = threshold_for(violation)
        value = _lognormal(rng, violation.typical, 0.9)
        if threshold and rng.random() < 0.07:  # the cases the screening must find
            value = threshold * rng.uniform(1.0, 3.0)
        elif threshold and value >= threshold:
            value = threshold * rng.uniform(0.3, 0.95)
        header, unit = _METRIC_HEADERS[violation.metric]
        value = round(value, 1 if unit != "元" else 0)
        if rng.random() < TEXT_ONLY_SHARE:  # as real 双公示 exports: the amount only in the 违法事实
            write = facts_text.money_text if unit == "元" else facts_text.quantity_text
            facts, _ = write(rng, violation.metric, value, violation.name)
        else:
            row[header] = f"{value:.1f}" if unit != "元" else f"{int(value):,}"
            row["金额来源"] = "处罚决定书认定"
            facts += f"涉案{header.split('（')[0]}{row[header]}{unit}。"
        if violation.metric == "area_mu":  # 5亩 or 10亩 by class; a third left unrecorded (需人工判断)
            classes = ("公益林地", "商品林地", "") if "林地" in violation.name else ("永久基本农田（基本农田）", "基本农田以外的耕地", "")
            row["土地类别"] = classes[seq % 3]
    fine = _lognormal(rng, violation.fine_typical, 0.7)
    if violation.metric == "tax_evaded":
        fine = value * rng.uniform(0.5, 1.5)
    fine = max(100, round(fine, -2))
    row["违法事实"] = facts
    row["处罚类别"] = "罚款" if rng.random() < 0.8 else "罚款；没收违法所得"
    row["罚款金额（万元）"] = f"{fine / 10000:.4f}".rstrip("0").rstrip(".")
    row["处罚内容"] = f"罚款人民币{int(fine):,}元"
    if "没收" in row["处罚类别"]:
        confiscated = max(50, round(_lognormal(rng, 3000, 0.8), -1))
        row["没收违法所得、没收非法财物的金额（万元）"] = f"{confiscated / 10000:.4f}".rstrip("0").rstrip(".")
        row["处罚内容"] += f"，没收违法所得{int(confiscated):,}元"
    return row


TEXT_ONLY_SHARE = 0.45  # cases whose threshold amount is written only in the 违法事实 (read by cases/textvalues.py)
_METRIC_HEADERS = {
    "sales_amount": ("销售金额（元）", "元"), "illegal_gain": ("违法所得（元）", "元"),
    "illegal_business_amount": ("非法经营数额（元）", "元"), "tax_evaded": ("偷逃税额（元）", "元"),
    "area_mu": ("面积（亩）", "亩"), "volume_m3": ("蓄积（立方米）", "立方米"),
}


def _real_rows() -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for rec in real_records.load():
        grouped.setdefault(real_records.agency_field(rec), []).append(real_records.to_template_row(rec))
    return grouped


def logins() -> list[tuple[str, str, str]]:
    rows = []
    for username, full_name, _code, _roles, dept in PEOPLE:
        user = User.objects.filter(username=username).select_related("agency").first()
        if user:
            where = user.agency.name + (dept or "") if user.agency else "平台"
            rows.append((username, f"{full_name}（{'、'.join(user.role_labels)}）", where))
    return rows


