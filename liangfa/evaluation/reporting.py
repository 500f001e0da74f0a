"""The evaluation app's section of the annual 法治政府建设情况报告 (reports.annual.register_section)."""

from liangfa.evaluation.choices import CorrectionStatus, EvaluationStatus
from liangfa.evaluation.models import Correction, Score
from liangfa.reports.annual import Figure


def evaluations_section(agency, year, user, now) -> list[Figure]:
    page = "/evaluation/"
    score = (Score.objects.filter(unit=agency, officer__isnull=True, evaluation__status=EvaluationStatus.FINISHED,
                                  evaluation__period_end__year=year)
             .select_related("evaluation").order_by("-evaluation__period_end").first())
    corrections = Correction.objects.filter(unit=agency, created_at__year=year)
    return [
        Figure("考评总分", "—" if score is None else score.total, f"考评页 {year}年已完成的考评（本机关）", page),
        Figure("考评名次", "—" if score is None else score.rank, "同上", page),
        Figure("发现的执法问题（整改件）", corrections.count(), f"整改页 {year}年", "/evaluation/corrections/"),
        Figure("已整改", corrections.filter(status=CorrectionStatus.DONE).count(), "同上，状态“已整改”",
               "/evaluation/corrections/"),
    ]
