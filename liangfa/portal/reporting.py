"""The portal's section of the annual 法治政府建设情况报告 (reports.annual.register_section)."""

from liangfa.portal.choices import PublicationStatus, RequestStatus
from liangfa.portal.models import Publication, PublicRequest
from liangfa.reports.annual import Figure

ANSWERED = [RequestStatus.ANSWERED, RequestStatus.FORWARDED, RequestStatus.REJECTED]


def disclosure_section(agency, year, user, now) -> list[Figure]:
    published = Publication.objects.filter(agency=agency, published_at__year=year)
    requests = PublicRequest.objects.filter(agency=agency, received_at__year=year)
    return [
        Figure("公示行政处罚决定", published.count(), f"公示管理页 {year}年公示", "/portal/publications/"),
        Figure("决定变更或撤销后撤回公示", Publication.objects.filter(agency=agency, withdrawn_at__year=year).count(),
               f"公示管理页 {year}年撤回", "/portal/publications/"),
        Figure("依法不予公示", Publication.objects.filter(agency=agency, status=PublicationStatus.WITHHELD,
                                                       updated_at__year=year).count(),
               "公示管理页 状态“依法不予公示”", "/portal/publications/"),
        Figure("收到群众咨询、申请和投诉举报", requests.count(), f"群众诉求页 {year}年收到", "/portal/requests/"),
        Figure("已答复、转送或说明不予受理", requests.filter(status__in=ANSWERED).count(),
               "同上，状态“已答复”“已转送有权机关”“不予受理”", "/portal/requests/"),
    ]
