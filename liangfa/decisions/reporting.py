"""The annual report's section on 重大行政决策 (reports/annual.py register_section)."""

from liangfa.decisions.services import year_figures
from liangfa.reports.annual import Figure


def decisions_section(agency, year, user, now) -> list[Figure]:
    f = year_figures(agency.pk, year)
    page = f"/decisions/?year={year}"
    return [Figure("列入决策事项目录", f["catalogued"], f"重大行政决策页 {year}年度目录", page),
            Figure("公开征求意见", f["consulted"], "同上，已登记公众参与情况", page),
            Figure("完成合法性审查", f["reviewed"], "同上，已出具审查意见", page),
            Figure("其中由法律顾问审查", f["by_adviser"], "同上，审查人为法律顾问", page),
            Figure("审查未通过", f["review_failed"], "同上，状态“合法性审查未通过”", page),
            Figure("集体讨论决定", f["decided"], "同上，已集体讨论", page),
            Figure("讨论中有不同意见", f["with_dissent"], "同上，记录了不同意见", page),
            Figure("已公布", f["published"], "同上，已公布", page),
            Figure("已后评估", f["evaluated"], "同上，已后评估", page),
            Figure("法律顾问出具意见", f["adviser_opinions"], f"法律顾问页 {year}年 意见", "/decisions/advisers/")]
