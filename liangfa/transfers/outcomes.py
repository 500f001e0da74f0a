"""Criminal outcomes of a transfer: 逮捕, 起诉 and 判决 with their content, the judgment's 生效, and the 折抵 of
《行政处罚法》第三十五条 (行政拘留 against 拘役/有期徒刑 day for day, a paid 罚款 against the 罚金).

The police record the 逮捕 they executed, the procuratorate the 起诉 and the court it went to, and only a
审判人员 of that court enters the judgment and confirms that it is in force. Each step notifies the
transferring agency and the procuratorate (and, on 起诉, the court).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.models import Agency, User
from liangfa.agencies.permissions import (
    acts_for,
    may_enter_judgment,
    may_record_arrest,
    may_record_indictment,
    require,
)
from liangfa.cases.sharing import hand_to_court
from liangfa.clock.models import Notification
from liangfa.clock.rules import get_rule
from liangfa.core.citation import chinese_number
from liangfa.core.errors import DomainError
from liangfa.transfers.choices import (
    CriminalStage,
    EffectiveHow,
    PrincipalPenalty,
    TransferStatus,
    TransferStep,
    TrialInstance,
)
from liangfa.transfers.models import CriminalStageRecord, Sentence, Transfer
from liangfa.transfers.services import _lock, _log

P = PrincipalPenalty
APL_35 = "《行政处罚法》第三十五条"
APPEAL = "PARTY_APPEAL_JUDGMENT"  # 《刑事诉讼法》第二百三十条: 上诉、抗诉的期限 (the rule data holds it)
CUSTODIAL = {P.CRIMINAL_DETENTION, P.FIXED_TERM, P.LIFE, P.DEATH}
OFFSET_AGAINST = {P.CRIMINAL_DETENTION, P.FIXED_TERM}  # 第三十五条第一款: 判处拘役或者有期徒刑时
# 主刑 with a term, its range in months and the article that sets it (数罪并罚 ceilings of 第六十九条 included)
TERMS = {
    P.CONTROL: (3, 36, "《刑法》第三十八条、第六十九条：管制三个月以上二年以下，数罪并罚最高不超过三年"),
    P.CRIMINAL_DETENTION: (1, 12, "《刑法》第四十二条、第六十九条：拘役一个月以上六个月以下，数罪并罚最高不超过一年"),
    P.FIXED_TERM: (6, 300, "《刑法》第四十五条、第六十九条：有期徒刑六个月以上十五年以下，数罪并罚最高不超过二十五年"),
}
MAX_DETENTION_DAYS = 20  # 《治安管理处罚法》: 行政拘留合并执行最长不超过二十日


# ---- reading -------------------------------------------------------------------------------------------

def months_text(months: int | None) -> str:
    """18 → 一年六个月, 12 → 一年, 4 → 四个月 (as judgments write terms)."""
    if not months:
        return ""
    years, rest = divmod(months, 12)
    return (f"{chinese_number(years)}年" if years else "") + (f"{chinese_number(rest)}个月" if rest else "")


def sentence_text(s: Sentence) -> str:
    """有期徒刑一年六个月，缓刑二年，并处罚金人民币50,000.00元"""
    parts = [s.get_principal_display() + months_text(s.term_months) if s.principal in TERMS
             else s.get_principal_display()]
    if s.probation:
        parts.append(f"缓刑{months_text(s.probation_months)}")
    if s.fine:
        parts.append(f"{'并处' if s.principal != P.ACCESSORY_ONLY else ''}罚金人民币{s.fine:,.2f}元")
    if s.confiscation:
        parts.append(s.confiscation + (f"（{s.confiscated_amount:,.2f}元）" if s.confiscated_amount else ""))
    return "，".join(parts)


@dataclass
class Offset:
    """折抵 of 《行政处罚法》第三十五条, as the pages and the API show it."""

    fine: Decimal | None  # 罚金
    fine_paid: Decimal  # 已缴纳的罚款
    fine_offset: Decimal  # 折抵的罚金
    fine_due: Decimal | None  # 折抵后尚应缴纳的罚金
    detention_days: int  # 已执行的行政拘留
    term_offset_days: int  # 折抵的刑期（日）
    fine_note: str
    term_note: str
    basis: str = APL_35


def offset_of(s: Sentence) -> Offset:
    paid = s.fine_paid or Decimal(0)
    if s.fine:
        offset = min(paid, s.fine)
        fine_note = (f"已缴纳罚款{paid:,.2f}元，折抵罚金{offset:,.2f}元，尚应缴纳罚金{s.fine - offset:,.2f}元"
                     f"（{APL_35}第二款）")
    else:
        offset = Decimal(0)
        fine_note = f"未判处罚金，无须折抵（{APL_35}第二款只对罚金折抵罚款）"
    days = s.detention_days or 0
    if not days:
        term_offset, term_note = 0, "未执行行政拘留"
    elif s.principal in OFFSET_AGAINST:
        term_offset = days
        term_note = f"行政拘留{days}日折抵刑期{days}日（{APL_35}第一款；《刑法》第四十四条、第四十七条：一日折抵一日）"
        if s.probation:
            term_note += "；宣告缓刑的，原判刑罚暂不执行，撤销缓刑执行原判刑罚时折抵"
    else:
        term_offset = 0
        term_note = f"判处{s.get_principal_display()}，{APL_35}第一款只对拘役、有期徒刑折抵行政拘留"
    return Offset(fine=s.fine, fine_paid=paid, fine_offset=offset,
                  fine_due=(s.fine - offset) if s.fine else None, detention_days=days, term_offset_days=term_offset,
                  fine_note=fine_note, term_note=term_note)


def outcome_rows(transfer: Transfer) -> list[dict]:
    """The criminal stages of a transfer (逮捕, 起诉 and 判决 with their content), oldest first."""
    rows = []
    records = transfer.stages.select_related("court", "sentence", "recorded_by")
    for r in records:
        sentence = getattr(r, "sentence", None)
        rows.append({"record": r, "stage": r.get_stage_display(), "sentence": sentence,
                     "text": sentence_text(sentence) if sentence else "",
                     "offset": offset_of(sentence) if sentence else None})
    return rows


def current_judgment(transfer: Transfer) -> Sentence | None:
    """The judgment that stands: the 二审 one once there is one, else the 一审."""
    return (Sentence.objects.filter(record__transfer=transfer).select_related("record", "record__court")
            .order_by("-instance", "-record__date", "-id").first())  # "second" sorts after "first"


def court_of(transfer: Transfer) -> Agency | None:
    """The court the case was brought to (the latest 起诉)."""
    record = transfer.stages.filter(stage=CriminalStage.INDICTMENT, court__isnull=False).order_by("-date", "-id").first()
    return record.court if record else None


def state_of(transfer: Transfer) -> str:
    """诉讼进展 in one phrase, for lists and the 待办."""
    judgment = current_judgment(transfer)
    if judgment:
        return f"判决已生效（{judgment.effective_on:%Y-%m-%d}）" if judgment.effective_on else "已判决，尚未生效"
    stages = set(transfer.stages.values_list("stage", flat=True))
    if CriminalStage.INDICTMENT in stages:
        return "已起诉，待判决"
    if CriminalStage.ARREST in stages:
        return "已逮捕"
    return ""


# ---- checks --------------------------------------------------------------------------------------------

def _text(value, field: str, *, required: bool = True, limit: int = 100) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{field}")
    if len(value) > limit:
        raise DomainError(f"{field}不能超过{limit}个字")
    return value


def _day(value, field: str, *, now: datetime, after: date | None = None, after_what: str = "") -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise DomainError(f"{field}“{value or ''}”格式错误，应为 2026-01-31") from None
    if value > timezone.localdate(now):
        raise DomainError(f"{field}（{value:%Y-%m-%d}）不能晚于今天")
    if after and value < after:
        raise DomainError(f"{field}（{value:%Y-%m-%d}）不能早于{after_what}（{after:%Y-%m-%d}）")
    return value


def _money(value, field: str) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise DomainError(f"{field}“{str(value)[:40]}”不是金额，请填写数字（元）") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e13"):
        raise DomainError(f"{field}应为不小于零的金额（元）")
    return amount.quantize(Decimal("0.01"))


def _whole(value, field: str) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 4:
        raise DomainError(f"{field}“{text[:20]}”应为整数")
    return int(text)


def _filed(transfer: Transfer) -> None:
    if transfer.status != TransferStatus.FILED:
        raise DomainError(f"移送当前为“{transfer.get_status_display()}”：公安机关立案后才有逮捕、起诉和判决")


def _filing_day(transfer: Transfer) -> date | None:
    return timezone.localdate(transfer.decision_at) if transfer.decision_at else None


def check_sentence(principal: str, term_months: int | None, probation: bool, probation_months: int | None,
                   fine: Decimal | None, confiscation: str) -> None:
    """The judgment's figures against the 刑法's ranges; a Chinese error naming the field and the article."""
    if principal not in P.values:
        raise DomainError("请选择主刑（管制、拘役、有期徒刑、无期徒刑、死刑、单处附加刑或免予刑事处罚）")
    label = P(principal).label
    if principal in TERMS:
        low, high, basis = TERMS[principal]
        if term_months is None:
            raise DomainError(f"判处{label}的，请填写刑期（月）")
        if not low <= term_months <= high:
            raise DomainError(f"刑期（月）{term_months} 超出范围：{basis}")
    elif term_months:
        raise DomainError(f"判处{label}的，不填写刑期（月）")
    if probation:
        if principal not in OFFSET_AGAINST or term_months > 36:
            raise DomainError("缓刑只适用于被判处拘役、三年以下有期徒刑的犯罪分子（《刑法》第七十二条）")
        if principal == P.CRIMINAL_DETENTION:
            low, high = max(term_months, 2), 12
            basis = "《刑法》第七十三条第一款：拘役的缓刑考验期限为原判刑期以上一年以下，但是不能少于二个月"
        else:
            low, high = max(term_months, 12), 60
            basis = "《刑法》第七十三条第二款：有期徒刑的缓刑考验期限为原判刑期以上五年以下，但是不能少于一年"
        if probation_months is None or not low <= probation_months <= high:
            raise DomainError(f"缓刑考验期（月）应在 {low} 至 {high} 之间：{basis}")
    elif probation_months:
        raise DomainError("未宣告缓刑的，不填写缓刑考验期")
    if principal == P.EXEMPT and (fine or confiscation):
        raise DomainError("免予刑事处罚的，不判处罚金、没收财产（《刑法》第三十七条）")
    if principal == P.ACCESSORY_ONLY and not (fine or confiscation):
        raise DomainError("单处附加刑的，请填写罚金或没收（《刑法》第三十四条）")


# ---- telling the organs --------------------------------------------------------------------------------

def _tell(transfer: Transfer, text: str, *, now: datetime, also: Agency | None = None) -> int:
    """The transferring agency's and the procuratorate's people (and a court's, when named) see it in 提醒."""
    organs = [a for a in (transfer.agency, transfer.procuratorate, also) if a is not None]
    users = [u for organ in organs for u in User.objects.filter(agency=organ, is_active=True) if acts_for(u, organ)]
    Notification.objects.bulk_create([Notification(user=u, created_at=now, text=text[:500],
                                                   link=transfer.get_absolute_url()) for u in users])
    return len(users)


def _head(transfer: Transfer) -> str:
    return f"{transfer.case.decision_no}（{transfer.case.party_name}）"


# ---- the steps -----------------------------------------------------------------------------------------

@transaction.atomic
def record_arrest(transfer: Transfer, *, actor, day, document_no: str, crime: str = "", note: str = "",
                  now: datetime | None = None) -> CriminalStageRecord:
    """逮捕: the police record the arrest they executed, with the 批准逮捕决定书 (《刑事诉讼法》第八十条)."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_record_arrest(actor, transfer), f"{actor.display_name} 无权登记逮捕：逮捕由接收移送的公安机关执行并登记")
    _filed(transfer)
    day = _day(day, "逮捕日期", now=now, after=_filing_day(transfer), after_what="立案日期")
    document_no = _text(document_no, "批准逮捕决定书文号")
    crime = _text(crime or transfer.suspected_crime, "罪名")
    record = CriminalStageRecord.objects.create(
        transfer=transfer, stage=CriminalStage.ARREST, date=day, document_no=document_no, crime=crime,
        note=_text(note, "说明", required=False, limit=500), recorded_by=actor, recorded_at=now)
    _log(transfer, actor=actor, now=now, step=TransferStep.ARREST, note=f"{day:%Y-%m-%d} {document_no}，涉嫌{crime}")
    _tell(transfer, f"{_head(transfer)}：犯罪嫌疑人已于{day:%Y-%m-%d}被逮捕（{document_no}），涉嫌{crime}", now=now)
    return record


@transaction.atomic
def record_indictment(transfer: Transfer, *, actor, day, document_no: str, crime: str, court: Agency | None,
                      note: str = "", now: datetime | None = None) -> CriminalStageRecord:
    """提起公诉: the procuratorate names the 罪名 and the court; the court may then open the case file."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_record_indictment(actor, transfer), f"{actor.display_name} 无权登记起诉：提起公诉由人民检察院登记"
                                                    "（《刑事诉讼法》第一百七十六条）")
    _filed(transfer)
    if court is None or court.kind != AgencyKind.COURT or not court.is_active:
        raise DomainError("请选择提起公诉的人民法院")
    arrest = transfer.stages.filter(stage=CriminalStage.ARREST).order_by("date").first()
    day = _day(day, "起诉日期", now=now, after=arrest.date if arrest else _filing_day(transfer),
               after_what="逮捕日期" if arrest else "立案日期")
    document_no = _text(document_no, "起诉书文号")
    crime = _text(crime, "起诉罪名")
    record = CriminalStageRecord.objects.create(
        transfer=transfer, stage=CriminalStage.INDICTMENT, date=day, document_no=document_no, crime=crime,
        court=court, note=_text(note, "说明", required=False, limit=500), recorded_by=actor, recorded_at=now)
    _log(transfer, actor=actor, now=now, step=TransferStep.INDICTMENT,
         note=f"{day:%Y-%m-%d} {document_no}，以{crime}向{court.name}提起公诉")
    hand_to_court(transfer.case, court, reason=f"移送第{transfer.pk}号提起公诉（{document_no}）", now=now)
    _tell(transfer, f"{_head(transfer)}：{day:%Y-%m-%d}以{crime}向{court.name}提起公诉（{document_no}）",
          now=now, also=court)
    return record


