"""What a record may show when it leaves the platform: one module, used by every public page, open data and API.

The rules follow what the agencies themselves publish (shared/data/penalty_records, the 双公示 pages) and
《市场监督管理行政处罚信息公示规定》第六条 (商业秘密和个人信息 "进行必要的处理"):

- 自然人: the name keeps its surname (张三 → 张某, 张三丰 → 张某某, 欧阳修 → 欧阳某); the 居民身份证号 keeps
  its first six and last four characters (510902********8198).
- 法人、非法人组织 and 个体工商户 (registered market entities, 第二条第三款): name, 统一社会信用代码 and 法定代表人
  (经营者) in full, as the published rows show them (R03, R10, R15, R24).
- In any text: 身份证号 masked as above, phone numbers masked (138****5678, 0391-****5678), bank account numbers
  removed, an address cut to its 县/区, the natural persons named in the record masked wherever they appear.
- A value already masked as published (张某某, 92410724MA44GU****) is kept as it is.
"""

import re
from functools import cache

from stdnum.cn import ric, uscc

from liangfa.core import regions
from liangfa.core.text import to_halfwidth

NATURAL_PERSON = "自然人"
MASK = "某"
REMOVED = "（已删除）"
COMPOUND_SURNAMES = frozenset(
    "欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 濮阳 公冶 太叔 申屠 "
    "公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 公西 颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 "
    "拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 微生 梁丘 左丘 西门 第五 南荣 东里 即墨 达奚 褚师".split())

