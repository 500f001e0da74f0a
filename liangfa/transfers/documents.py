"""The statutory documents of a transfer as .docx files officials print and sign, stored with their SHA-256.

Each document is drawn on the 公文 template (core/docx.py; an administrator may replace it per title) and
numbered from its organ's own sequence (core/numbering.py) in the same transaction. The lists that go with
the 移送书 (材料清单, 涉案物品清单, 交接清单) and the 回执 carry the 移送书's number instead of their own."""

import hashlib
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from liangfa.clock.rules import period
from liangfa.core.audit import record_audit
from liangfa.core.docx import chinese_date, render
from liangfa.core.errors import DomainError
from liangfa.core.numbering import numbered
from liangfa.transfers.choices import DocumentKind
from liangfa.transfers.models import Transfer, TransferDocument

R310 = "《行政执法机关移送涉嫌犯罪案件的规定》"
POLICE_RULES = "《公安机关办理刑事案件程序规定》"
# documents that travel with the 移送书 and carry its number
UNDER_LETTER = {DocumentKind.MATERIALS_LIST, DocumentKind.ITEM_LIST, DocumentKind.RECEIPT, DocumentKind.HANDOVER_LIST}
LISTS = {DocumentKind.MATERIALS_LIST, DocumentKind.TRANSFER_LETTER}


@dataclass
class Draft:
    title: str
    organ: object  # the issuing Agency
    recipient: str = ""
    blocks: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    data: dict = field(default_factory=dict)
    numbered: bool = True  # takes its own number from the organ's sequence


def _clause(text) -> str:
    """Typed text set inside a sentence: no closing stop of its own (no "。。" or "。，")."""
    return str(text or "").strip().rstrip("。；;，,.").strip()


def _party(transfer: Transfer) -> str:
    case = transfer.case
    return f"{case.party_name}（{case.party_category}{('，' + case.party_code) if case.party_code else ''}）"


def _case_line(transfer: Transfer) -> str:
    return f"{_party(transfer)}涉嫌{transfer.suspected_crime}一案"


def attached(transfer: Transfer) -> list[str]:
    """What goes with the 移送书: every document on the transfer but the 移送书 and the list of itself."""
    names = []
    for doc in transfer.documents.exclude(kind__in=LISTS).exclude(kind__in=NOT_ATTACHED):
        label = DocumentKind(doc.kind).label
        name = doc.title if doc.title == label else f"{label}（{doc.title}）"
        if name not in names:
            names.append(name)
    return names


NOT_ATTACHED = {DocumentKind.RECEIPT, DocumentKind.FORWARD_NOTICE, DocumentKind.CURE_NOTICE, DocumentKind.FILING_NOTICE,
                 DocumentKind.NON_FILING_NOTICE, DocumentKind.RECONSIDERATION_DECISION, DocumentKind.HANDOVER_LIST,
                 DocumentKind.SUPPLEMENT_LIST, DocumentKind.RECONSIDERATION_REQUEST, DocumentKind.OUT_OF_DUTY_NOTICE,
                 DocumentKind.MOVED_NOTICE, DocumentKind.WITHDRAWN_NOTICE, DocumentKind.WITHDRAWAL_DECISION}


