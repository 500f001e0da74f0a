"""Demo transfers in every state, on dates in the past, so the clocks show on time, due soon and late."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from liangfa.agencies.models import Agency, User
from liangfa.agencies.passwords import DEMO_PASSWORD
from liangfa.agencies.services import create_user, set_principal
from liangfa.cases.models import PenaltyCase
from liangfa.core.errors import DomainError
from liangfa.transfers import outcomes, package, services
from liangfa.transfers.reverse import approve_reverse, receive_reverse, reply_reverse, send_reverse

# (agency code, case field that crossed a threshold, crime, final state, days ago the report was submitted);
# every step lands before `now` (delivery is 26 hours after the report): nothing in the demo is dated ahead
PLAN = [
    ("jz-scjg", "sales_amount", "生产、销售伪劣产品罪", "draft", 1),
    ("jz-scjg", "sales_amount", "销售假冒注册商标的商品罪", "pending_approval", 6),  # approval overdue
    ("jz-yj", "sales_amount", "生产、销售伪劣产品罪", "refused", 40),
    ("jz-yc", "illegal_business_amount", "非法经营罪", "approved", 3),  # delivery overdue (逾期不移送)
    ("jz-ly", "area_mu", "非法占用农用地罪", "delivered", 2),  # delivered yesterday: the police sign today
    ("jz-hg", "tax_evaded", "走私普通货物、物品罪", "forwarded", 20),
    ("jz-scjg", "sales_amount", "生产、销售伪劣产品罪", "accepted", 8),  # police decision overdue
    ("jz-scjg", "sales_amount", "生产、销售伪劣产品罪", "proposed", 2),  # 民警 proposed 立案: the 负责人 approves
    ("jz-nync", "sales_amount", "生产、销售伪劣产品罪", "materials", 2),
    ("jz-sw", "tax_evaded", "逃税罪", "extended", 12),
    ("jz-yc", "illegal_business_amount", "非法经营罪", "filed", 60),
    ("jz-ly", "volume_m3", "滥伐林木罪", "filed_late_handover", 10),
    ("jz-whzf", "illegal_business_amount", "非法经营罪", "not_filed", 2),
    ("jz-scjg", "sales_amount", "销售假冒注册商标的商品罪", "reconsidering", 3),
    ("jz-zrzy", "area_mu", "非法占用农用地罪", "upheld", 9),
    ("jz-scjg", "illegal_gain", "虚假广告罪", "supervision_requested", 30),
    # 立案监督 that succeeded: 不予立案, 复议维持, 建议监督; the 检察长's 通知立案书 and the police file on it
    # (demo/supervision.py takes it on from supervision_requested to 已立案 through the supervision services)
    ("jz-scjg", "sales_amount", "生产、销售伪劣产品罪", "supervision_filed", 50),
    # criminal outcomes (transfers/outcomes.py): arrested, judged and not yet in force, judged and in force
    ("jz-yc", "illegal_business_amount", "非法经营罪", "arrested", 40),
    ("jz-scjg", "sales_amount", "销售假冒注册商标的商品罪", "judged", 110),
    ("jz-yj", "sales_amount", "生产、销售伪劣产品罪", "judged_effective", 160),
]
OUTCOME_STATES = ("arrested", "judged", "judged_effective")


def _people(code: str) -> tuple[list[User], User | None]:
    users = list(User.objects.filter(agency__code=code))
    officers = [u for u in users if u.has_role("officer")]
    head = next((u for u in users if u.has_role("head")), None)
    return officers, head


def _ensure_staff(admin, agency: Agency) -> tuple[list[User], User]:
    officers, head = _people(agency.code)
    prefix = agency.code.replace("jz-", "")
    while len(officers) < 2:
        officers.append(create_user(actor=admin, username=f"{prefix}_zf{len(officers) + 1}", password=DEMO_PASSWORD,
                                    agency=agency, roles=["officer"], full_name=f"{agency.name[:4]}执法{len(officers) + 1}"))
    if head is None:
        head = create_user(actor=admin, username=f"{prefix}_fzr", password=DEMO_PASSWORD, agency=agency, roles=["head"],
                           full_name=f"{agency.name[:4]}负责人")
    if agency.principal_id is None:
        set_principal(agency, head, actor=admin)
    else:
        head = agency.principal
    return officers, head


def build_transfers(*, admin, now, out=print) -> int:
    police = User.objects.get(username="gaj_fz")
    police_head = User.objects.get(username="gaj_fzr")  # approves the 民警's 呈请 (程序规定第一百七十八条)
    customs_police = None
    prosecutor = User.objects.get(username="jcy_jcg")
    used: set[int] = set()
    count = 0
    for code, metric, crime, state, days_ago in PLAN:
        agency = Agency.objects.get(code=code)
        officers, head = _ensure_staff(admin, agency)
        start = now - timedelta(days=days_ago, hours=2)
        # cases that had reached the platform before the report was drafted
        cases = PenaltyCase.objects.filter(agency=agency, **{f"{metric}__isnull": False},
                                           events__time__lte=start - timedelta(hours=3)).exclude(pk__in=used)
        # a case the screening flagged for this crime, as an official would pick it; else one it did not
        # flag for anything (a transfer on the agency's own judgment), the largest amount first
        case = (cases.filter(clues__crime_name__startswith=crime).order_by(f"-{metric}").first()
                or cases.filter(clues__isnull=True).order_by(f"-{metric}").first())
        if case is None:
            continue
        used.add(case.pk)
        officer = officers[0]
        transfer = services.draft_transfer(
            case, actor=officer, team=officers[1:2], suspected_crime=crime, now=start - timedelta(hours=3),
            report=f"经查，{case.party_name}{case.violation_type}，涉案金额已达到立案追诉标准，涉嫌{crime}，建议移送公安机关。",
            # a case the platform flagged starts from its clue; otherwise the officers say why
            no_clue_reason=f"经专案组核实，{getattr(case, metric)}已达到{crime}的立案追诉标准，平台未提出相应线索",
        )
        package.attach_document(transfer, actor=officer, kind="investigation_report", now=start - timedelta(hours=2),
                                upload=SimpleUploadedFile("调查报告.txt", f"{case.decision_no} 调查报告".encode()))
        package.add_item(transfer, actor=officer, name="涉案物品（样品）", spec="抽样封存", quantity="1", unit="批",
                         storage_place=f"{case.agency.name}涉案物品仓库", now=start - timedelta(hours=2))
        package.generate_document(transfer, actor=officer, kind="item_list", now=start - timedelta(hours=2))
        package.generate_document(transfer, actor=officer, kind="transfer_letter", now=start - timedelta(hours=2))
        package.add_evidence(transfer, actor=officer, kind="documentary", description="销售台账、发票",
                             now=start - timedelta(hours=2))
        package.add_evidence(transfer, actor=officer, kind="inquiry_record", description="对当事人的询问笔录",
                             now=start - timedelta(hours=2))
        count += 1
        if state == "draft":
            continue
        services.submit_report(transfer, actor=officer, now=start)
        if state == "pending_approval":
            continue
        if state == "refused":
            services.refuse_transfer(transfer, actor=head, reason="销售金额证据仅有当事人陈述，尚需补充书证", now=start + timedelta(days=1))
            continue
        services.approve_transfer(transfer, actor=head, now=start + timedelta(hours=20))
        if state == "approved":
            continue
        services.deliver_transfer(transfer, actor=officer, now=start + timedelta(hours=26))
        if state == "delivered":
            continue
        receiving = police
        if state == "forwarded":
            customs_police = customs_police or Agency.objects.get(code="jz-hgjs")
            services.forward_transfer(transfer, actor=police, approver=police_head, organ=customs_police.name, now=start + timedelta(hours=40),
                                      notice="走私案件由海关缉私部门管辖，已转送焦作海关缉私分局")
            continue
        services.sign_receipt(transfer, actor=receiving, now=start + timedelta(hours=28))
        if state == "accepted":
            continue
        if state == "proposed":
            services.propose_decision(transfer, actor=police, kind="file", now=start + timedelta(hours=30),
                                      data={"case_no": f"焦公(经)立字〔{start.year}〕{transfer.pk:03d}号"})
            continue
        if state == "materials":
            services.notify_materials_incomplete(transfer, actor=police, missing="农药检验报告原件及检验机构资质证明",
                                                 now=start + timedelta(hours=40))
            continue
        if state == "extended":
            try:
                services.extend_decision(transfer, actor=police, extension="EXT_30", approver="何副局长",
                                         level="县级以上公安机关负责人", now=start + timedelta(days=2))
            except DomainError:
                pass  # the extended period runs past the loaded holiday calendar (next year not loaded yet)
            continue
        if state in ("filed", "filed_late_handover", *OUTCOME_STATES):
            services.decide_filing(transfer, actor=police, approver=police_head, file=True, now=start + timedelta(days=2),
                                   case_no=f"焦公刑立字〔{start.year}〕{transfer.pk:03d}号")
            if state != "filed_late_handover":
                services.hand_over_items(transfer, actor=officer, receiver="郭法制", now=start + timedelta(days=4))
                _outcomes(transfer, state, start, police, prosecutor)
            continue
        services.decide_filing(transfer, actor=police, approver=police_head, file=False, reason="trivial", materials_returned=True,
                               detail="经审查涉案数额刚达标准且当事人已退赔，情节显著轻微", now=start + timedelta(days=2))
        if state == "not_filed":
            continue
        services.request_reconsideration(transfer, actor=officer, grounds="涉案数额有账册和发票证明，不属情节显著轻微",
                                         now=start + timedelta(days=2, hours=1))
        if state == "reconsidering":
            continue
        services.decide_reconsideration(transfer, actor=police, approver=police_head, file=False, reasons="维持原决定",
                                        now=start + timedelta(days=4))
        if state == "upheld":
            continue
        services.request_supervision(transfer, actor=officer, grounds="公安机关应当立案而不立案", now=start + timedelta(days=5))
    _reverse(admin, now, police, prosecutor)
    out(f"  移送案件：{count} 件（各个状态，含逾期）")
    return count


def _outcomes(transfer, state, start, police, prosecutor) -> None:
    """逮捕 by the police, 起诉 by the procuratorate to the 中级人民法院, 判决 and 生效 by its 审判人员."""
    def at(days):
        return start + timedelta(days=days)

    year = start.year
    outcomes.record_arrest(transfer, actor=police, day=at(10).date(), now=at(10), crime=transfer.suspected_crime,
                           document_no=f"焦检捕〔{year}〕{transfer.pk:03d}号")
    if state == "arrested":
        return
    court = Agency.objects.get(code="jz-fy")
    outcomes.record_indictment(transfer, actor=prosecutor, day=at(45).date(), now=at(45), court=court,
                               crime=transfer.suspected_crime, document_no=f"焦检刑诉〔{year}〕{transfer.pk:03d}号")
    if state == "filed":
        return
    judge = User.objects.get(username="fy_fg")
    fine = (transfer.case.fine_amount or 0) * 2 + 20000
    custodial = state == "judged"  # 实刑 with 行政拘留 set off; the one in force is suspended
    outcomes.enter_judgment(
        transfer, actor=judge, day=at(100).date(), now=at(100), crime=transfer.suspected_crime,
        document_no=f"（{year}）豫08刑初{transfer.pk}号", principal="fixed_term", term_months=18 if custodial else 12,
        probation=not custodial, probation_months=None if custodial else 24, fine=fine,
        confiscation="没收违法所得", confiscated_amount=transfer.case.illegal_gain or transfer.case.confiscated_amount,
        detention_days=10 if custodial else 0,
        note="；".join(filter(None, [
            "被告人曾因同一违法行为被公安机关行政拘留十日" if custodial else "",
            "单位犯罪：对单位判处罚金，对直接负责的主管人员判处刑罚（《刑法》第三十一条）"
            if transfer.case.party_category == "法人及非法人组织" else ""])))
    if state == "judged_effective":
        outcomes.confirm_effective(transfer, actor=judge, day=at(115).date(), now=at(115))


def _reverse(admin, now, police, prosecutor) -> None:
    market = Agency.objects.get(code="jz-scjg")
    tax = Agency.objects.get(code="jz-sw")
    officers, _ = _people("jz-scjg")
    chief = User.objects.get(username="jcy_fzr")  # 检察长 approves the 检察意见 (刑诉规则第三百七十三条)
    replied = send_reverse(actor=prosecutor, source="non_prosecution", to_agency=market, party_name="焦作市鑫源食品有限公司",
                           summary="本院决定对被不起诉人不起诉，建议市场监管部门依法给予行政处罚并没收违法所得。",
                           document_no="焦检行意〔2026〕8号", non_prosecution_no="焦检刑不诉〔2026〕8号",
                           non_prosecution_kind="discretionary", now=now - timedelta(days=71))
    approve_reverse(replied, actor=chief, now=now - timedelta(days=70))
    reply_reverse(replied, actor=officers[0], result="已依法作出行政处罚：罚款三万元，没收违法所得。",
                  decision_no="焦市监罚〔2026〕901号", now=now - timedelta(days=40))
    proposed = send_reverse(actor=police, source="police_no_crime", to_agency=tax, party_name="焦作市宏达商贸有限公司",
                            summary="经审查，少缴税款数额未达逃税罪追诉标准，不构成犯罪，建议税务机关依法处理。",
                            document_no="焦公（经）不立字〔2026〕15号", now=now - timedelta(days=76))
    approve_reverse(proposed, actor=User.objects.get(username="gaj_fzr"), now=now - timedelta(days=75))
    receive_reverse(proposed, actor=_people("jz-sw")[0][0], now=now - timedelta(days=74))  # reply overdue
    pending = send_reverse(actor=prosecutor, source="non_prosecution", to_agency=market, party_name="修武县王芳商行",
                           summary="决定不起诉，检察意见建议给予行政处罚。", document_no="焦检行意〔2026〕12号",
                           non_prosecution_no="焦检刑不诉〔2026〕12号", non_prosecution_kind="discretionary",
                           now=now - timedelta(days=4))
    approve_reverse(pending, actor=chief, now=now - timedelta(days=3))
    send_reverse(actor=prosecutor, source="non_prosecution", to_agency=market, party_name="焦作市康达药房",
                 summary="决定不起诉，检察意见建议依法给予行政处罚。", document_no="焦检行意〔2026〕15号",
                 non_prosecution_no="焦检刑不诉〔2026〕15号", non_prosecution_kind="statutory",
                 now=now - timedelta(days=1))  # drafted by the 检察官, waiting for the 检察长  # a 2个月 period ending in 2027: shows 无法计算 until 2027 is loaded
