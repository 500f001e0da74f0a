"""The review app's section of the annual 法治政府建设情况报告 (reports.annual.register_section)."""

from liangfa.reports.annual import Figure
from liangfa.review.choices import RemedyKind, RemedyResult, ReviewResult
from liangfa.review.models import Discussion, Dissent, HandledCase, LegalReview, Remedy

CORRECTED = [RemedyResult.REVOKED, RemedyResult.ALTERED, RemedyResult.ILLEGAL]


def reviews_section(agency, year, user, now) -> list[Figure]:
    page = "/review/"
    reviews = LegalReview.objects.filter(handled__agency=agency, decided_at__year=year)
    remedies = Remedy.objects.filter(case__agency=agency, decided_on__year=year)
    return [
        Figure("网上立案办理的案件", HandledCase.objects.filter(agency=agency, filed_at__year=year).count(),
               f"网上办案页 {year}年立案", page),
        Figure("完成法制审核（轮次）", reviews.count(), f"网上办案页 {year}年法制审核", page),
        Figure("其中同意", reviews.filter(result=ReviewResult.APPROVE).count(), "同上，审核结论“同意”", page),
        Figure("其中退回补充或不同意", reviews.exclude(result=ReviewResult.APPROVE).count(),
               "同上，审核结论“退回补充”“不同意”", page),
        Figure("集体讨论", Discussion.objects.filter(handled__agency=agency, held_at__year=year).count(),
               f"网上办案页 {year}年集体讨论", page),
        Figure("不同意见备案", Dissent.objects.filter(case__agency=agency, recorded_at__year=year).count(),
               f"不同意见备案页 {year}年", "/review/dissents/"),
        Figure("行政复议、诉讼结案", remedies.exclude(kind=RemedyKind.PROCURATORIAL).count(),
               f"不同意见备案页 {year}年复议、诉讼结果", "/review/dissents/"),
        Figure("其中被撤销、变更或确认违法", remedies.filter(result__in=CORRECTED).count(),
               "同上，结果“撤销”“变更”“确认违法”", "/review/dissents/"),
    ]