def _draft(transfer: Transfer, kind: str, extra: dict, now) -> Draft:
    case, agency, police = transfer.case, transfer.agency, transfer.police
    if kind == DocumentKind.TRANSFER_LETTER:
        fine = case.fine_amount or 0
        penalty = (f"本机关已作出行政处罚（{case.decision_no}）：{_clause(case.penalty_content)}"
                   + (f"，已处罚款{fine}元（人民法院判处罚金时，依照《中华人民共和国行政处罚法》第三十五条第二款折抵相应罚金）" if fine else "")
                   + "。") if case.penalty_content else "本机关尚未作出行政处罚决定。"
        return Draft("涉嫌犯罪案件移送书", agency, police.name, [
            f"本机关在查处{_party(transfer)}{_clause(case.violation_type)}一案中，发现其行为涉嫌"
            f"{transfer.suspected_crime}。根据{R310}第三条、第六条的规定，现将该案移送你局，请依法审查。",
            penalty,
        ], attachments=attached(transfer), data={"decision_no": case.decision_no})
    if kind == DocumentKind.MATERIALS_LIST:
        letter = transfer.documents.filter(kind=DocumentKind.TRANSFER_LETTER).last()
        docs = ([letter] if letter else []) + list(transfer.documents.exclude(kind__in=NOT_ATTACHED | LISTS))
        rows = [[str(i), DocumentKind(d.kind).label, d.title, d.sha256[:16]] for i, d in enumerate(docs, 1)]
        return Draft("移送材料清单", agency, blocks=[
            f"案件：{_case_line(transfer)}（{case.decision_no}）。",
            ("table", ["序号", "材料", "标题", "文件校验码"], rows)], numbered=False)
    if kind == DocumentKind.ITEM_LIST:
        rows = [[str(i), it.name, it.spec or "—", it.quantity, it.unit or "—", it.storage_place or "—",
                 "已检验/鉴定" if it.tested else "未检验/鉴定"] for i, it in enumerate(transfer.items.all(), 1)]
        return Draft("涉案物品清单", agency, blocks=[
            f"案件：{_case_line(transfer)}（{case.decision_no}）。",
            ("table", ["序号", "物品名称", "规格", "数量", "单位", "存放地点", "检验/鉴定"], rows)], numbered=False)
    if kind == DocumentKind.RECEIPT:
        signer = transfer.receipt_signed_by.display_name if transfer.receipt_signed_by else ""
        return Draft("回执", police, agency.name, [
            f"你单位移送的{_case_line(transfer)}及移送材料已于{chinese_date(transfer.receipt_signed_at or now)}收到。",
            f"签收人：{signer}"], numbered=False)
    if kind == DocumentKind.FORWARD_NOTICE:
        return Draft("移送案件通知书", police, agency.name, [
            f"你单位移送的{_case_line(transfer)}，经审查，不属于本机关管辖。根据{POLICE_RULES}第一百七十五条、"
            f"{R310}第七条的规定，本机关已将该案移送{_clause(transfer.forwarded_to)}处理。"])
    if kind == DocumentKind.OUT_OF_DUTY_NOTICE:
        return Draft("不属于公安机关职责范围通知书", police, agency.name, [
            f"你单位移送的{_case_line(transfer)}，本机关经审查，认为不属于公安机关职责范围。理由："
            f"{_clause(extra.get('reasons'))}。",
            f"根据{POLICE_RULES}第一百八十条第三款的规定，请你单位向{_clause(extra.get('organ'))}移送案件。"
            "案件材料随本通知书退回。"])
    if kind == DocumentKind.MOVED_NOTICE:
        where = "并案侦查的公安机关" if extra.get("merge") else "有管辖权的机关"
        return Draft("案件移送（并案侦查）告知书", police, agency.name, [
            f"你单位移送、本机关已立案侦查的{_case_line(transfer)}（刑事案件编号：{transfer.criminal_case_no or '（未填写）'}），"
            f"经县级以上公安机关负责人批准，已于{chinese_date(extra.get('moved_at') or now)}移送{where}"
            f"{_clause(extra.get('organ'))}{'并案侦查' if extra.get('merge') else '处理'}。理由：{_clause(extra.get('reasons'))}。",
            f"根据{POLICE_RULES}第一百八十四条的规定，特此书面通知。"])
    if kind == DocumentKind.WITHDRAWN_NOTICE:
        decision = f"（{extra['decision_no']}）" if extra.get("decision_no") else ""
        reasons = f"理由：{extra['reasons']}。" if extra.get("reasons") else ""
        return Draft("撤销案件告知书", police, agency.name, [
            f"你单位移送、本机关已立案侦查的{_case_line(transfer)}（刑事案件编号：{transfer.criminal_case_no or '（未填写）'}），"
            f"经县级以上公安机关负责人批准，本机关已于{chinese_date(extra.get('decided_on') or now)}作出撤销案件决定"
            f"{decision}。{reasons}",
            f"根据{POLICE_RULES}第一百八十九条第一款的规定，特此告知。"])
    if kind == DocumentKind.WITHDRAWAL_DECISION:
        return Draft("撤销案件决定书", police, blocks=[
            f"{_case_line(transfer)}（刑事案件编号：{transfer.criminal_case_no or '（未填写）'}），经过侦查，"
            # the grounds are listed as in 第一百八十六条 (“…不认为是犯罪的”); in the sentence the list's 的 is dropped
            f"发现{_clause(extra.get('ground')).removesuffix('的')}。理由：{_clause(extra.get('reasons'))}。",
            f"根据{POLICE_RULES}第一百八十六条、第一百八十七条第一款的规定，经县级以上公安机关负责人"
            f"{_clause(extra.get('approver'))}批准，决定撤销此案。",
            f"承办民警：{_clause(extra.get('proposer'))}"])
    if kind == DocumentKind.CURE_NOTICE:
        notice = transfer.materials_notices.order_by("-sent_at").first()
        return Draft("补正材料通知书", police, agency.name, [
            f"你单位移送的{_case_line(transfer)}，移送材料不全。根据{POLICE_RULES}第一百八十条第二款的规定，"
            f"请于收到本通知书之日起{period('AGY_MATERIALS_CURE')}内补正下列材料：{_clause(notice.missing if notice else '')}。"])
    if kind == DocumentKind.FILING_NOTICE:
        filed_on = chinese_date(transfer.decision_at or now)
        return Draft("立案通知书", police, agency.name, [
            f"你单位移送的{_case_line(transfer)}，本机关经审查，认为有犯罪事实，需要追究刑事责任，根据"
            f"{POLICE_RULES}第一百七十八条、第一百八十条第一款的规定，已于{filed_on}决定立案侦查，"
            f"刑事案件编号：{transfer.criminal_case_no or '（未填写）'}。",
            f"根据{R310}第十二条的规定，请你单位自接到本通知书之日起{period('AGY_HANDOVER')}内将涉案物品以及"
            "与案件有关的其他材料移交本机关，并办结交接手续。"],
            data={"criminal_case_no": transfer.criminal_case_no, "filed_on": filed_on})
    if kind == DocumentKind.NON_FILING_NOTICE:
        return Draft("不予立案通知书", police, agency.name, [
            f"你单位移送的{_case_line(transfer)}，本机关经审查，认为{transfer.get_non_filing_reason_display()}"
            f"（{_clause(transfer.non_filing_detail)}），根据{POLICE_RULES}第一百七十八条、第一百八十条第一款的规定，"
            "决定不予立案。案件材料随本通知书退回。",
            f"你单位如有异议，可以自接到本通知书之日起{period('AGY_RECONSIDER_REQUEST')}内提请本机关复议，"
            f"也可以建议人民检察院依法进行立案监督（{R310}第九条）。"])
    if kind == DocumentKind.RECONSIDERATION_REQUEST:
        return Draft("提请复议书", agency, police.name, [
            f"你局对本机关移送的{_case_line(transfer)}作出不予立案决定。本机关认为：{_clause(extra.get('grounds'))}。"
            f"根据{R310}第九条第一款的规定，提请你局复议。"])
    if kind == DocumentKind.RECONSIDERATION_DECISION:
        verdict = "撤销原不予立案决定，决定立案" if extra.get("file") else "维持原不予立案决定"
        tail = ("" if extra.get("file") else
                f"你单位对本复议决定仍有异议的，可以自收到本通知书之日起{period('AGY_SUPERVISION_REQUEST')}内"
                "建议人民检察院依法进行立案监督。")
        return Draft("复议决定通知书", police, agency.name, [
            f"你单位提请复议的{_case_line(transfer)}，本机关经复议，{verdict}。理由：{_clause(extra.get('reasons'))}。",
            f"根据{R310}第九条第二款的规定，特此通知。" + tail])
    if kind == DocumentKind.HANDOVER_LIST:
        rows = [[str(i), it.name, it.spec or "—", it.quantity, it.unit or "—", it.handover_receiver,
                 f"{timezone.localtime(it.handed_over_at):%Y-%m-%d %H:%M}" if it.handed_over_at else ""]
                for i, it in enumerate(transfer.items.all(), 1)]
        return Draft("涉案物品交接清单", agency, blocks=[
            f"移交单位：{agency.name}　接收单位：{police.name}",
            ("table", ["序号", "物品名称", "规格", "数量", "单位", "接收人", "移交时间"], rows)], numbered=False)
    if kind == DocumentKind.SUPPLEMENT_LIST:
        # package writes documents: imported when used
        from liangfa.transfers.package import agreed_evidence_missing, supplement_list

        rows = [[str(i), str(line["item"]), line["tier"], line["action"], line["basis"]]
                for i, line in enumerate(supplement_list(transfer), 1)]
        # The standards agreed with 检法 (会商纪要): what they still expect is advice, listed after the table.
        agreed = [f"{i}. {_clause(line)}。" for i, line in enumerate(agreed_evidence_missing(transfer), 1)]
        return Draft("补证清单", police, agency.name, [
            f"你单位移送的{_case_line(transfer)}，本机关经审查，下列证据须补充或者转化后方可在刑事诉讼中使用，"
            "请予配合：",
            ("table", ["序号", "证据", "转化层级", "需补充的工作", "依据"], rows),
            agreed and "另按与人民检察院、人民法院会商确定的证据标准（建议补充，供参考）：",
            *agreed,
            _clause(extra.get("note")) and f"其他说明：{_clause(extra.get('note'))}。"])
    raise DomainError(f"“{DocumentKind(kind).label}”不由系统生成，请上传")


