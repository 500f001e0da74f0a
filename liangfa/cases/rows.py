"""Validate one imported row: clean values, or errors naming row, column, value and rule."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from liangfa.cases.choices import STATUS_BY_LABEL, CaseStatus
from liangfa.cases.columns import Column, unit_from_header
from liangfa.core.amounts import UnitMissing, parse_amount, parse_quantity
from liangfa.core.identifiers import IdentifierCheck, check_identifier
from liangfa.core.text import normalize_doc_no, to_halfwidth
from liangfa.parties.choices import KIND_BY_LABEL, IdKind, PartyKind

FORMULA_PREFIX = ("=",)
TEXT_LIMITS = {"party_name": 200, "decision_no": 120, "violation_type": 200, "penalty_category": 200,
               "authority_name": 100, "legal_rep": 100, "license_action": 300, "amount_source": 200}
LONG_TERM = {"长期", "永久", "长期有效", "无"}


@dataclass
class RowError:
    row: int
    column: str
    value: str
    error: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "error": self.error}


@dataclass
class CleanRow:
    row: int
    values: dict
    party_kind: str
    party_code: str
    id_check: IdentifierCheck
    other_ids: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.values["decision_no_key"]


def parse_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        raise ValueError("日期不能是数字，请使用 2023-01-16 这样的格式")
    text = to_halfwidth(str(value)).strip()
    if not text:
        return None
    match = (re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", text)
             or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text))
    if not match:
        raise ValueError("日期格式应为 2023-01-16（或 2023/1/16、2023年1月16日）")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError("不存在的日期") from None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _party_kind(label: str, code_check: IdentifierCheck) -> str | None:
    if label:
        return KIND_BY_LABEL.get(re.sub(r"\s+", "", label))
    return PartyKind.NATURAL_PERSON if code_check.kind == "resident_id" else PartyKind.LEGAL_PERSON


def clean_row(number: int, cells: list, mapping: dict[int, tuple[Column, str]], *, today: date,
              agency_uscc: str = "") -> CleanRow | list[RowError]:
    errors: list[RowError] = []
    raw: dict[str, tuple[object, Column, str]] = {}
    for index, (column, header) in mapping.items():
        raw[column.field] = (cells[index] if index < len(cells) else None, column, header)

    def fail(header: str, value, message: str) -> None:
        errors.append(RowError(number, header, _text(value), message))

    values: dict = {}
    for fieldname, (value, column, header) in raw.items():
        if isinstance(value, str) and value.lstrip().startswith(FORMULA_PREFIX) and len(value.strip()) > 1:
            fail(header, value, "单元格以“=”开头，疑似公式：请填写数值或文字")
            continue
        text = _text(value)
        if column.required and not text:
            fail(header, value, "必填项为空")
            continue
        try:
            if column.kind == "money":
                unit = unit_from_header(header, column)
                values[fieldname] = parse_amount(value, unit=unit)
            elif column.kind == "quantity":
                values[fieldname] = parse_quantity(value, label=header)
            elif column.kind == "date":
                if fieldname == "valid_until" and text in LONG_TERM:
                    values[fieldname] = None
                else:
                    values[fieldname] = parse_date(value)
            elif column.kind == "status":
                if text and text not in STATUS_BY_LABEL:
                    raise ValueError(f"应为 {'、'.join(STATUS_BY_LABEL)} 之一")
                values[fieldname] = STATUS_BY_LABEL.get(text, "")
            else:
                limit = TEXT_LIMITS.get(fieldname)
                if limit and len(text) > limit:
                    raise ValueError(f"超过 {limit} 字的长度上限")
                values[fieldname] = text
        except UnitMissing:
            fail(header, value, f"表头“{header}”未注明单位（元或万元），数值也未注明，无法确定金额")
        except ValueError as exc:
            fail(header, value, str(exc))

    for fieldname in ("decision_date", "conduct_date", "effective_date"):
        if values.get(fieldname) and values[fieldname] > today:
            fail(raw[fieldname][2], raw[fieldname][0], "日期晚于今天")
    decision, conduct, effective = values.get("decision_date"), values.get("conduct_date"), values.get("effective_date")
    if decision and conduct and conduct > decision:
        fail(raw["conduct_date"][2], raw["conduct_date"][0], "违法行为发生日期晚于处罚决定日期")
    if decision and effective and effective < decision:
        fail(raw["effective_date"][2], raw["effective_date"][0], "决定生效日期早于处罚决定日期")
    authority_code = values.get("authority_code", "")
    if authority_code and agency_uscc and to_halfwidth(authority_code).upper() != agency_uscc:
        fail(raw["authority_code"][2], authority_code, f"与导入机关的统一社会信用代码 {agency_uscc} 不符")

    uscc, person_no = values.get("uscc", ""), values.get("person_id_no", "")
    label = values.get("party_category", "")
    code = uscc or person_no
    probe = check_identifier(code)
    kind = _party_kind(label, probe)
    if kind is None:
        header = raw["party_category"][2]
        fail(header, label, "应为 法人及非法人组织、自然人、个体工商户 之一")
    if errors:
        return errors

    if kind == PartyKind.NATURAL_PERSON:
        id_check = check_identifier(code, "resident_id")
    elif kind == PartyKind.INDIVIDUAL_BUSINESS:
        id_check = check_identifier(code, "uscc" if uscc else "resident_id")
    else:
        id_check = check_identifier(code, "uscc")
    other_ids = {
        IdKind.REGISTRATION_NO: values.pop("registration_no", ""),
        IdKind.ORGANISATION_CODE: values.pop("organisation_code", ""),
        IdKind.TAX_NO: values.pop("tax_no", ""),
        IdKind.INSTITUTION_NO: values.pop("institution_no", ""),
        IdKind.SOCIAL_ORG_NO: values.pop("social_org_no", ""),
    }
    for extra in ("uscc", "person_id_no", "person_id_type", "legal_rep_id_type", "legal_rep_id_no"):
        values.pop(extra, None)
    values["party_category"] = PartyKind(kind).label
    values["party_code"] = code
    values["decision_no_key"] = normalize_doc_no(values["decision_no"])
    values["status"] = values.get("status") or CaseStatus.DECIDED
    return CleanRow(number, values, kind, code, id_check, {k: v for k, v in other_ids.items() if v})
