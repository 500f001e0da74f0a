"""Demo 网上办案 and 考评: cases handled online standing at every step, dissents with how their cases ended,
and the last quarter's evaluation finished with its scores, an answered 异议 and an open 纠错."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from liangfa.agencies import services as agency_services
from liangfa.agencies.models import Agency, User
from liangfa.agencies.passwords import DEMO_PASSWORD
from liangfa.evaluation import services as ev
from liangfa.review import dissent, review, services
from liangfa.review.policy import CHECKLIST_POINTS

OK = {code: {"finding": "ok", "note": ""} for code in CHECKLIST_POINTS}
PROBLEM = {**OK, "evidence": {"finding": "problem", "note": "缺少抽样检验报告"}}
STEPS = ["proposed", "investigating", "notified", "reviewing", "returned", "discussing", "deciding", "decided",
         "executing", "closed"]
CASES = [  # party, violation, fine, the step it stops at, days ago it began
    ("焦作市山阳区惠民超市", "销售超过保质期的食品", "8000", "proposed", 1),
    ("焦作市解放区鑫源副食店", "销售无标签的预包装食品", "3000", "investigating", 6),
    ("焦作市老家味道餐饮有限公司", "使用超范围食品添加剂", "45000", "notified", 9),
    ("焦作市宏达建材有限公司", "销售不合格建筑材料", "60000", "reviewing", 14),
    ("焦作市康源药店", "销售劣药", "30000", "returned", 20),
    ("焦作市华泰汽车维修有限公司", "以次充好销售汽车配件", "120000", "discussing", 25),
    ("焦作市万家福购物广场", "虚假宣传", "20000", "deciding", 30),
    ("焦作市鑫达商贸有限公司", "销售侵犯注册商标专用权的商品", "80000", "decided", 40),
    ("焦作市天润食品厂", "生产不符合食品安全标准的食品", "150000", "executing", 60),
    ("焦作市金盾眼镜店", "计量器具未经检定", "5000", "closed", 110),
    ("焦作市恒达粮油有限公司", "销售掺杂使假的食用油", "90000", "closed", 125),
    ("焦作市福康大药房", "未凭处方销售处方药", "15000", "closed", 140),
]


def build_review(*, now, out=print) -> None:
    market = Agency.objects.get(code="jz-scjg")
    admin = User.objects.get(username="admin")
    officer, officer2 = User.objects.get(username="scjg_zf"), User.objects.get(username="scjg_zf2")
    head, legal = User.objects.get(username="scjg_fzr"), User.objects.get(username="scjg_fz")
    legal.legal_qualification_no = "A20183101000123"
    legal.save(update_fields=["legal_qualification_no"])
    services.save_policy(market, actor=head, online_required=False, exempt=["simple"], review_all=False,
                         review_fine_over=Decimal("10000"), collective_fine_over=Decimal("100000"),
                         collective_after_hearing=True, own_list="吊销许可证件；责令停产停业", now=now)
    services.save_policy(Agency.objects.get(code="jz-sthj"), actor=admin, online_required=True, exempt=["simple"],
                         review_all=True, review_fine_over=None, collective_fine_over=None,
                         collective_after_hearing=True, now=now)
    handled = [_walk(market, officer, officer2, head, legal, row, now) for row in CASES]
    _dissents_and_outcomes(handled, head, legal, officer, now)
    out(f"  网上办案：{len(handled)} 件（各环节均有），不同意见备案 {sum(h.dissents.count() for h in handled)} 条")
    _quarterly_evaluation(admin, now, out)


def _walk(market, officer, officer2, head, legal, row, now):
    name, violation, fine, stop, days = row
    start = now - timedelta(days=days)

    def at(hours: float):
        return start + timedelta(hours=hours)

    h = services.propose_filing(agency=market, actor=officer, co_handler=officer2, now=at(0), source="日常检查",
                                party={"name": name, "kind": "法人及非法人组织"}, violation_type=violation,
                                summary=f"经查，当事人{violation}，货值及违法所得待核。", legal_basis="《中华人民共和国食品安全法》等")
    if stop == "proposed":
        return h
    services.approve_filing(h, actor=head, now=at(2))
    services.add_material(h, actor=officer, title="现场检查笔录", now=at(4),
                          upload=SimpleUploadedFile("现场检查笔录.txt", f"{name}现场检查笔录".encode()))
    if stop == "investigating":
        return h
    big = Decimal(fine) >= 100000
    services.issue_notice(h, actor=officer, proposed_penalty=f"没收违法所得，罚款{fine}元", proposed_category="罚款",
                          proposed_fine=Decimal(fine), hearing_right=big, served_at=at(48), now=at(49),
                          complex_case=big)
    if stop == "notified":
        return h
    services.record_statement(h, actor=officer, statement="初次违法，请求从轻处罚", now=at(72))
    review.submit_review(h, actor=officer, opinion=f"建议罚款{fine}元", now=at(73))
    if stop == "reviewing":
        return h
    if stop == "returned":
        review.conclude_review(h, actor=legal, findings=PROBLEM, result="return", reasons="请补充抽样检验报告", now=at(80))
        return h
    review.conclude_review(h, actor=legal, findings=OK, result="approve", reasons="事实清楚，证据确实充分，程序合法",
                           now=at(90))
    h.refresh_from_db()
    if stop == "discussing":
        return h
    if h.step == "discussing":
        dissent.record_discussion(h, actor=head, held_at=at(100), members="局长、副局长、法制科长、执法科长",
                                  conclusion=f"罚款{fine}元", now=at(100))
    else:
        services.submit_for_decision(h, actor=officer, now=at(95))
    if stop == "deciding":
        return h
    services.decide(h, actor=head, now=at(110))
    if stop == "decided":
        return h
    services.serve_decision(h, actor=officer, served_at=at(130), now=at(130))
    if stop == "executing":
        return h
    services.close_case(h, actor=officer, execution="罚款已缴清，没收物品已处置", now=at(24 * 20))
    return h


def _dissents_and_outcomes(handled, head, legal, officer, now):
    by_name = {h.party_name: h for h in handled}
    plan = [
        ("焦作市金盾眼镜店", "reviewer", legal, "罚款5000元偏高，应减轻处罚", "首次违法且已主动送检，符合从轻情形", "罚款5000元",
         ("reconsideration", "altered", 30, "复议机关变更为罚款2000元")),
        ("焦作市恒达粮油有限公司", "member", head, "应同时吊销食品经营许可证", "掺杂使假情节恶劣", "罚款并没收",
         ("litigation", "upheld", 40, "一审驳回原告诉讼请求")),
        ("焦作市福康大药房", "head", head, "不同意审核意见中“程序合法”的结论", "告知书送达方式存疑", "审核意见",
         ("procuratorial", "corrected", 20, "检察机关督促补正送达程序，已纠正")),
        ("焦作市天润食品厂", "handler", officer, "审核意见要求补充的检验报告非必需", "已有生产记录证明", "补充检验报告", None),
    ]
    for name, kind, holder, opinion, reasons, prevailing, outcome in plan:
        h = by_name[name]
        h.refresh_from_db()
        dissent.record_dissent(h.case, actor=holder, kind=kind, holder=holder, opinion=opinion, reasons=reasons,
                               prevailing=prevailing, review=h.reviews.last(), now=h.decided_at or now)
        if outcome:
            kind_, result, days_after, note = outcome
            dissent.record_remedy(h.case, actor=legal, kind=kind_, result=result, note=note,
                                  decided_on=h.case.decision_date + timedelta(days=days_after), now=now)


def _quarterly_evaluation(admin, now, out):
    judge = agency_services.create_user(actor=admin, username="sfj_kp", password=DEMO_PASSWORD,
                                        agency=Agency.objects.get(code="jz-sfj"), roles=["legal_reviewer"],
                                        full_name="钱考评", now=now)
    quarter = (now.month - 1) // 3
    year = now.year if quarter else now.year - 1
    quarter = quarter or 4
    start = date(year, 3 * quarter - 2, 1)
    end = (date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1))
    units = list(Agency.objects.filter(code__in=("jz-scjg", "jz-sw", "jz-sthj", "jz-yj", "xw-scjg")))
    e = ev.create_evaluation(actor=judge, title=f"{year}年第{quarter}季度执法质量阶段考评", kind="stage",
                             period_start=start, period_end=end, units=units, now=now - timedelta(days=20))
    ev.compute_deductions(e, actor=judge, now=now - timedelta(days=20))
    samples = ev.draw_samples(e, actor=judge, method="stratified", reviewers=[judge], per_unit=2, seed=2026,
                              now=now - timedelta(days=20))
    for index, sample in enumerate(samples):
        lost = {"evidence": str(index % 4), "documents": "1" if index % 3 == 0 else "0"}
        notes = {k: "证据目录不完整" if k == "evidence" else "文书用语不规范" for k, v in lost.items() if v != "0"}
        ev.score_sample(sample, actor=judge, lost=lost, notes=notes, now=now - timedelta(days=18))
    ev.open_objections(e, actor=judge, now=now - timedelta(days=15))
    objected = next((s for s in samples if s.score is not None and s.score < 100), None)
    if objected:
        unit_staff = User.objects.filter(agency=objected.unit).first()
        objection = ev.file_objection(objected, actor=unit_staff, reasons="证据目录已随卷附后，请复核",
                                      now=now - timedelta(days=13))
        ev.answer_objection(objection, actor=judge, result="accepted", answer="经复核，证据目录完整，改分",
                            lost={"evidence": "0", "documents": objected.lost.get("documents", "0")},
                            now=now - timedelta(days=11))
    ev.finish_evaluation(e, actor=judge, now=now - timedelta(days=10))
    ev.create_correction(e, actor=judge, unit=Agency.objects.get(code="jz-scjg"),
                         owner=User.objects.get(username="scjg_zf"), task="逾期送达的案件补正送达回证，建立送达台账",
                         now=now - timedelta(days=10))
    out(f"  执法质量考评：{e.title}（已完成，{e.scores.filter(officer__isnull=True).count()} 个单位）")
