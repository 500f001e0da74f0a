"""Issue 15: the network fields come in with the records — 法定代表人证件号码 (checked with python-stdnum),
地址/住所 and 联系电话 fill the parties' contact records, so the network joins parties of real files, not
only of the demo."""

from liangfa.cases.template import template_csv
from liangfa.core.models import AuditEntry as AuditLog
from liangfa.parties.models import Party
from liangfa.parties.network import network_of
from liangfa.testing import load, record

REP = "410802198503150019"  # a valid 居民身份证号 (GB 11643 check digit)
TAX = {"行政处罚决定书文号": "测税罚〔2025〕3号", "处罚机关": "测试市税务局", "行政相对人名称": "王小明",
       "行政相对人类别": "个体工商户", "行政相对人代码_1（统一社会信用代码）": "92410800MA9XXXXX1Q"}


def test_the_template_offers_the_network_columns():
    header = template_csv().lstrip("\ufeff").splitlines()[0]
    assert "法定代表人证件号码" in header and "地址/住所" in header and "联系电话" in header


def test_a_row_with_the_representative_address_and_phone_joins_two_agencies_parties(world):
    result = load(world.market, [record(**{"法定代表人证件号码": REP, "地址/住所": "焦作市解放区民主路18号",
                                           "联系电话": "0391-2345678"})])
    assert result.committed and not result.rejected
    load(world.tax, [record(**TAX, **{"法定代表人身份证号": REP, "住所": "河南省焦作市 解放区民主路18号",
                                      "电话": "13903910001"})])
    company = Party.objects.get(name="焦作市恒信食品有限公司")
    shop = Party.objects.get(name="王小明")
    assert (company.rep_id_no, company.address, company.phone) == (REP, "焦作市解放区民主路18号", "03912345678")
    assert shop.phone == "13903910001"
    net = network_of(company)
    assert set(net.parties) == {company.pk, shop.pk}
    assert sorted(key for _, _, key in net.edges) == ["address", "rep"]
    page = world.client(world.prosecutor).get(f"/parties/{company.pk}/").content.decode()
    assert "法定代表人/经营者身份证号相同" in page and "注册地址相同" in page
    assert AuditLog.objects.filter(action="party.contacts").count() == 2


def test_a_wrong_representative_number_is_refused_naming_the_row_and_column(world):
    bad = REP[:-1] + "8"
    result = load(world.market, [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "法定代表人证件号码": bad})])
    assert not result.committed
    assert [(r["row"], r["column"], r["value"]) for r in result.rejected] == [(2, "法定代表人证件号码", bad)]  # the second record
    assert result.rejected[0]["error"].startswith("法定代表人证件号码不是有效的居民身份证号：校验码错误")
    short = load(world.market, [record(**{"法定代表人证件号码": "41080219850315"})])
    assert "居民身份证号应为18位，实际14位" in short.rejected[0]["error"]
    phone = load(world.market, [record(**{"联系电话": "12345"})])
    assert phone.rejected[0]["column"] == "联系电话" and phone.rejected[0]["error"] == "联系电话应至少有7位数字"
    assert not Party.objects.exclude(rep_id_no="").exists()


def test_a_masked_or_foreign_number_is_kept_out_of_the_network_without_refusing_the_row(world):
    result = load(world.market, [record(**{"法定代表人证件号码": "410802********0019"}),
                                 record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "法定代表人证件类型": "护照",
                                           "法定代表人证件号码": "E12345678"})])
    assert result.committed and not result.rejected
    assert Party.objects.get().rep_id_no == ""


def test_importing_the_same_file_again_changes_and_audits_nothing(world):
    rows = [record(**{"法定代表人证件号码": REP, "地址/住所": "焦作市解放区民主路18号", "联系电话": "0391-2345678"})]
    load(world.market, rows)
    again = load(world.market, rows)
    assert again.committed and again.unchanged == 1 and again.accepted == 0
    assert AuditLog.objects.filter(action="party.contacts").count() == 1
    # a later record without a phone keeps the phone; a new address replaces the old one
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕5号", "地址/住所": "焦作市山阳区人民路1号"})])
    party = Party.objects.get()
    assert (party.rep_id_no, party.address, party.phone) == (REP, "焦作市山阳区人民路1号", "03912345678")
    assert AuditLog.objects.filter(action="party.contacts").count() == 2
