"""The 行政处罚决定书 tells the party its periods from the rule data, each with its article: 十五日 to pay
(《行政处罚法》第六十七条第三款), 六十日 for 行政复议 (《行政复议法》第二十条第一款), 六个月 for 行政诉讼
(《行政诉讼法》第四十六条第一款) — none typed into the text by hand."""

import dataclasses
from datetime import datetime

import pytest

from liangfa.clock.rules import TZ, all_rules
from liangfa.review.choices import FileKind
from liangfa.review.documents import body
from liangfa.review.tests.builders import notified

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
pytestmark = pytest.mark.django_db


def _decision_text(h) -> str:
    title, parts = body(h, FileKind.DECISION, {})
    assert title == "行政处罚决定书"
    return "\n".join(p for p in parts if isinstance(p, str))


def test_the_decision_states_the_three_periods_with_their_articles(world):
    text = _decision_text(notified(world, NOW))
    assert "自收到本决定书之日起十五日内缴纳罚款（《中华人民共和国行政处罚法》第六十七条第三款）" in text
    assert "六十日内申请行政复议（《行政复议法》第二十条第一款）" in text
    assert "六个月内依法提起行政诉讼（《行政诉讼法》第四十六条第一款）" in text


def test_the_periods_come_from_the_rule_data(world, monkeypatch):
    """Change the data and the document follows: the words are not in the code."""
    rules = all_rules()
    monkeypatch.setitem(rules, "PARTY_PAY_FINE", dataclasses.replace(rules["PARTY_PAY_FINE"], amount=20))
    monkeypatch.setitem(rules, "PARTY_FILE_SUIT", dataclasses.replace(rules["PARTY_FILE_SUIT"], amount=3))
    text = _decision_text(notified(world, NOW))
    assert "二十日内缴纳罚款" in text and "三个月内依法提起行政诉讼" in text and "十五日" not in text