_BANK = re.compile(r"(开户银行账号|银行账号|银行帐号|银行卡号|账号|帐号|账户|帐户|卡号)([：:\s]*)[0-9][0-9\s-]{7,30}[0-9]")
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9]{6}[0-9*]{8}[0-9*]{3}[0-9Xx*](?![0-9A-Za-z])")
_LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z*])[0-9]{16,19}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9])[-\s]?([0-9]{4})[-\s]?([0-9]{4})(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(0[1-9][0-9]{1,2})([-－—\s]?)([0-9]{7,8})(?![0-9])")
_ADDRESS = re.compile(r"(住址|住所地|住所|家庭住址|现住址|户籍地|户籍所在地|居住地|经常居住地|地址|家住|现住)([：:为在于]?)"
                      r"([^，,。；;（(\s]{2,60})")
# A street address written out in the text (…市…区…路8号3单元): cut to its 县/区 like a labelled one.
_STREET = re.compile(r"[\u4e00-\u9fa5]{2,20}?(?:省|市|自治区|自治州|盟|县|区|旗)[\u4e00-\u9fa5A-Za-z0-9]{0,20}?"
                     r"(?:大道|路|街|巷|弄|胡同)[0-9一二三四五六七八九十百零]+号(?:[0-9A-Za-z一二三四五六七八九十-]+"
                     r"(?:栋|幢|楼|单元|室|号))*")


# ---- single values ------------------------------------------------------------------------------------------

def is_masked(value: str) -> bool:
    return MASK in (value or "") or "*" in (value or "")


def mask_name(name: str) -> str:
    """A natural person's name: the surname, then 某 for a one-character given name, 某某 for a longer one."""
    name = re.sub(r"\s+", "", name or "")
    if not name or is_masked(name):
        return name
    if "·" in name or "•" in name:  # transliterated names (买买提·艾力): the first character only
        return name[0] + MASK * 2
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
    given = name[len(surname):]
    return surname + (MASK if len(given) == 1 else MASK * 2 if given else "")


def mask_resident_id(value: str) -> str:
    """510902199001018198 → 510902********8198 (15-digit first-generation numbers: first six and last three)."""
    value = re.sub(r"\s+", "", to_halfwidth(value or ""))
    if len(value) == 18:
        return value[:6] + "*" * 8 + value[14:]
    if len(value) == 15 and value.isdigit():
        return value[:6] + "*" * 6 + value[12:]
    return value if is_masked(value) else ("*" * len(value) if value else "")


def mask_phone(number: str) -> str:
    return mask_phones(number)


def mask_phones(text: str) -> str:
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    return _LANDLINE.sub(lambda m: f"{m.group(1)}{m.group(2) or '-'}{'*' * (len(m.group(3)) - 4)}{m.group(3)[-4:]}",
                         text)


@cache
def _region_names() -> dict[str, bool]:
    """Every known region name → whether it is a 县级 unit (county, district, county-level city, banner)."""
    current, historical = regions._tables()
    names: dict[str, bool] = {}
    for code, name in {**historical, **current}.items():
        names[name] = names.get(name, False) or not code.endswith("00")
    return names


def cut_address(address: str) -> str:
    """An address cut to its 县/区: 河南省焦作市解放区民主南路12号 → 河南省焦作市解放区. The leading region names
    are read against the 行政区划 tables; an address whose 县/区 cannot be found keeps only the province and
    city it names (nothing finer ever shows)."""
    address = re.sub(r"\s+", "", address or "")
    names, longest = _region_names(), 12
    position = 0
    while position < len(address):
        match = next((address[position:position + size] for size in range(min(longest, len(address) - position), 1, -1)
                      if address[position:position + size] in names), None)
        if match is None:
            break
        position += len(match)
        if names[match]:
            return address[:position]
    return address[:position]


def _cut_street(text: str) -> str:
    """The street part goes; the words before the region names (当事人在…) stay."""
    for start in range(len(text)):
        cut = cut_address(text[start:])
        if cut and _region_names().get(_last_region(cut), False):
            return text[:start] + cut
    return "（地址略）"


def _last_region(prefix: str) -> str:
    names = _region_names()
    return next((prefix[i:] for i in range(len(prefix)) if prefix[i:] in names), "")


def is_resident_id(token: str) -> bool:
    """An 18-character number that is a 居民身份证号 (check digit right, or a date where the birth date sits);
    a valid 统一社会信用代码 made of digits is not one."""
    token = token.upper()
    if "*" in token:
        return True
    if uscc.is_valid(token) and not ric.is_valid(token):
        return False
    return ric.is_valid(token) or bool(re.fullmatch(r"\d{6}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX]",
                                                     token))


# ---- free text ------------------------------------------------------------------------------------------------

def redact_text(text: str, *, names: tuple[str, ...] = ()) -> str:
    """Free text (违法事实, 处罚内容, an answer): the masks above applied wherever the values appear."""
    if not text:
        return text or ""
    out = _BANK.sub(lambda m: f"{m.group(1)}{m.group(2) or '：'}{REMOVED}", text)
    out = _DIGIT_RUN.sub(lambda m: mask_resident_id(m.group(0)) if is_resident_id(m.group(0)) else m.group(0), out)
    # Any other 16–19 digit number is a card or account number (an organisation's code stays).
    out = _LONG_NUMBER.sub(lambda m: m.group(0) if uscc.is_valid(m.group(0)) else REMOVED, out)
    out = mask_phones(out)
    out = _ADDRESS.sub(lambda m: m.group(1) + m.group(2) + (cut_address(m.group(3)) or "（略）"), out)
    out = _STREET.sub(lambda m: _cut_street(m.group(0)), out)
    for name in sorted({n for n in names if n and len(n) >= 2 and not is_masked(n)}, key=len, reverse=True):
        out = out.replace(name, mask_name(name))
    return out


# ---- a 双公示 record ---------------------------------------------------------------------------------------------

def person_names(record: dict) -> tuple[str, ...]:
    """The natural persons a record names (whose names are masked wherever they appear)."""
    if record.get("party_category") == NATURAL_PERSON:
        return tuple(n for n in (record.get("party_name", ""), record.get("legal_rep", "")) if n)
    return ()


def redact_record(record: dict) -> dict:
    """A record keyed by the case's field names (party_name, party_category, party_code, legal_rep, facts, …)
    as it may leave the platform. Fields not named here are copied as they are; `remarks` (备注, the agency's
    own notes) never leaves."""
    out = dict(record)
    names = person_names(record)
    natural = record.get("party_category") == NATURAL_PERSON
    if natural:
        out["party_name"] = mask_name(record.get("party_name", ""))
        out["party_code"] = mask_resident_id(record.get("party_code", ""))
        out["legal_rep"] = ""
    for field in ("facts", "penalty_content", "violation_type", "license_action"):
        if field in out:
            out[field] = redact_text(out.get(field) or "", names=names)
    if not natural and "party_code" in out:
        out["party_code"] = _organisation_code(out.get("party_code") or "")
    out.pop("remarks", None)
    return out


def _organisation_code(code: str) -> str:
    """An organisation's code is public in full; a number that is really a person's ID (filled in by
    mistake) is masked all the same."""
    code = re.sub(r"\s+", "", code)
    return mask_resident_id(code) if len(code) == 18 and not is_masked(code) and is_resident_id(code) else code
