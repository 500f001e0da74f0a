"""Which cases need 法制审核 and 集体讨论, and which are decided outside the online flow: the law's grounds
plus the organ's own list (ReviewPolicy), each ground with its citation."""

from decimal import Decimal

from liangfa.agencies.choices import AgencyKind
from liangfa.review.choices import Procedure
from liangfa.review.models import ReviewPolicy

APL = "《行政处罚法》"
MPS = "《公安机关办理行政案件程序规定》"
# 《行政处罚法》第五十一条: on-the-spot decisions only up to these fines (or a 警告).
ON_THE_SPOT_LIMIT = {"person": Decimal("200"), "organisation": Decimal("3000")}

# The points a reviewer answers (行政处罚法第五十八条; 公安: 程序规定第一百七十条), with what each asks.
CHECKLIST = [
    ("subject", "主体", "执法主体是否合法，执法人员是否具备执法资格"),
    ("jurisdiction", "管辖", "是否超越法定权限，管辖是否正确"),
    ("facts", "事实", "案件事实是否清楚"),
    ("evidence", "证据", "证据是否确实充分、合法取得"),
    ("characterisation", "定性", "违法行为定性是否准确"),
    ("basis", "依据", "适用法律、法规、规章是否正确"),
    ("procedure", "程序", "程序是否合法（告知、陈述申辩、听证、回避）"),
    ("discretion", "裁量", "处罚种类和幅度是否适当，是否符合裁量基准"),
    ("documents", "文书", "执法文书是否规范、齐全"),
]
CHECKLIST_POINTS = [code for code, _, _ in CHECKLIST]


def policy_for(agency) -> ReviewPolicy:
    """The organ's rules, or the defaults (not saved): police review every 行政案件 (程序规定第一百七十条)."""
    found = ReviewPolicy.objects.filter(agency=agency).first()
    return found or ReviewPolicy(agency=agency, review_all=agency.kind == AgencyKind.POLICE)


def review_grounds(handled, policy: ReviewPolicy) -> list[list[str]]:
    """[code, why, citation] for each reason the case needs 法制审核; empty when none applies."""
    grounds = []
    if handled.public_interest:
        grounds.append(["public_interest", "涉及重大公共利益", f"{APL}第五十八条第一款第一项"])
    if handled.hearing_held_at:
        grounds.append(["hearing", "直接关系当事人或者第三人重大权益，经过听证程序", f"{APL}第五十八条第一款第二项"])
    if handled.complex_case:
        grounds.append(["complex", "案件情况疑难复杂、涉及多个法律关系", f"{APL}第五十八条第一款第三项"])
    if handled.agency.kind == AgencyKind.POLICE:
        grounds.append(["police", "公安机关行政案件作出决定前审核", f"{MPS}第一百七十条"])
    elif policy.review_all and handled.procedure == Procedure.GENERAL:
        grounds.append(["policy_all", "本机关规定普通程序案件一律法制审核", f"{APL}第五十八条第一款第四项；本机关法制审核目录"])
    fine = handled.proposed_fine
    if policy.review_fine_over is not None and fine is not None and fine >= policy.review_fine_over:
        grounds.append(["policy_fine", f"拟罚款 {fine} 元，达到本机关法制审核目录的 {policy.review_fine_over} 元",
                        "本机关法制审核目录"])
    return grounds


def collective_grounds(handled, policy: ReviewPolicy) -> list[list[str]]:
    """[code, why, citation] for each reason the case needs 集体讨论."""
    grounds = []
    if handled.serious:
        grounds.append(["serious", "情节复杂或者重大违法行为", f"{APL}第五十七条第二款"])
    if policy.collective_after_hearing and handled.hearing_held_at:
        grounds.append(["hearing", "经过听证程序", "本机关集体讨论规则"])
    fine = handled.proposed_fine
    if policy.collective_fine_over is not None and fine is not None and fine >= policy.collective_fine_over:
        grounds.append(["policy_fine", f"拟罚款 {fine} 元，达到本机关集体讨论的 {policy.collective_fine_over} 元",
                        "本机关集体讨论规则"])
    return grounds


def imported_review_required(case, policy: ReviewPolicy) -> bool:
    """An imported case, judged by what its record shows (its fine) against the organ's list."""
    if policy.review_all or case.agency.kind == AgencyKind.POLICE:
        return not is_on_the_spot_size(case.fine_amount, case.party_category, case.penalty_category)
    return policy.review_fine_over is not None and (case.fine_amount or 0) >= policy.review_fine_over


def is_on_the_spot_size(fine, party_category: str, penalty_category: str) -> bool:
    """Within 《行政处罚法》第五十一条: a 警告, or a fine up to 200 元 (person) / 3000 元 (organisation)."""
    if not fine:
        return "警告" in penalty_category or not penalty_category
    limit = ON_THE_SPOT_LIMIT["person" if party_category == "自然人" else "organisation"]
    return fine <= limit