@transaction.atomic
def enter_judgment(transfer: Transfer, *, actor, day, document_no: str, crime: str, principal: str,
                   term_months=None, probation: bool = False, probation_months=None, fine=None, confiscation: str = "",
                   confiscated_amount=None, fine_paid=None, detention_days=None, instance: str = TrialInstance.FIRST,
                   note: str = "", now: datetime | None = None) -> Sentence:
    """判决 with its content, by a 审判人员 of the court the case was brought to; 折抵 per 《行政处罚法》第三十五条."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    court = court_of(transfer)
    require(court is not None and may_enter_judgment(actor, court.pk),
            f"{actor.display_name} 无权登记判决：判决由受理起诉的人民法院审判人员登记或确认")
    _filed(transfer)
    if instance not in TrialInstance.values:
        raise DomainError("请选择审级（一审或二审）")
    earlier = Sentence.objects.filter(record__transfer=transfer)
    if earlier.filter(instance=instance).exists():
        raise DomainError(f"本案已登记{TrialInstance(instance).label}判决，不能重复登记")
    first = earlier.filter(instance=TrialInstance.FIRST).select_related("record").first()
    if instance == TrialInstance.SECOND and first is None:
        raise DomainError("尚未登记一审判决，不能登记二审判决")
    if instance == TrialInstance.SECOND and first.effective_on:
        raise DomainError("一审判决已生效，不能再登记二审判决")
    indictment = transfer.stages.filter(stage=CriminalStage.INDICTMENT, court=court).order_by("-date").first()
    day = _day(day, "判决日期", now=now, after=first.record.date if first else indictment.date,
               after_what="一审判决日期" if first else "起诉日期")
    document_no = _text(document_no, "判决书文号")
    crime = _text(crime, "判决罪名")
    term, term_p = _whole(term_months, "刑期（月）"), _whole(probation_months, "缓刑考验期（月）")
    fine, confiscated_amount = _money(fine, "罚金"), _money(confiscated_amount, "没收金额")
    paid = _money(fine_paid, "已缴纳的罚款")
    days = _whole(detention_days, "已执行的行政拘留（日）") or 0
    confiscation = _text(confiscation, "没收", required=False, limit=300)
    check_sentence(principal, term, bool(probation), term_p, fine, confiscation)
    if days > MAX_DETENTION_DAYS:
        raise DomainError(f"已执行的行政拘留（日）应为 0 至 {MAX_DETENTION_DAYS}：《治安管理处罚法》规定行政拘留合并执行"
                          "最长不超过二十日")
    if paid is None:
        paid = transfer.fine_offset if transfer.fine_offset is not None else (transfer.case.fine_amount or Decimal(0))
    record = CriminalStageRecord.objects.create(
        transfer=transfer, stage=CriminalStage.JUDGMENT, date=day, document_no=document_no, crime=crime, court=court,
        note=_text(note, "说明", required=False, limit=500), recorded_by=actor, recorded_at=now)
    sentence = Sentence.objects.create(
        record=record, instance=instance, principal=principal, term_months=term, probation=bool(probation),
        probation_months=term_p if probation else None, fine=fine, confiscation=confiscation,
        confiscated_amount=confiscated_amount, fine_paid=paid, detention_days=days)
    off = offset_of(sentence)
    text = f"{TrialInstance(instance).label}：以{crime}判处{sentence_text(sentence)}"
    _log(transfer, actor=actor, now=now, step=TransferStep.JUDGMENT,
         note=f"{day:%Y-%m-%d} {document_no}，{text}；折抵：{off.fine_note}；{off.term_note}")
    _tell(transfer, f"{_head(transfer)}：{court.name}{day:%Y-%m-%d}作出{text}（{document_no}）。{off.fine_note}", now=now)
    return sentence


@transaction.atomic
def confirm_effective(transfer: Transfer, *, actor, day, now: datetime | None = None) -> Sentence:
    """生效 (《刑事诉讼法》第二百五十九条): a 一审 judgment once the 十日 for 上诉、抗诉 (第二百三十条) passed without
    one, a 二审 judgment as 终审. Confirmed by a 审判人员 of the court."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    sentence = current_judgment(transfer)
    court = court_of(transfer)
    require(court is not None and may_enter_judgment(actor, court.pk),
            f"{actor.display_name} 无权确认判决生效：由受理起诉的人民法院审判人员确认")
    if sentence is None:
        raise DomainError("尚未登记判决，不能确认生效")
    if sentence.effective_on:
        raise DomainError(f"判决已于 {sentence.effective_on:%Y-%m-%d} 生效")
    pronounced = sentence.record.date
    if sentence.instance == TrialInstance.FIRST:
        appeal = get_rule(APPEAL)
        earliest, how = pronounced + timedelta(days=appeal.amount + 1), EffectiveHow.NO_APPEAL
        why = f"一审判决的上诉、抗诉期限为{appeal.period_text}（{appeal.citation}），期满后生效"
    else:
        earliest, how, why = pronounced, EffectiveHow.FINAL, "二审判决为终审判决（《刑事诉讼法》第二百五十九条）"
    day = _day(day, "生效日期", now=now)
    if day < earliest:
        raise DomainError(f"生效日期（{day:%Y-%m-%d}）不能早于 {earliest:%Y-%m-%d}：{why}")
    sentence.effective_on, sentence.effective_how, sentence.effective_by = day, how, actor
    sentence.save(update_fields=["effective_on", "effective_how", "effective_by"])
    _log(transfer, actor=actor, now=now, step=TransferStep.JUDGMENT_EFFECTIVE,
         note=f"{sentence.record.document_no} 于{day:%Y-%m-%d}生效（{EffectiveHow(how).label}）")
    _tell(transfer, f"{_head(transfer)}：{sentence.record.document_no}已于{day:%Y-%m-%d}发生法律效力：{sentence_text(sentence)}",
          now=now)
    return sentence


