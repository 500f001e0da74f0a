"""Test builders: a small region and record rows, so tests do not copy setup from each other."""

from dataclasses import dataclass

from django.test import Client

from liangfa.agencies import services as agency_services
from liangfa.agencies.models import Agency, User
from liangfa.cases.services import import_records

PASSWORD = "test-pass-2026"
DEFAULT_AUTHORITY = "测试市市场监督管理局"


@dataclass
class World:
    admin: User
    market: Agency  # city market regulation
    county_market: Agency  # below market
    tax: Agency
    police: Agency
    procuratorate: Agency
    market_officer: User
    market_officer2: User
    market_head: User
    county_officer: User
    tax_officer: User  # the outsider for market's cases
    police_officer: User
    prosecutor: User
    police_head: User  # 县级以上公安机关负责人: approves the 民警's 立案/不予立案/复议/转送 proposals

    def client(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


def build_world() -> World:
    admin = User.objects.create_superuser("root", password=PASSWORD, roles=["admin"], full_name="管理员")

    def agency(code, name, kind, field, level="city", region="410800", parent=None):
        return agency_services.create_agency(actor=admin, code=code, name=name, kind=kind, level=level,
                                             region_code=region, field=field, parent=parent)

    def person(username, agency_, roles):
        return agency_services.create_user(actor=admin, username=username, password=PASSWORD, agency=agency_,
                                           roles=roles, full_name=username)

    market = agency("t-scjg", "测试市市场监督管理局", "administrative", "market")
    county = agency("t-xw-scjg", "测试县市场监督管理局", "administrative", "market", "county", "410821", market)
    tax = agency("t-sw", "测试市税务局", "administrative", "tax")
    police = agency("t-gaj", "测试市公安局", "police", "public_security")
    procuratorate = agency("t-jcy", "测试市人民检察院", "procuratorate", "procuratorial")
    market_head = person("m_head", market, ["head"])
    agency_services.set_principal(market, market_head, actor=admin)  # R310 第五条: the one who approves
    return World(
        admin=admin, market=market, county_market=county, tax=tax, police=police, procuratorate=procuratorate,
        market_officer=person("m_officer", market, ["officer"]),
        market_officer2=person("m_officer2", market, ["officer"]),
        market_head=market_head,
        county_officer=person("c_officer", county, ["officer"]),
        tax_officer=person("t_officer", tax, ["officer"]),
        police_officer=person("p_officer", police, ["police_officer"]),
        prosecutor=person("prosecutor", procuratorate, ["prosecutor"]),
        police_head=person("p_head", police, ["head"]),
    )


def record(**overrides) -> dict:
    """One valid row keyed by the template's Chinese headers."""
    row = {
        "行政相对人名称": "焦作市恒信食品有限公司",
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1（统一社会信用代码）": "91430923745919951M",
        "法定代表人": "张三",
        "行政处罚决定书文号": "测市监罚〔2025〕1号",
        "违法行为类型": "销售伪劣产品（以次充好）",
        "违法事实": "经查，当事人销售以次充好的产品。",
        "处罚依据": "《产品质量法》第五十条",
        "处罚类别": "罚款",
        "处罚内容": "罚款人民币伍万贰仟壹佰贰拾元",
        "罚款金额（万元）": "5.212",
        "处罚决定日期": "2025-03-18",
        "处罚机关": DEFAULT_AUTHORITY,
        "违法行为发生日期": "2024-11-02",
        "销售金额（元）": "62,000",
    }
    row.update(overrides)
    return {k: v for k, v in row.items() if v is not None}


def load(agency: Agency, rows: list[dict], actor=None, **kwargs):
    """Rows into `agency`, as decided by it: record()'s default 处罚机关 becomes the agency's name (an agency
    loads only its own decisions); a 处罚机关 a test writes itself stays."""
    rows = [{**row, "处罚机关": agency.name} if row.get("处罚机关") == DEFAULT_AUTHORITY else row for row in rows]
    return import_records(rows, agency=agency, actor=actor, **kwargs)


def ready_transfer(world: World, *, now=None, until: str = "approved", crime: str = "生产、销售伪劣产品罪",
                   no_clue_reason: str = ""):
    """A market case with a transfer drafted, its package complete, and advanced to `until`
    (draft, pending_approval, approved, delivered, accepted)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from liangfa.cases.models import PenaltyCase
    from liangfa.transfers import package, services

    load(world.market, [record()])
    case = PenaltyCase.objects.get(agency=world.market)
    officer = world.market_officer
    transfer = services.draft_transfer(case, actor=officer, team=[world.market_officer2],
                                       suspected_crime=crime, report="销售金额62000元，达到追诉标准。", now=now,
                                       no_clue_reason=no_clue_reason)
    package.generate_document(transfer, actor=officer, kind="transfer_letter", now=now)
    package.attach_document(transfer, actor=officer, kind="investigation_report", now=now,
                            upload=SimpleUploadedFile("调查报告.docx", b"report"))
    package.add_item(transfer, actor=officer, name="伪劣产品", quantity="120件", now=now)
    package.generate_document(transfer, actor=officer, kind="item_list", now=now)
    steps = ["draft", "pending_approval", "approved", "delivered", "accepted"]
    if steps.index(until) >= 1:
        services.submit_report(transfer, actor=officer, now=now)
    if steps.index(until) >= 2:
        services.approve_transfer(transfer, actor=world.market_head, now=now)
    if steps.index(until) >= 3:
        services.deliver_transfer(transfer, actor=officer, now=now)
    if steps.index(until) >= 4:
        services.sign_receipt(transfer, actor=world.police_officer, now=now)
    transfer.refresh_from_db()
    return transfer


def withdrawn_transfer(world: World, *, now):
    """A market transfer the police accepted, filed an hour later and withdrew (撤销案件) eight days after `now`."""
    from datetime import timedelta

    from liangfa.transfers import services

    transfer = ready_transfer(world, now=now, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True,
                           case_no="测公(经)立字〔2026〕9号", now=now + timedelta(hours=1))
    # 撤销案件报告书 approved by the 负责人 (程序规定第一百八十七条第一款)
    services.withdraw_case(transfer, actor=world.police_officer, approver=world.police_head, ground="trivial",
                           reasons="销售金额未达追诉标准", now=now + timedelta(days=8))
    return transfer
