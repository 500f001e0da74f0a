"""Turn the published penalty decisions (data/demo_real_penalty_records.csv) into template rows.

The published pages give what they give: a row missing a required field stays missing, so the import
rejects it with a reason — exactly what an agency sees with incomplete records. Nothing is invented.
"""

import csv
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "demo_real_penalty_records.csv"

# Which demo agency (by field) receives each published decision.
FIELD_OF_AGENCY_NAME = [
    ("烟草", "tobacco"), ("林业", "forestry"), ("环境", "environment"), ("环保", "environment"),
    ("食品药品", "drug"), ("药品", "drug"), ("市场监督", "market"),
]
PARTY_KIND = {"个体工商户": "个体工商户", "自然人": "自然人", "单位": "法人及非法人组织",
              "合伙企业": "法人及非法人组织", "": ""}


def _dated(text: str, marker: str) -> str:
    match = re.search(r"(\d{4}-\d{2}-\d{2})\(" + marker, text or "")
    return match.group(1) if match else ""


def to_template_row(rec: dict) -> dict:
    decided = _dated(rec["date"], "决定")
    published = _dated(rec["date"], "发布")
    remarks = [f"真实公开案例 {rec['rid']}（{rec['url']}）"]
    if not decided and published:
        remarks.append("公开页面未载明决定日期，以发布日期填写")
    conduct = _dated(rec["date"], "违法")
    fine, confiscated = rec["fine_yuan"].split("(")[0], rec["confiscated_yuan"]
    categories = [name for name, amount in (("罚款", fine), ("没收违法所得", confiscated)) if amount and amount != "0"]
    code = rec["id_published"] if not rec["id_published"].startswith("(") else ""
    kind = PARTY_KIND.get(rec["party_kind"], rec["party_kind"])
    return {
        "行政相对人名称": rec["party"],
        "行政相对人类别": kind,
        "行政相对人代码_1（统一社会信用代码）": code if kind != "自然人" else "",
        "证件号码": code if kind == "自然人" else "",
        "法定代表人": rec["legal_rep"],
        "行政处罚决定书文号": rec["decision_no"],
        "违法行为类型": rec["violation"],
        "违法事实": rec["violation"],
        "处罚依据": rec["legal_basis"],
        "处罚类别": "；".join(categories),
        "处罚内容": rec["amounts"],
        "罚款金额（元）": fine,
        "没收违法所得、没收非法财物的金额（元）": confiscated,
        "处罚决定日期": decided or published,
        "处罚机关": re.sub(r"\(.*\)$", "", rec["agency"]),
        "违法行为发生日期": conduct,
        "面积（亩）": _area(rec),
        "备注": "；".join(remarks + ([rec["notes"]] if rec["notes"] else [])),
    }


def as_decided_by(row: dict, organ: str) -> dict:
    """A published decision of another region loaded as if `organ` had made it (an organ imports only its own
    decisions); the organ that did make it stays in 备注."""
    remarks = "；".join(filter(None, [row.get("备注", ""), f"公开页面的处罚机关：{row['处罚机关']}"]))
    return {**row, "处罚机关": organ, "备注": remarks}


def _area(rec: dict) -> str:
    """An area the decision gives in ㎡ (the importer converts it to 亩)."""
    match = re.search(r"(\d+(?:\.\d+)?)㎡", rec["violation"] + rec["amounts"])
    return f"{match.group(1)}㎡" if match else ""


def agency_field(rec: dict) -> str:
    for fragment, field in FIELD_OF_AGENCY_NAME:
        if fragment in rec["agency"]:
            return field
    return "market"


def load(path: Path = DATA) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
