from decimal import Decimal

import pytest

from liangfa.core.amounts import AmountError, UnitMissing, parse_amount, parse_quantity


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("伍万贰仟壹佰贰拾元", "元", "52120.00"),
        ("人民币柒仟陆佰陆拾柒元整", "元", "7667.00"),
        ("5.212", "万元", "52120.00"),
        ("5.2万元", "元", "52000.00"),  # the value names its unit
        ("12,000", "元", "12000.00"),
        ("１２３４．５", "元", "1234.50"),  # full-width digits
        ("拾万元", "元", "100000.00"),
        ("壹亿贰仟万元", "元", "120000000.00"),
        ("伍拾万零叁佰元", "元", "500300.00"),
        ("壹佰元伍角", "元", "100.50"),
        ("0", "元", "0.00"),
        (50000, "元", "50000.00"),
        (5.2, "万元", "52000.00"),
    ],
)
def test_amounts_are_read_in_yuan(value, unit, expected):
    assert parse_amount(value, unit=unit) == Decimal(expected)


@pytest.mark.parametrize("value", ["", "无", "-", None])
def test_empty_amounts_are_none(value):
    assert parse_amount(value, unit="元") is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("500 300", "多个数字连在一起"),
        ("12.3.4", "多个数字连在一起"),
        ("1,23", "千位分隔符"),
        ("伍伍万", "两个数字相连"),
        ("-5", "负数"),
        ("abc", "不是金额"),
    ],
)
def test_ambiguous_amounts_are_refused_never_guessed(value, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(value, unit="元")


def test_bare_number_without_any_unit_is_refused():
    with pytest.raises(UnitMissing):
        parse_amount("5000", unit="")
    assert parse_amount("5000元", unit="") == Decimal("5000.00")


def test_quantities():
    assert parse_quantity("12.5亩") == Decimal("12.500")
    assert parse_quantity("1,200") == Decimal("1200.000")
    with pytest.raises(AmountError):
        parse_quantity("十二亩")