# ---- the named steps for the pages and the API (transfers/actions.py) ---------------------------------------

def _court(value) -> Agency | None:
    text = str(value or "").strip()
    if not text:
        return None
    query = Agency.objects.filter(kind=AgencyKind.COURT, is_active=True)
    return (query.filter(pk=int(text)).first() if text.isdigit() else None) or query.filter(code=text).first() \
        or query.filter(name=text).first()


def _flag(data, name) -> bool:
    return str(data.get(name, "")).lower() in ("1", "true", "on", "yes")


ACTIONS = {
    "arrest": ("登记逮捕", lambda t, a, d: record_arrest(
        t, actor=a, day=d.get("date", ""), document_no=d.get("document_no", ""), crime=d.get("crime", ""),
        note=d.get("note", ""))),
    "indict": ("登记起诉", lambda t, a, d: record_indictment(
        t, actor=a, day=d.get("date", ""), document_no=d.get("document_no", ""), crime=d.get("crime", ""),
        court=_court(d.get("court")), note=d.get("note", ""))),
    "judgment": ("登记判决", lambda t, a, d: enter_judgment(
        t, actor=a, day=d.get("date", ""), document_no=d.get("document_no", ""), crime=d.get("crime", ""),
        principal=d.get("principal", ""), term_months=d.get("term_months"), probation=_flag(d, "probation"),
        probation_months=d.get("probation_months"), fine=d.get("fine"), confiscation=d.get("confiscation", ""),
        confiscated_amount=d.get("confiscated_amount"), fine_paid=d.get("fine_paid"),
        detention_days=d.get("detention_days"), instance=d.get("instance") or TrialInstance.FIRST,
        note=d.get("note", ""))),
    "judgment_effective": ("确认判决生效", lambda t, a, d: confirm_effective(t, actor=a, day=d.get("date", ""))),
}


