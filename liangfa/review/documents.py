"""The documents of a case handled online, as .docx with their SHA-256. Bodies are kept here, one function,
so that they can move to templates together."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from liangfa.clock.rules import get_rule, period
from liangfa.core.docx import render_docx
from liangfa.review.choices import FileKind, ReviewResult
from liangfa.review.models import CaseFile, HandledCase
from liangfa.review.policy import CHECKLIST

APL = "《中华人民共和国行政处罚法》"


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日}" if moment else ""


def _party(h: HandledCase) -> str:
    p = h.party
    return f"{p.get('name', '')}（{p.get('kind', '')}{'，' + p['code'] if p.get('code') else ''}）"


def _hearing_words(h: HandledCase) -> str:
    rule = "POL_HEARING_REQUEST" if h.agency.kind == "police" else "REV_HEARING_REQUEST"
    return f"你（单位）有要求听证的权利，如要求听证，应当在收到本告知书后{period(rule)}内提出。" if h.hearing_right else ""


def body(h: HandledCase, kind: str, extra: dict) -> tuple[str, list]:
    """(title, paragraphs or tables) of each document."""
    party = _party(h)
    if kind == FileKind.FILING_FORM:
        return "立案审批表", [
            ("table", ["项目", "内容"], [["立案编号", h.filing_no], ["当事人", party], ["案件来源", h.source or "—"],
                                     ["违法行为类型", h.violation_type], ["案情摘要", h.summary], ["立案依据", h.legal_basis],
                                     ["主办人", h.handler.display_name],
                                     ["协办人", h.co_handler.display_name if h.co_handler else "—"],
                                     ["负责人意见", extra.get("opinion", "同意立案")]])]
    if kind == FileKind.NOTICE:
        return "行政处罚事先告知书", [
            f"{party}：",
            f"经调查，你（单位）{h.violation_type}。事实：{h.summary}",
            f"依据{h.legal_basis}，本机关拟作出如下行政处罚：{h.proposed_penalty}。",
            f"根据{APL}第四十四条、第四十五条，你（单位）享有陈述、申辩的权利，请于收到本告知书之日起"
            f"{period('REV_STATEMENT')}内提出。" + _hearing_words(h),
        ]
    if kind == FileKind.HEARING_RECORD:
        return "听证笔录", [f"案件：{h.filing_no}　当事人：{party}", f"听证时间：{_day(h.hearing_held_at)}",
                         f"听证情况：{extra.get('record', '')}"]
    if kind == FileKind.REVIEW_OPINION:
        review = extra["review"]
        rows = [[label, review.findings.get(code, {}).get("finding") == "ok" and "符合" or "存在问题",
                 review.findings.get(code, {}).get("note", "")] for code, label, _ in CHECKLIST]
        grounds = "；".join(f"{g[1]}（{g[2]}）" for g in review.grounds) or "—"
        return "法制审核意见书", [
            f"案件：{h.filing_no}　当事人：{party}　第{review.round}轮审核", f"须经法制审核的情形：{grounds}",
            ("table", ["审核要点", "结论", "说明"], rows),
            f"审核结论：{ReviewResult(review.result).label}。{review.reasons}",
            f"审核人员：{review.reviewer.display_name}（法律职业资格证书编号："
            f"{review.reviewer.legal_qualification_no or '未登记（' + str(review.reviewer.reviewer_since) + ' 起从事审核）'}）",
        ]
    if kind == FileKind.DISCUSSION_RECORD:
        d = extra["discussion"]
        return "重大案件集体讨论记录", [f"案件：{h.filing_no}　当事人：{party}", f"时间：{_day(d.held_at)}",
                                  f"主持人：{d.chair.display_name}　参加人员：{d.members}", f"讨论决定：{d.conclusion}",
                                  f"依据：{APL}第五十七条第二款"]
    if kind == FileKind.DECISION:
        return "行政处罚决定书", [
            f"{h.case.decision_no}", f"当事人：{party}",
            f"违法事实和证据：{h.summary}", f"处罚依据：{h.legal_basis}", f"处罚决定：{h.proposed_penalty}",
            f"履行方式和期限：自收到本决定书之日起{period('PARTY_PAY_FINE')}内缴纳罚款"
            f"（{APL}第六十七条第三款）。",
            f"如不服本决定，可以在收到本决定书之日起{period('PARTY_APPLY_RECONSIDERATION')}内申请行政复议"
            f"（{get_rule('PARTY_APPLY_RECONSIDERATION').citation}），或者在{period('PARTY_FILE_SUIT')}内依法提起行政诉讼"
            f"（{get_rule('PARTY_FILE_SUIT').citation}）。",
        ]
    if kind == FileKind.SERVICE_PROOF:
        return "送达回证", [("table", ["送达文书", "受送达人", "送达方式", "送达时间"],
                             [["行政处罚决定书 " + h.case.decision_no, h.party_name, extra.get("how", "直接送达"),
                               _day(h.served_at)]])]
    if kind == FileKind.CLOSING_FORM:
        return "结案审批表", [("table", ["项目", "内容"], [["案件", h.case.decision_no], ["当事人", party],
                                                       ["处罚决定", h.proposed_penalty], ["执行情况", h.execution]])]
    raise ValueError(kind)


def make_document(h: HandledCase, kind: str, *, actor, now, extra: dict | None = None) -> CaseFile:
    title, parts = body(h, kind, extra or {})
    number = h.case.decision_no if h.case_id else h.filing_no
    return store(h, kind, title, render_docx(title, number, parts, h.agency.name, now), actor=actor, now=now,
                 generated=True)


def store(h: HandledCase, kind: str, title: str, data: bytes, *, actor, now, generated: bool,
          extension: str = "docx") -> CaseFile:
    digest = hashlib.sha256(data).hexdigest()
    item = CaseFile(handled=h, kind=kind, title=title[:200], sha256=digest, generated=generated, created_at=now,
                    created_by=actor)
    item.file.save(f"{h.pk}-{kind}-{digest[:8]}.{extension}", ContentFile(data), save=False)
    item.save()
    return item


def download_name(item: CaseFile) -> str:
    """行政处罚决定书-焦市监罚〔2026〕901号.docx; an uploaded file under the title it was given."""
    extension = item.file.name.rsplit(".", 1)[-1]
    h = item.handled
    number = (h.case.decision_no if h.case_id else h.filing_no) if item.generated else ""
    return f"{item.title}-{number}.{extension}" if number else f"{item.title}.{extension}"
