from liangfa.parties.models import Party
from liangfa.testing import load, record


def test_same_valid_code_is_one_party_across_agencies(world):
    load(world.market, [record()])
    load(world.tax, [record(**{"行政处罚决定书文号": "税罚1号", "行政相对人名称": "焦作市恒信食品有限公司（原名）"})])
    assert Party.objects.count() == 1
    party = Party.objects.get()
    assert party.id_status == "valid" and party.cases.count() == 2


def test_masked_invalid_and_missing_codes_never_link_across_agencies(world):
    for code in ["92410724MA44GU****", "91430923745919951N", ""]:
        load(world.market, [record(**{"行政相对人代码_1（统一社会信用代码）": code, "行政处罚决定书文号": f"m{code}"})])
        load(world.tax, [record(**{"行政相对人代码_1（统一社会信用代码）": code, "行政处罚决定书文号": f"t{code}"})])
    parties = Party.objects.exclude(id_status="valid")
    assert parties.count() == 6
    assert sorted(parties.values_list("id_status", flat=True)) == ["invalid", "invalid", "masked", "masked",
                                                                  "missing", "missing"]
    invalid = parties.filter(id_status="invalid").first()
    assert invalid.id_raw == "91430923745919951N"  # kept as given
    assert "应为 M" in invalid.id_error


def test_names_are_normalised_for_comparison(world):
    load(world.market, [record(**{"行政相对人代码_1（统一社会信用代码）": "", "行政相对人名称": "焦作市（恒信） 食品有限公司"})])
    load(world.market, [record(**{"行政相对人代码_1（统一社会信用代码）": "", "行政相对人名称": "焦作市(恒信)食品有限公司",
                                  "行政处罚决定书文号": "2号"})])
    assert Party.objects.count() == 1  # same agency, same (missing) code, same normalised name
    assert Party.objects.get().name_norm == "焦作市(恒信)食品有限公司"


def test_natural_person_with_birth_date_and_old_region(world):
    load(world.market, [record(**{"行政相对人类别": "自然人", "行政相对人名称": "李四",
                                  "行政相对人代码_1（统一社会信用代码）": "", "证件号码": "440524188001010014"})])
    person = Party.objects.get()
    assert person.kind == "natural_person" and person.id_status == "valid"
    assert str(person.birth_date) == "1880-01-01"
    assert person.warnings and "440524" in person.warnings[0]


def test_party_page_shows_cases_the_viewer_may_see(world):
    load(world.market, [record()])
    load(world.tax, [record(**{"行政处罚决定书文号": "税罚1号"})])
    party = Party.objects.get()
    as_market = world.client(world.market_officer).get(f"/parties/{party.pk}/").content.decode()
    assert "测市监罚〔2025〕1号" in as_market and "税罚1号" not in as_market
    as_prosecutor = world.client(world.prosecutor).get(f"/parties/{party.pk}/").content.decode()
    assert "测市监罚〔2025〕1号" in as_prosecutor and "税罚1号" in as_prosecutor
    api = world.client(world.prosecutor).get(f"/api/parties/{party.pk}").json()
    assert len(api["cases"]) == 2 and api["id_status"] == "valid"


def test_secondary_ids_are_kept(world):
    load(world.market, [record(**{"行政相对人代码_2（工商注册号）": "410800000012345"})])
    assert list(Party.objects.get().other_ids.values_list("kind", "value")) == [("registration_no", "410800000012345")]


def test_a_cross_agency_link_needs_both_owners_or_the_procuratorate(world):
    """Issue 18: an officer of one agency cannot alone join another agency's party to its own."""
    from liangfa.parties.links import decide_link, propose_links
    from liangfa.parties.models import PartyLink

    load(world.market, [record(**{"行政相对人名称": "焦作市恒信食品有限公司（分店）", "行政相对人代码_1（统一社会信用代码）": ""})])
    load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2025〕1号", "处罚机关": "测试市税务局",
                               "行政相对人名称": "焦作市恒信食品有限公司分店", "行政相对人代码_1（统一社会信用代码）": ""})])
    assert propose_links() == 0 and PartyLink.objects.count() == 1  # proposed when the record came in
    link = PartyLink.objects.get()
    page = world.client(world.market_officer).get("/parties/links/").content.decode()
    assert "其他机关" in page and "测试市税务局" not in page
    decide_link(link, actor=world.market_officer, confirm=True)
    link.refresh_from_db()
    assert (link.status, link.consents) == ("candidate", [world.market.pk])
    decide_link(link, actor=world.tax_officer, confirm=True)
    link.refresh_from_db()
    assert link.status == "confirmed"


def test_the_procuratorate_confirms_a_cross_agency_link_alone(world):
    from liangfa.parties.links import decide_link, propose_links
    from liangfa.parties.models import PartyLink

    load(world.market, [record(**{"行政相对人名称": "焦作市恒信食品有限公司（分店）", "行政相对人代码_1（统一社会信用代码）": ""})])
    load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2025〕1号", "处罚机关": "测试市税务局",
                               "行政相对人名称": "焦作市恒信食品有限公司分店", "行政相对人代码_1（统一社会信用代码）": ""})])
    propose_links()
    link = decide_link(PartyLink.objects.get(), actor=world.prosecutor, confirm=True)
    assert link.status == "confirmed"
