"""The annual report's sections on meetings and training (reports/annual.py register_section)."""

from liangfa.meetings import services, training
from liangfa.reports.annual import Figure


def meetings_section(agency, year, user, now) -> list[Figure]:
    f = services.year_figures(agency.pk, year, now)
    page = f"/meetings/?year={year}"
    return [Figure("召集联席会议", f["convened"], f"联席会议页 {year}年 本机关召集（已召开）", page),
            Figure("参加联席会议", f["joined"], f"联席会议页 {year}年 本机关参加（已召开）", page),
            Figure("承办议定事项", f["actions"], f"联席会议页 {year}年 本机关承办的议定事项", page),
            Figure("按期办结", f["done"] - f["done_late"], "同上，状态“已办结”", page),
            Figure("逾期办结", f["done_late"], "同上，状态“逾期办结”", page),
            Figure("办理中", f["open"], "同上，状态“办理中”", page),
            Figure("逾期未办结", f["overdue"], "同上，状态“已逾期”；期限看板“办结联席会议议定事项”", page)]


def training_section(agency, year, user, now) -> list[Figure]:
    f = training.year_figures(agency.pk, year)
    page = f"/meetings/training/?year={year}"
    return [Figure("主办培训和专题研讨", f["held"], f"培训页 {year}年 本机关主办", page),
            Figure("其中专题研讨", f["seminars"], f"培训页 {year}年 本机关主办的专题研讨", page),
            Figure("本机关人员参训人次", f["attendances"], f"培训页 {year}年 参训记录", page),
            Figure("完成测试人次", f["tested"], f"培训页 {year}年 测试记录", page),
            Figure("测试平均分", "—" if f["average"] is None else f["average"], "培训页 测试得分", page)]
