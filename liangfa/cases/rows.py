"""Validate one imported row: clean values, or errors naming row, column, value and rule."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from liangfa.cases.choices import LAND_CLASS_BY_LABEL, STATUS_BY_LABEL, CaseStatus
from liangfa.cases.columns import PER_UNIT, Column, unit_from_header
from liangfa.core.amounts import UnitMissing, parse_amount, parse_quantity
from liangfa.core.identifiers import IdentifierCheck, check_identifier
from liangfa.core.text import normalize_doc_no, normalize_name, to_halfwidth
from liangfa.parties.choices import KIND_BY_LABEL, IdKind, PartyKind


@lru_cache(maxsize=20_000)
def cached_check(code: str, kind: str) -> IdentifierCheck:
    """Parties repeat across a file; check each code once. Results are read, never changed."""
    return check_identifier(code, kind)


TEXT_LIMITS = {"party_name": 200, "decision_no": 120, "violation_type": 200, "penalty_category": 200,
               "authority_name": 100, "legal_rep": 100, "license_action": 300, "amount_source": 200,
               "legal_reviewer": 100, "party_address": 300, "party_phone": 40,
               # The long texts, as the 双公示 行政处罚 data standard is remembered to bound them; the standard
               # itself is not in shared/data (confidence L): change here if it says otherwise.
               "facts": 5000, "legal_basis": 2048, "penalty_content": 4000, "remarks": 512}
ECHO_LIMIT = 200  # an error quotes at most this much of the value it refuses
BAD_CHARACTERS = re.compile(r"[\x00\ud800-\udfff]")
LONG_TERM = {"长期", "永久", "长期有效", "无"}


@dataclass
class RowError:
    row: int
    column: str
    value: str
    error: str

    def as_dict(self) -> dict:
        value = self.value if len(self.value) <= ECHO_LIMIT else self.value[:ECHO_LIMIT] + f"…（共 {len(self.value)} 字）"
        return {"row": self.row, "column": self.column, "value": value, "error": self.error}


@dataclass
class CleanRow:
    row: int
    values: dict
    party_kind: str
    party_code: str
    id_check: IdentifierCheck
    other_ids: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)  # who is behind the party: rep_id_no, address, phone (as stated)

    @property
    def key(self) -> str:
        return self.values["decision_no_key"]


def parse_date(value) -> date | None:
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:  # ISO dates, the common case
            return date.fromisoformat(value)
        except ValueError:
            pass  # 2025-02-30 and the like: the general path gives the precise message
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
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_SPACES = re.compile(r"\s+")


def _party_kind(label: str, code_check: IdentifierCheck | None) -> str | None:
    if label:
        return KIND_BY_LABEL.get(_SPACES.sub("", label))
    return PartyKind.NATURAL_PERSON if code_check.kind == "resident_id" else PartyKind.LEGAL_PERSON


def _parser(column: Column, header: str):
    """The function that turns one cell of this column into its clean value (raises ValueError)."""
    if column.kind == "money":
        unit = unit_from_header(header, column)
        return lambda value, text: parse_amount(value, unit=unit)
    if column.kind == "quantity":
        return lambda value, text: parse_quantity(value, label=header)
    if column.kind == "count":
        return _count_parser(header, PER_UNIT.get(unit_from_header(header, column), 1))
    if column.kind == "land":
        def land(value, text):
            if text and _SPACES.sub("", text) not in LAND_CLASS_BY_LABEL:
                raise ValueError("应为 永久基本农田（基本农田）、基本农田以外的耕地、公益林地、商品林地、其他农用地、其他土地 之一")
            return LAND_CLASS_BY_LABEL.get(_SPACES.sub("", text), "")
        return land
    if column.kind == "date":
        if column.field == "valid_until":
            return lambda value, text: None if text in LONG_TERM else parse_date(value)
        return lambda value, text: parse_date(value)
    if column.kind == "status":
        def status(value, text):
            if text and text not in STATUS_BY_LABEL:
                raise ValueError(f"应为 {'、'.join(STATUS_BY_LABEL)} 之一")
            return STATUS_BY_LABEL.get(text, "")
        return status
    limit = TEXT_LIMITS.get(column.field)

    def plain(value, text):
        if limit and len(text) > limit:
            raise ValueError(f"超过 {limit} 字的长度上限")
        return text
    return plain


def _count_parser(header: str, per: int):
    """份数, 株数, 支数: whole numbers (卷烟 given in 条 are turned into 支)."""
    def count(value, text):
        number = parse_quantity(value, label=header)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(f"“{text}”不是整数")
        return int(number) * per
    return count


class RowCleaner:
    """Validates rows of one file: the column plan is worked out once, then applied to every row."""

    def __init__(self, mapping: dict[int, tuple[Column, str]], *, today: date, agency_uscc: str = "",
                 agency_name: str = ""):
        self.plan = [(index, column.field, header, column.required, _parser(column, header))
                     for index, (column, header) in mapping.items()]
        self.headers = {column.field: header for column, header in mapping.values()}
        self.today = today
        self.agency_uscc = agency_uscc
        self.agency_name = agency_name
        self.authority_names: dict[str, bool] = {}

    def __call__(self, number: int, cells: list) -> "CleanRow | list[RowError]":
        errors: list[RowError] = []
        values: dict = {}
        raw: dict = {}
        width = len(cells)
        # one search of the whole row; only a row with a bad character is searched cell by cell
        suspect = BAD_CHARACTERS.search("".join(c for c in cells if type(c) is str)) is not None \
            or any(type(c) is not str and c is not None for c in cells)
        for index, fieldname, header, required, parse in self.plan:
            value = cells[index] if index < width else None
            raw[fieldname] = value
            if type(value) is str:
                text = value.strip()
            elif isinstance(value, list | dict):
                errors.append(RowError(number, header, "", "单元格应为文字或数值，不能是列表或对象"))
                continue
            else:
                text = _text(value)
            if text:  # an empty cell has no bad character and no formula
                if suspect and BAD_CHARACTERS.search(text):
                    errors.append(RowError(number, header, "", "含有不允许的字符（空字符或无效的 Unicode 代理字符）"))
                    continue
                if text[0] == "=" and len(text) > 1:
                    errors.append(RowError(number, header, text, "单元格以“=”开头，疑似公式：请填写数值或文字"))
                    continue
            elif required:
                errors.append(RowError(number, header, text, "必填项为空"))
                continue
            try:
                values[fieldname] = parse(value, text)
            except UnitMissing:
                errors.append(RowError(number, header, text,
                                       f"表头“{header}”未注明单位（元或万元），数值也未注明，无法确定金额"))
            except ValueError as exc:
                errors.append(RowError(number, header, text, str(exc)))
        return self._finish(number, values, raw, errors)

    def _finish(self, number, values, raw, errors):
        def fail(fieldname: str, message: str) -> None:
            errors.append(RowError(number, self.headers[fieldname], _text(raw[fieldname]), message))

        today = self.today
        for fieldname in ("decision_date", "conduct_date", "effective_date", "legal_review_date"):
            if values.get(fieldname) and values[fieldname] > today:
                fail(fieldname, "日期晚于今天")
        decision, conduct, effective = values.get("decision_date"), values.get("conduct_date"), values.get("effective_date")
        if decision and conduct and conduct > decision:
            fail("conduct_date", "违法行为发生日期晚于处罚决定日期")
        if decision and effective and effective < decision:
            fail("effective_date", "决定生效日期早于处罚决定日期")
        if decision and values.get("legal_review_date") and values["legal_review_date"] > decision:
            fail("legal_review_date", "法制审核日期晚于处罚决定日期：审核应在决定之前（《行政处罚法》第五十八条）")
        authority_code = to_halfwidth(values.get("authority_code", "")).upper()
        if authority_code and self.agency_uscc and authority_code != self.agency_uscc:
            fail("authority_code", f"与导入机关的统一社会信用代码 {self.agency_uscc} 不符")
        authority = values.get("authority_name", "")
        same_code = authority_code and authority_code == self.agency_uscc
        if authority and self.agency_name and not same_code and not self._is_agency(authority):
            # each organ loads its own decisions: another organ's row would count as this one's
            fail("authority_name", f"处罚机关不是导入机关“{self.agency_name}”：每个机关只导入本机关作出的处罚决定，"
                                   "请由作出决定的机关导入，或改正处罚机关名称")
        return _party_values(number, values, raw, errors, fail)

    def _is_agency(self, authority: str) -> bool:
        """Whether the 处罚机关 names the importing agency (a file repeats one or a few names)."""
        same = self.authority_names.get(authority)
        if same is None:
            same = normalize_name(authority) == normalize_name(self.agency_name)
            if len(self.authority_names) < 1000:
                self.authority_names[authority] = same
        return same


def _party_values(number, values, raw, errors, fail):
    uscc, person_no = values.get("uscc", ""), values.get("person_id_no", "")
    label = values.get("party_category", "")
    code = uscc or person_no
    kind = _party_kind(label, None if label else cached_check(code, ""))
    if kind is None:
        fail("party_category", "应为 法人及非法人组织、自然人、个体工商户 之一")
    contacts = _contacts(values, fail)
    if errors:
        return errors

    if kind == PartyKind.NATURAL_PERSON:
        id_check = cached_check(code, "resident_id")
    elif kind == PartyKind.INDIVIDUAL_BUSINESS:
        id_check = cached_check(code, "uscc" if uscc else "resident_id")
    else:
        id_check = cached_check(code, "uscc")
    other_ids = {
        IdKind.REGISTRATION_NO: values.pop("registration_no", ""),
        IdKind.ORGANISATION_CODE: values.pop("organisation_code", ""),
        IdKind.TAX_NO: values.pop("tax_no", ""),
        IdKind.INSTITUTION_NO: values.pop("institution_no", ""),
        IdKind.SOCIAL_ORG_NO: values.pop("social_org_no", ""),
    }
    for extra in ("uscc", "person_id_no", "person_id_type", "legal_rep_id_type", "legal_rep_id_no"):
        values.pop(extra, None)
    values["party_category"] = _KIND_LABELS[kind]
    values["party_code"] = code
    values["decision_no_key"] = normalize_doc_no(values["decision_no"])
    values["status"] = values.get("status") or CaseStatus.DECIDED
    return CleanRow(number, values, kind, code, id_check, {k: v for k, v in other_ids.items() if v}, contacts)


_KIND_LABELS = {kind.value: kind.label for kind in PartyKind}


def _contacts(values: dict, fail) -> dict:
    """法定代表人证件号码, 地址/住所, 联系电话: what joins the party to others (parties/network.py).

    The representative's number must be a valid 居民身份证号 (python-stdnum, GB 11643) when the 证件类型 is
    empty or 身份证: a wrong number would join the party to a stranger, so the row is refused in words. A
    masked number (510902********8198) is accepted and never used for joining."""
    contacts = {}
    rep_no = to_halfwidth(values.get("legal_rep_id_no", "")).strip()
    rep_type = values.get("legal_rep_id_type", "")
    if rep_no and (not rep_type or "身份证" in rep_type):
        check = cached_check(rep_no, "resident_id")
        if check.status == "invalid":
            fail("legal_rep_id_no", f"法定代表人证件号码不是有效的居民身份证号：{check.error}")
        elif check.status == "valid":
            contacts["rep_id_no"] = check.key
    address = values.pop("party_address", "")
    if address:
        contacts["address"] = address
    phone = values.pop("party_phone", "")
    if phone:
        if len(re.sub(r"\D", "", to_halfwidth(phone))) < 7:
            fail("party_phone", "联系电话应至少有7位数字")
        else:
            contacts["phone"] = phone
    return contacts