def final_letter(transfer: Transfer, *, actor, now) -> TransferDocument | None:
    """On delivery: a 移送书 drafted before the last attachment is issued again under its number, so the
    letter the police receive lists what was actually attached."""
    letter = transfer.documents.filter(kind=DocumentKind.TRANSFER_LETTER).last()
    later = transfer.documents.exclude(kind__in=NOT_ATTACHED | LISTS)
    if letter is None or not later.filter(created_at__gt=letter.created_at).exists() and \
            not later.filter(created_at=letter.created_at, pk__gt=letter.pk).exists():
        return letter
    return render_document(transfer, DocumentKind.TRANSFER_LETTER, actor=actor, now=now)


def _letter_no(transfer: Transfer) -> str:
    letter = transfer.documents.filter(kind=DocumentKind.TRANSFER_LETTER).exclude(doc_no="").last()
    return letter.doc_no if letter else ""


def _number(transfer: Transfer, kind: str, draft: Draft, now) -> str:
    if not draft.numbered:
        return _letter_no(transfer)
    if kind == DocumentKind.TRANSFER_LETTER and _letter_no(transfer):
        return _letter_no(transfer)  # the redrafted 移送书 keeps its number: it is the same document
    department = transfer.department if draft.organ.pk == transfer.police_id else None
    return numbered(draft.organ, draft.title, timezone.localtime(now).year, department)


