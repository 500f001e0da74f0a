"""The import columns: the national 双公示 行政处罚 standard's Chinese headers plus our extensions.

Extension headers name the unit (销售金额（元）, 面积（亩）). Amount columns of the standard are in 万元;
a header may name 元 instead, and a header with no unit needs the value to name one.
"""

import re
from dataclasses import dataclass

from liangfa.core.text import to_halfwidth


@dataclass(frozen=True)
class Column:
    header: str  # canonical header, as in the template
    field: str
    kind: str = "text"  # text | date | money | quantity | count | land | category | status
    required: bool = False
    unit: str = ""  # money: 元 / 万元
    note: str = ""
    aliases: tuple[str, ...] = ()
    extension: bool = False


STANDARD = [
    Column("行政相对人名称", "party_name", required=True, note="当事人名称或姓名"),
    Column("行政相对人类别", "party_category", "category",
           note="法人及非法人组织 / 自然人 / 个体工商户；留空时按证件号推断"),
    Column("行政相对人代码_1(统一社会信用代码)", "uscc", aliases=("统一社会信用代码", "行政相对人代码_1"),
           note="18位，按 GB 32100 校验；校验不通过的照样保存并标注"),
    Column("行政相对人代码_2(工商注册号)", "registration_no", aliases=("工商注册号", "行政相对人代码_2")),
    Column("行政相对人代码_3(组织机构代码)", "organisation_code", aliases=("组织机构代码", "行政相对人代码_3")),
    Column("行政相对人代码_4(税务登记号)", "tax_no", aliases=("税务登记号", "行政相对人代码_4")),
    Column("行政相对人代码_5(事业单位证书号)", "institution_no", aliases=("事业单位证书号", "行政相对人代码_5")),
    Column("行政相对人代码_6(社会组织登记证号)", "social_org_no", aliases=("社会组织登记证号", "行政相对人代码_6")),
    Column("法定代表人", "legal_rep", aliases=("法定代表人(负责人)", "负责人")),
    Column("法定代表人证件类型", "legal_rep_id_type"),
    Column("法定代表人证件号码", "legal_rep_id_no", aliases=("法定代表人身份证号", "法定代表人身份证号码", "经营者身份证号"),
           note="法定代表人或经营者的居民身份证号，按 GB 11643 校验，无效的整行退回；与其他当事人相同时在当事人关系图中相连"),
    Column("证件类型", "person_id_type", note="自然人填写，如“身份证”"),
    Column("证件号码", "person_id_no", note="自然人的居民身份证号，按 GB 11643 校验"),
    Column("行政处罚决定书文号", "decision_no", required=True, aliases=("决定书文号", "处罚决定书文号")),
    Column("违法行为类型", "violation_type", required=True),
    Column("违法事实", "facts", required=True),
    Column("处罚依据", "legal_basis", required=True),
    Column("处罚类别", "penalty_category", required=True, note="警告、罚款、没收违法所得、责令停产停业等"),
    Column("处罚内容", "penalty_content", required=True),
    Column("罚款金额(万元)", "fine_amount", "money", unit="万元", aliases=("罚款金额(元)", "罚款金额")),
    Column("没收违法所得、没收非法财物的金额(万元)", "confiscated_amount", "money", unit="万元",
           aliases=("没收违法所得、没收非法财物的金额(元)", "没收违法所得、没收非法财物的金额", "没收金额(万元)")),
    Column("暂扣或吊销证照名称及编号", "license_action"),
    Column("处罚决定日期", "decision_date", "date", required=True, note="如 2023-01-16"),
    Column("处罚有效期", "valid_until", "date", note="日期；“长期”可留空"),
    Column("公示截止期", "publish_until", "date"),
    Column("处罚机关", "authority_name", required=True),
    Column("处罚机关统一社会信用代码", "authority_code"),
    Column("数据来源单位", "source_unit"),
    Column("数据来源单位统一社会信用代码", "source_unit_code"),
    Column("备注", "remarks"),
]

