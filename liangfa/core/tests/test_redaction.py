"""Masks as the agencies publish them: the real decisions in shared/data/penalty_records and the rules."""

import csv

import pytest

from liangfa.core.redaction import cut_address, mask_name, mask_resident_id, redact_record, redact_text

# How the published pages name a party's kind, as the case's 行政相对人类别 holds it.
CATEGORY = {"个体工商户": "个体工商户", "自然人": "自然人", "单位": "法人", "合伙企业": "非法人组织", "": ""}


def _as_record(row: dict) -> dict:
    code = "" if row["id_published"].startswith("(") else row["id_published"]
    return {"party_name": row["party"], "party_category": CATEGORY[row["party_kind"]], "party_code": code,
            "legal_rep": row["legal_rep"], "facts": row["violation"], "penalty_content": row["amounts"],
            "decision_no": row["decision_no"], "remarks": row["notes"]}


def test_real_published_rows_come_out_as_the_agencies_published_them(shared):
    rows = {r["rid"]: r for r in csv.DictReader(open(shared / "data/penalty_records/real_penalty_records_dev.csv",
                                                      encoding="utf-8"))}
    for rid in ("R03", "R07", "R10", "R15", "R24", "R26"):
        row = rows[rid]
        out = redact_record(_as_record(row))
        # Market entities: name, code and 经营者/法定代表人 shown as published, masked tails kept as they are.
        assert out["party_name"] == row["party"], rid
        assert out["party_code"] == ("" if row["id_published"].startswith("(") else row["id_published"]), rid
        assert out["legal_rep"] == row["legal_rep"], rid
        assert out["facts"] == row["violation"], rid
        assert out["decision_no"] == row["decision_no"]
        assert "remarks" not in out  # the agency's own notes never leave
    assert redact_record(_as_record(rows["R10"]))["party_code"] == "92410724MA44GU****"
    assert redact_record(_as_record(rows["R24"]))["party_code"] == "91430923745919951M"
    # R20 (林业, 2023) printed a natural person's full name; the platform masks every 自然人 (个人信息,
    # 《市场监督管理行政处罚信息公示规定》第六条), so it publishes the surname only.
    natural = redact_record(_as_record(rows["R20"]))
    assert natural["party_name"] == "周某某"
    assert natural["legal_rep"] == ""


def test_published_masks_are_kept_as_they_are():
    assert mask_resident_id("510902********8198") == "510902********8198"
    assert mask_name("张某某") == "张某某"
    assert mask_name("张某") == "张某"
    record = {"party_name": "张某某", "party_category": "自然人", "party_code": "510902********8198", "facts": "张某某销售"}
    assert redact_record(record) == {**record, "legal_rep": ""}


@pytest.mark.parametrize(("name", "masked"), [
    ("张三", "张某"), ("张三丰", "张某某"), ("李建国", "李某某"), ("欧阳修", "欧阳某"), ("诸葛孔明", "诸葛某某"),
    ("买买提·艾力", "买某某"), ("周树芬", "周某某"),
])
def test_natural_person_names_keep_the_surname(name, masked):
    assert mask_name(name) == masked


def test_resident_ids_keep_six_and_four():
    assert mask_resident_id("11010519491231002X") == "110105********002X"
    assert mask_resident_id("440524188001010014") == "440524********0014"
    assert mask_resident_id("110105491231002") == "110105******002"


def test_free_text_masks_ids_phones_accounts_addresses_and_names():
    text = ("当事人张三丰（身份证号11010519491231002X，联系电话13812345678、0391-2345678），住址：河南省焦作市山阳区"
            "太行路8号3单元，开户银行账号6222 0212 3456 7890 123，另有银行卡6222021234567890123。"
            "统一社会信用代码91430923745919951M的安化县春天大药房。")
    out = redact_text(text, names=("张三丰",))
    assert out == ("当事人张某某（身份证号110105********002X，联系电话138****5678、0391-***5678），住址：河南省焦作市山阳区，"
                   "开户银行账号：（已删除），另有银行卡（已删除）。统一社会信用代码91430923745919951M的安化县春天大药房。")


def test_street_addresses_written_in_the_text_are_cut_but_business_names_stay():
    assert redact_text("当事人在焦作市解放区民主路8号3单元销售") == "当事人在焦作市解放区销售"
    shop = "焦作市城乡一体化示范区阳庙镇北西尚村陈明超市销售卷烟"  # R15's party: a registered name, not an address
    assert redact_text(shop) == shop


def test_addresses_are_cut_to_the_county():
    assert cut_address("河南省焦作市解放区民主南路12号") == "河南省焦作市解放区"
    assert cut_address("焦作市修武县五里源乡北村") == "焦作市修武县"
    assert cut_address("北京市朝阳区建国路1号") == "北京市朝阳区"
    assert cut_address("河南省焦作市某某路") == "河南省焦作市"  # no 县/区 named: nothing finer shows
    assert cut_address("民主路1号") == ""


def test_organisations_show_in_full_but_a_persons_id_in_the_code_column_is_masked():
    company = {"party_name": "焦作市恒信食品有限公司", "party_category": "法人", "party_code": "91430923745919951M",
               "legal_rep": "张三", "facts": "法定代表人张三组织销售"}
    assert redact_record(company) == company
    mistaken = redact_record({**company, "party_code": "11010519491231002X"})
    assert mistaken["party_code"] == "110105********002X"
