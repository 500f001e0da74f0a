"""Demo supervision and cooperation in every state, dated in the past so the clocks show."""

from datetime import timedelta

from liangfa.agencies.models import Agency, User
from liangfa.cooperation import services as coop
from liangfa.screening.models import Clue
from liangfa.supervision import services as sv
from liangfa.transfers import services as ts
from liangfa.transfers.models import Transfer


def build_supervision(*, now, out=print) -> None:
    prosecutor = User.objects.get(username="jcy_jcg")
    chief = User.objects.get(username="jcy_fzr")  # 检察长: decides 通知立案 and 检察意见
    police = User.objects.get(username="gaj_fz")
    police_org = police.agency
    market = Agency.objects.get(code="jz-scjg")
    market_head = User.objects.get(username="scjg_fzr")
    officer = User.objects.get(username="scjg_zf")

    def at(days, hours=0):
        return now - timedelta(days=days, hours=hours)

    def served(sup, days):
        sv.record_service(sup, actor=police, now=at(days))

    # 1. requested by the agency, reasons answered and judged not to hold, 通知立案 approved by the 检察长 19 days
    #    ago and signed for the same day: 15日 ran out, 应当发纠正违法通知书
    waiting = list(Transfer.objects.filter(status="supervision_requested").order_by("pk"))
    requested = waiting[0] if waiting else None
    if requested:
        s = sv.request_reasons(actor=prosecutor, police=police_org, transfer=requested, now=at(24),
                               subject=f"{requested.case.party_name}涉嫌{requested.suspected_crime}",
                               grounds="移送机关建议立案监督：涉案数额有账册、发票证明，已达立案追诉标准")
        served(s, 23)
        sv.answer_reasons(s, actor=police, reasons="当事人已退赔，情节显著轻微", now=at(20))
        sv.propose_filing(s, actor=prosecutor, now=at(20), assessment="退赔不影响定罪，涉案数额已达追诉标准")
        sv.approve_filing(s, actor=chief, now=at(19))
        served(s, 19)
    # 1b. the whole of 立案监督 on a transfer (demo/transfers.py PLAN "supervision_filed"): reasons requested, the
    #     police's reasons judged not to hold, 通知立案书 approved by the 检察长 and signed for, the police file on
    #     it within 15日 (record_filing → transfers.services.file_on_notice: the transfer is 已立案), the agency
    #     receives the 立案通知书 and hands its items over within 3日
    if len(waiting) > 1:
        noticed = waiting[-1]
        s = sv.request_reasons(actor=prosecutor, police=police_org, transfer=noticed, now=at(42),
                               subject=f"{noticed.case.party_name}涉嫌{noticed.suspected_crime}",
                               grounds="移送机关建议立案监督：销售金额有销售台账、发票证明，已达立案追诉标准")
        served(s, 41)
        sv.answer_reasons(s, actor=police, reasons="当事人系初犯，已退赔，情节显著轻微", now=at(37))
        sv.propose_filing(s, actor=prosecutor, now=at(36), assessment="退赔不影响定罪，销售金额已达追诉标准，应当立案")
        sv.approve_filing(s, actor=chief, now=at(35))
        served(s, 35)
        sv.record_filing(s, actor=police, decision_no=f"焦公（食药）立字〔{at(33).year}〕{noticed.pk:03d}号", now=at(33))
        noticed.refresh_from_db()
        handler = noticed.team.order_by("id").first()
        ts.receive_notice(noticed, actor=handler, rule_id="AGY_HANDOVER", now=at(32, hours=2))
        ts.hand_over_items(noticed, actor=handler, receiver="罗食药", now=at(32))
    # 2. after a 复议 upheld: reasons requested 3 days ago, the notice not yet signed for (待送达)
    upheld = Transfer.objects.filter(status="upheld").first()
    if upheld:
        sv.request_reasons(actor=prosecutor, police=police_org, transfer=upheld, now=at(3),
                           subject=f"{upheld.case.party_name}涉嫌{upheld.suspected_crime}",
                           grounds="复议维持不予立案，但非法占用农用地面积已超过标准")
    # 3. no reasons within 7日: 纠正意见, then 通知立案; filed 100 days ago and not concluded: 可发催办函
    s = sv.request_reasons(actor=prosecutor, police=police_org, now=at(130), subject="焦作市某矿业公司涉嫌非法采矿",
                           grounds="群众举报，二年内已受两次行政处罚又实施非法采矿")
    served(s, 129)
    sv.issue_objection(s, actor=prosecutor, now=at(121))
    sv.propose_filing(s, actor=prosecutor, now=at(121), assessment="二年内已受两次行政处罚又实施非法采矿，符合立案条件")
    sv.approve_filing(s, actor=chief, now=at(120))
    served(s, 120)
    sv.record_filing(s, actor=police, decision_no="焦公（治）立字〔2026〕31号", now=at(100))
    # 4. reasons accepted: closed
    s = sv.request_reasons(actor=prosecutor, police=police_org, now=at(60), subject="某个体户涉嫌销售假冒注册商标的商品",
                           grounds="审查移送材料")
    served(s, 59)
    sv.answer_reasons(s, actor=police, reasons="经鉴定商品为正品，不构成犯罪", now=at(55))
    sv.accept_reasons(s, actor=prosecutor, now=at(54))
    # 4b. reasons answered, 通知立案 proposed, waiting for the 检察长
    s = sv.request_reasons(actor=prosecutor, police=police_org, now=at(12), subject="武陟县某化工厂涉嫌污染环境",
                           grounds="监测数据显示排放超标三倍以上")
    served(s, 11)
    sv.answer_reasons(s, actor=police, reasons="监测程序存在瑕疵", now=at(6))
    sv.propose_filing(s, actor=prosecutor, now=at(2), assessment="监测由具备资质的机构依规范作出，瑕疵已补正")
    # 5. a late decision on a transfer: delay inquiry, answer pending
    late = Transfer.objects.filter(status="accepted").order_by("receipt_signed_at").first()
    if late:
        try:
            sv.query_delay(late, actor=prosecutor, now=now - timedelta(hours=20))
        except Exception:  # noqa: BLE001 — only when the demo's decision clock has run out
            pass
    # 6. 检察意见 (建议移送) from a clue: one pending, one overdue; 检察建议 replied and adopted
    clues = list(Clue.objects.filter(status="new", needs_review=False, agency=market, created_at__lte=at(50))
                 .order_by("-value")[:3])
    if clues:  # drafted by the 检察官, approved by the 检察长: then sent
        o = sv.issue_opinion(actor=prosecutor, kind="transfer_opinion", agency=market, clue=clues[0], now=at(5),
                             document_no="焦检行建〔2026〕11号", reply_due=(now + timedelta(days=25)).date(),
                             content="经审查，该案涉案数额已达立案追诉标准，建议依法向公安机关移送。")
        sv.approve_opinion(o, actor=chief, now=at(4))
    if len(clues) > 1:
        o = sv.issue_opinion(actor=prosecutor, kind="transfer_opinion", agency=market, clue=clues[1], now=at(50),
                             document_no="焦检行建〔2026〕7号", reply_due=(now - timedelta(days=20)).date(),
                             content="该案销售金额超过五万元，请依法移送并回复。")
        sv.approve_opinion(o, actor=chief, now=at(49))
    if len(clues) > 2:  # waiting for the 检察长
        sv.issue_opinion(actor=prosecutor, kind="transfer_opinion", agency=market, clue=clues[2], now=at(1),
                         document_no="焦检行建〔2026〕13号", content="该案货值金额已达追诉标准，建议依法移送。")
    recommendation = sv.issue_opinion(
        actor=prosecutor, kind="recommendation", agency=market, now=at(70), document_no="焦检建〔2026〕3号",
        reply_due=(now - timedelta(days=10)).date(),
        content="你局2025年以来对达到追诉标准的案件仅处以罚款的情形较多，建议建立移送前法制审核制度。")
    sv.reply_opinion(recommendation, actor=market_head, result="adopted", now=at(15),
                     reply="已制定《涉嫌犯罪案件移送前法制审核办法》，对7件案件重新审查。")
    sv.assess_opinion(recommendation, actor=prosecutor, adopted=True, now=at(12))
    # 7. cooperation
    answered = coop.ask(actor=officer, to_agency=police_org, topic="crime", now=at(9),
                        question="当事人销售假冒化妆品，销售金额4.6万元，货值2万元，是否涉嫌犯罪？")
    coop.answer(answered, actor=police, text="已销售金额×3加货值未达15万元，暂不构成；请固定进货单据，继续核查。", now=at(8))
    coop.ask(actor=officer, to_agency=Agency.objects.get(code="jz-jcy"), topic="evidence", now=at(1),
             question="电子数据如何提取固定才能在刑事诉讼中使用？")
    case = Clue.objects.filter(agency=market, created_at__lte=at(6)).first()
    if case:
        item = coop.request_intervention(case.case, actor=officer, police=police_org, now=at(6),
                                         reason="涉案数额大、可能转移证据，请公安机关提前介入")
        coop.decide_intervention(item, actor=police, accept=True, reason="食药环侦大队派员介入", now=at(5))
    coop.request_assistance(actor=officer, to_agency=police_org, kind="query", subject="查询当事人是否有涉烟前科",
                            due_date=(now + timedelta(days=5)).date(), now=at(1))
    message = coop.post_message(actor=User.objects.get(username="scjg_llz"), counterpart=police_org, now=at(2),
                                title="第四季度联席会议", text="拟于下周三召开联席会议，请确认参会人员。")
    coop.post_message(actor=police, thread=message.thread, text="收到，法制大队郭法制、食药环侦大队罗食药参加。", now=at(1))
    out("  检察监督与协作：立案监督6件（1件经通知立案后已立案）、检察意见/建议4件、咨询、提前介入、协作请求、联络员消息")