EXTENSIONS = [
    Column("违法行为发生日期", "conduct_date", "date", extension=True, note="立案追诉标准的时间窗口从此计算"),
    Column("决定生效日期", "effective_date", "date", extension=True, note="多次违法的时间窗口起点"),
    Column("销售金额(元)", "sales_amount", "money", unit="元", extension=True),
    Column("货值金额(元)", "goods_value", "money", unit="元", extension=True),
    Column("违法所得(元)", "illegal_gain", "money", unit="元", extension=True),
    Column("非法经营数额(元)", "illegal_business_amount", "money", unit="元", extension=True),
    Column("偷逃税额(元)", "tax_evaded", "money", unit="元", extension=True),
    Column("面积(亩)", "area_mu", "quantity", extension=True, note="如毁坏林地、占用耕地面积"),
    Column("蓄积(立方米)", "volume_m3", "quantity", extension=True, note="林木蓄积"),
    Column("土地类别", "land_class", "land", extension=True,
           note="永久基本农田（基本农田）/ 基本农田以外的耕地 / 公益林地 / 商品林地 / 其他农用地 / 其他土地：占用耕地、林地的标准按类别为5亩或10亩"),
    Column("幼树(株)", "sapling_count", "count", extension=True, note="胸径五厘米以下的树木"),
    Column("林木价值(元)", "tree_value", "money", unit="元", extension=True),
    Column("卷烟数量(支)", "cigarettes_count", "count", extension=True, aliases=("卷烟数量(条)", "卷烟数量"),
           note="1条 = 200支；表头写作“卷烟数量（条）”时按条填写，导入时折算为支"),
    Column("虚开发票票面金额(元)", "invoice_face_amount", "money", unit="元", extension=True),
    Column("虚开发票份数(份)", "invoice_count", "count", extension=True),
    Column("虚开的税款数额(元)", "invoice_tax_amount", "money", unit="元", extension=True, note="虚开增值税专用发票等的税款数额"),
    Column("骗取出口退税款(元)", "refund_fraud_amount", "money", unit="元", extension=True),
    Column("吸收公众存款数额(元)", "deposit_amount", "money", unit="元", extension=True),
    Column("存款对象人数(人)", "depositor_count", "count", extension=True),
    Column("合同诈骗数额(元)", "fraud_amount", "money", unit="元", extension=True),
    Column("直接经济损失(元)", "direct_loss", "money", unit="元", extension=True,
           note="含公私财产损失、使生产遭受的损失（伪劣农药、兽药、化肥、种子）"),
    Column("矿产品价值(元)", "mineral_value", "money", unit="元", extension=True, note="开采的矿产品价值或者造成矿产资源破坏的价值"),
    Column("危险废物(吨)", "hazardous_waste_t", "quantity", extension=True, note="非法排放、倾倒、处置的危险废物"),
    Column("地址/住所", "party_address", extension=True, aliases=("住所", "地址", "注册地址", "住所地", "住址"),
           note="当事人的注册地址或住所；与其他当事人相同时在当事人关系图中相连"),
    Column("联系电话", "party_phone", extension=True, aliases=("电话", "联系方式", "手机号码"),
           note="当事人的联系电话（至少7位数字）；与其他当事人相同时在当事人关系图中相连"),
    Column("金额来源", "amount_source", extension=True, note="上述金额出自何处，如“决定书”“鉴定意见”"),
    Column("案件状态", "status", "status", extension=True, note="立案/调查/告知/决定/执行/结案；留空为“决定”"),
    Column("法制审核日期", "legal_review_date", "date", extension=True, note="《行政处罚法》第五十八条；未审核留空"),
    Column("法制审核人员", "legal_reviewer", extension=True),
    Column("法制审核意见", "legal_review_opinion", extension=True, note="同意 / 退回补充 / 不同意，及理由"),
]

COLUMNS = STANDARD + EXTENSIONS
# the case fields added for the 立案追诉标准 after the first release (importer.CASE_FIELDS)
THRESHOLD_EXTRAS = ["land_class", "sapling_count", "tree_value", "cigarettes_count", "invoice_face_amount",
                    "invoice_count", "invoice_tax_amount", "refund_fraud_amount", "deposit_amount", "depositor_count",
                    "fraud_amount", "direct_loss", "mineral_value", "hazardous_waste_t"]
PER_UNIT = {"条": 200}  # 卷烟: 1条 = 200支
BY_FIELD = {c.field: c for c in COLUMNS}


def display_header(column: Column) -> str:
    """Headers as printed in the template, with full-width brackets as the standard prints them."""
    return column.header.replace("(", "（").replace(")", "）")


def _norm(header: str) -> str:
    return re.sub(r"\s+", "", to_halfwidth(str(header or ""))).replace("（", "(").replace("）", ")")


_LOOKUP: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        _LOOKUP[_norm(_name)] = _column


def unit_from_header(header: str, column: Column) -> str:
    """The unit a money header states: 万元, 元, or '' when it states none (a count header: 条 or '')."""
    h = _norm(header)
    if column.kind == "count":
        return "条" if h.endswith("(条)") else ""
    if h.endswith("(万元)"):
        return "万元"
    if h.endswith("(元)"):
        return "元"
    return ""


def match_headers(headers: list[str]) -> tuple[dict[int, tuple[Column, str]], list[str], list[str]]:
    """Map column positions to columns. Returns (mapping, missing required headers, duplicate headers)."""
    mapping: dict[int, tuple[Column, str]] = {}
    seen: dict[str, str] = {}
    duplicates = []
    for index, header in enumerate(headers):
        column = _LOOKUP.get(_norm(header))
        if column is None:
            continue
        if column.field in seen:
            duplicates.append(f"“{header}”与“{seen[column.field]}”")
            continue
        seen[column.field] = str(header)
        mapping[index] = (column, str(header))
    missing = [display_header(c) for c in COLUMNS if c.required and c.field not in seen]
    return mapping, missing, duplicates