def render_document(transfer: Transfer, kind: str, *, actor, now, extra: dict | None = None) -> TransferDocument:
    draft = _draft(transfer, kind, extra or {}, now)
    draft.blocks = [b for b in draft.blocks if b]
    doc_no = _number(transfer, kind, draft, now)
    data = render(draft.title, organ=draft.organ.name, when=now, doc_no=doc_no, recipient=draft.recipient,
                  blocks=draft.blocks, attachments=draft.attachments, data=draft.data)
    return store(transfer, kind, draft.title, data, actor=actor, now=now, generated=True, doc_no=doc_no,
                 file_name=f"{draft.title}-{transfer.case.decision_no}.docx")


def store(transfer: Transfer, kind: str, title: str, data: bytes, *, actor, now, generated: bool,
          extension: str = "docx", doc_no: str = "", file_name: str = "") -> TransferDocument:
    digest = hashlib.sha256(data).hexdigest()
    doc = TransferDocument(transfer=transfer, kind=kind, title=title, sha256=digest, generated=generated,
                           created_at=now, created_by=actor, doc_no=doc_no, file_name=file_name[-255:])
    doc.file.save(f"{transfer.pk}-{kind}-{digest[:8]}.{extension}", ContentFile(data), save=False)
    doc.save()
    record_audit("transfer.document", actor=actor, now=now, obj=transfer, owner_agency_id=transfer.agency_id,
                 after={"kind": kind, "title": title, "doc_no": doc_no, "sha256": digest, "generated": generated})
    return doc


def download_name(doc) -> str:
    """The name a downloaded file keeps: as uploaded, or 文书名-决定书文号.docx."""
    return doc.file_name or f"{doc.title}-{doc.transfer.case.decision_no}.{doc.file.name.rsplit('.', 1)[-1]}"
