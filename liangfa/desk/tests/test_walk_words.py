"""What the walk counts as words an official should not read (liangfa.walk.text_findings)."""

from liangfa.walk import text_findings


def test_a_login_name_is_read_whole_and_passes():
    assert text_findings("用户 xw-scjg_fzr 已启用", allowed={"xw-scjg_fzr"}) == []
    assert text_findings("用户 xw-scjg_fzr 已启用") == [("状态代码", "scjg_fzr"), ("英文", "xw")]


def test_a_reference_number_passes_but_a_rule_id_does_not():
    assert text_findings("受理编号 GK20261026021983，请凭编号查询") == []
    assert text_findings("见 PUB_DECISION_SAMR") == [("规则编号", "PUB_DECISION_SAMR")]
    assert text_findings("status pending") == [("英文", "status、pending")]