def as_data(transfer: Transfer) -> list[dict]:
    """The criminal stages for the API: each with its content and, for a judgment, the 折抵 with its basis."""
    def money(value):
        return None if value is None else f"{value:.2f}"

    data = []
    for row in outcome_rows(transfer):
        r, s, off = row["record"], row["sentence"], row["offset"]
        item = {"stage": r.stage, "stage_label": row["stage"], "date": r.date.isoformat(), "document_no": r.document_no,
                "crime": r.crime, "court": r.court.name if r.court_id else None, "judgment": None}
        if s:
            item["judgment"] = {
                "instance": s.get_instance_display(), "principal": s.get_principal_display(), "term_months": s.term_months,
                "probation": s.probation, "probation_months": s.probation_months, "fine": money(s.fine),
                "confiscation": s.confiscation, "confiscated_amount": money(s.confiscated_amount), "text": row["text"],
                "effective_on": s.effective_on.isoformat() if s.effective_on else None,
                "effective_how": s.get_effective_how_display() if s.effective_how else None,
                "offset": {"fine_paid": money(off.fine_paid), "fine_offset": money(off.fine_offset),
                           "fine_due": money(off.fine_due), "detention_days": off.detention_days,
                           "term_offset_days": off.term_offset_days, "fine_note": off.fine_note,
                           "term_note": off.term_note, "basis": off.basis}}
        data.append(item)
    return data
