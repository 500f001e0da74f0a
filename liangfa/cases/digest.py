"""Each case row carries a keyed digest of its audited content, written by the services that write it;
`liangfa audit verify` recomputes it and names the cases changed outside them (core/integrity.py)."""

from liangfa.cases.importer import DIGEST_FIELDS
from liangfa.cases.models import PenaltyCase
from liangfa.core.integrity import ContentReport, content_digest


def digest_case(case: PenaltyCase) -> str:
    return content_digest((name, getattr(case, name)) for name in DIGEST_FIELDS)


def check_case_digests(chunk: int = 5000) -> ContentReport:
    report = ContentReport()
    last_id = 0
    while True:
        rows = list(PenaltyCase.objects.filter(id__gt=last_id).order_by("id")
                    .values_list("id", "decision_no", "content_digest", *DIGEST_FIELDS)[:chunk])
        if not rows:
            return report
        for case_id, decision_no, stored, *values in rows:
            report.checked += 1
            if content_digest(zip(DIGEST_FIELDS, values, strict=True)) != stored:
                report.mismatched.append(f"案件 {decision_no}（编号 {case_id}）的内容与最近一次经业务功能写入的不符")
        last_id = rows[-1][0]
