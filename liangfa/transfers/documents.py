"""The statutory documents as .docx files officials print and sign, stored with their SHA-256."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from liangfa.clock.rules import period
from liangfa.core.audit import record_audit
from liangfa.core.docx import render_docx
from liangfa.core.errors import DomainError
from liangfa.transfers.choices import DocumentKind
from liangfa.transfers.models import Transfer, TransferDocument

R310 = "《行政执法机关移送涉嫌犯罪案件的规定》"


def _body(transfer: Transfer, kind: str, extra: dict) -> tuple[str, list, str]:
    """(title, paragraphs or tables, issuing organ) of each document."""
    case, agency, police = transfer.case, transfer.agency, transfer.police
    party = f"{case.party_name}（{case.party_category}{('，' + case.party_code) if case.party_code else ''}）"
    if kind == DocumentKind.TRANSFER_LETTER:
        return "涉嫌犯罪案件移送书", [
            f"{police.name}：",
            f"我单位在查处{party}{case.violation_type}一案中，发现其行为涉嫌{transfer.suspected_crime}。"
            f"根据{R310}第三条的规定，现将该案移送你局，请依法审查。",
            f"已作出的行政处罚：{case.penalty_content or '无'}；已处罚款 {case.fine_amount or 0} 元"
            "（依照《行政处罚法》第三十五条第二款折抵罚金）。",
            "附件：涉嫌犯罪案件情况的调查报告、涉案物品清单、有关检验报告或者鉴定意见及其他有关材料。",
        ], agency.name
    if kind == DocumentKind.MATERIALS_LIST:
        rows = [[str(i), d.get_kind_display(), d.title, d.sha256[:16]]
                for i, d in enumerate(transfer.documents.exclude(kind=DocumentKind.MATERIALS_LIST), start=1)]
        return "移送材料清单", [f"案件：{case.decision_no}　当事人：{party}",
                             ("table", ["序号", "材料", "标题", "SHA-256（前16位）"], rows)], agency.name
    if kind == DocumentKind.ITEM_LIST:
        rows = [[str(i), it.name, it.quantity, "是" if it.tested else "否"] for i, it in enumerate(transfer.items.all(), 1)]
        return "涉案物品清单", [f"案件：{case.decision_no}", ("table", ["序号", "物品名称", "数量", "已检验/鉴定"], rows)], agency.name
    if kind == DocumentKind.RECEIPT:
        return "回执", [f"{agency.name}：", f"你单位移送的{party}涉嫌{transfer.suspected_crime}一案及材料已收到。",
                      f"签收人：{transfer.receipt_signed_by.display_name if transfer.receipt_signed_by else ''}"], police.name
    if kind == DocumentKind.FORWARD_NOTICE:
        return "移送案件转送告知书", [f"{agency.name}：", f"你单位移送的{party}涉嫌{transfer.suspected_crime}一案，不属于本机关管辖，"
                                  f"已转送{transfer.forwarded_to}。依据：{R310}第七条。"], police.name
    if kind == DocumentKind.CURE_NOTICE:
        notice = transfer.materials_notices.order_by("-sent_at").first()
        return "补正材料通知书", [f"{agency.name}：", f"你单位移送的{party}涉嫌{transfer.suspected_crime}一案，移送材料不全，"
                               f"请于收到本通知之日起{period('AGY_MATERIALS_CURE')}内补正：{notice.missing if notice else ''}。",
                               "依据：《公安机关办理刑事案件程序规定》第一百八十条第二款。"], police.name
    if kind == DocumentKind.FILING_NOTICE:
        return "立案通知书", [f"{agency.name}：", f"你单位移送的{party}涉嫌{transfer.suspected_crime}一案，本机关已决定立案侦查"
                           f"{('（' + transfer.criminal_case_no + '）') if transfer.criminal_case_no else ''}。",
                           f"请于收到本通知书之日起{period('AGY_HANDOVER')}内移交涉案物品及有关材料（{R310}第十二条）。"], police.name
    if kind == DocumentKind.NON_FILING_NOTICE:
        return "不予立案通知书", [f"{agency.name}：", f"你单位移送的{party}涉嫌{transfer.suspected_crime}一案，经审查，"
                               f"{transfer.get_non_filing_reason_display()}：{transfer.non_filing_detail}，决定不予立案。案卷材料随本通知书退回。",
                               f"如不服本决定，可以自收到本通知书之日起{period('AGY_RECONSIDER_REQUEST')}内提请复议（{R310}第九条）。"], police.name
    if kind == DocumentKind.RECONSIDERATION_REQUEST:
        return "提请复议书", [f"{police.name}：", f"你局对我单位移送的{party}涉嫌{transfer.suspected_crime}一案作出不予立案决定，"
                           f"我单位认为：{extra.get('grounds', '')}。根据{R310}第九条，提请复议。"], agency.name
    if kind == DocumentKind.RECONSIDERATION_DECISION:
        verdict = "撤销原不予立案决定，决定立案" if extra.get("file") else "维持不予立案决定"
        return "复议决定书", [f"{agency.name}：", f"对你单位提请复议的{party}涉嫌{transfer.suspected_crime}一案，经复议，{verdict}。"
                           f"理由：{extra.get('reasons', '')}。"], police.name
    if kind == DocumentKind.HANDOVER_LIST:
        rows = [[str(i), it.name, it.quantity, it.handover_receiver,
                 f"{timezone.localtime(it.handed_over_at):%Y-%m-%d %H:%M}" if it.handed_over_at else ""]
                for i, it in enumerate(transfer.items.all(), 1)]
        return "涉案物品交接清单", [f"移交单位：{agency.name}　接收单位：{police.name}",
                                ("table", ["序号", "物品名称", "数量", "接收人", "移交时间"], rows)], agency.name
    raise DomainError(f"“{DocumentKind(kind).label}”不由系统生成，请上传")


def render_document(transfer: Transfer, kind: str, *, actor, now, extra: dict | None = None) -> TransferDocument:
    title, parts, organ = _body(transfer, kind, extra or {})
    data = render_docx(title, f"{transfer.case.decision_no} 移送第{transfer.pk}号", parts, organ, now)
    return store(transfer, kind, title, data, actor=actor, now=now, generated=True)


def store(transfer: Transfer, kind: str, title: str, data: bytes, *, actor, now, generated: bool,
          extension: str = "docx") -> TransferDocument:
    digest = hashlib.sha256(data).hexdigest()
    doc = TransferDocument(transfer=transfer, kind=kind, title=title, sha256=digest, generated=generated,
                           created_at=now, created_by=actor)
    doc.file.save(f"{transfer.pk}-{kind}-{digest[:8]}.{extension}", ContentFile(data), save=False)
    doc.save()
    record_audit("transfer.document", actor=actor, now=now, obj=transfer, owner_agency_id=transfer.agency_id,
                 after={"kind": kind, "title": title, "sha256": digest, "generated": generated})
    return doc
