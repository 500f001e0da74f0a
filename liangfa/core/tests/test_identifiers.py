"""The identifier test values in shared/data: each row's outcome as the registry records it."""

import csv

import pytest

from liangfa.core.identifiers import check_identifier, check_resident_id, check_uscc, mask_resident_id


def test_every_shared_identifier_row(shared):
    with open(shared / "data" / "identifiers" / "identifiers_dev.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 8
    for row in rows:
        check = check_identifier(row["value"], row["kind"])
        if row["masked"] == "yes":
            assert check.status == "masked", row
            assert check.key == ""
        elif row["gb_check"] == "pass":
            assert check.status == "valid", row
            assert check.key == row["value"].upper()
        else:
            assert check.status == "invalid", row
            assert check.raw == row["value"]  # kept as given, never corrected
            assert check.key == ""
        if row["region_nbs2023"] == "not in NBS 2023 list":
            assert any("440524" in w for w in check.warnings), "old region code: a warning, not a rejection"


def test_wrong_check_character_names_the_expected_one():
    check = check_uscc("91430923745919951N")
    assert check.status == "invalid"
    assert "应为 M" in check.error and "GB 32100" in check.error
    check = check_resident_id("110105194912310021")
    assert check.status == "invalid"
    assert "应为 X" in check.error


def test_charset_and_lowercase():
    assert "不允许的字符" in check_uscc("91430923745919951I").error
    lower = check_resident_id("11010519491231002x")
    assert lower.status == "valid" and lower.key == "11010519491231002X"
    assert any("大写 X" in w for w in lower.warnings)


def test_resident_id_details():
    check = check_resident_id("11010519491231002X")
    assert str(check.birth_date) == "1949-12-31"
    assert check.region_name == "朝阳区"
    assert check_resident_id("510902********8198").status == "masked"
    assert check_resident_id("1101051949").error.startswith("居民身份证号应为18位")


@pytest.mark.parametrize(("value", "masked"), [("11010519491231002X", "110105********002X")])
def test_masking_for_public_pages(value, masked):
    assert mask_resident_id(value) == masked
