"""Demo 调阅案卷 and 以罚代刑 accountability files in every state, dated in the past."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from liangfa.accountability import services as acc
from liangfa.accountability.choices import Ground
from liangfa.agencies.models import Agency, User
from liangfa.cases.models import PenaltyCase
from liangfa.core.docx import render_docx
from liangfa.dossiers import services as dos
from liangfa.dossiers.models import DossierMaterial
from liangfa.screening.lists import overdue
from liangfa.screening.models import Clue

MATERIALS = [("record", "询问笔录（当事人）"), ("evidence", "现场检查笔录及照片"), ("document", "行政处罚决定书")]


def _file(case, kind_title: str, when):
    data = render_docx(kind_title, case.decision_no, [f"当事人：{case.party_name}", f"案由：{case.violation_type}",
                                                       "（演示材料）"], case.agency.name, when)
    return SimpleUploadedFile(f"{kind_title}.docx", data)


def _supplied(prosecutor, officer, case, at, *, closed: bool):
    item = dos.request_dossier(actor=prosecutor, case=case, reason="审查是否存在以罚代刑，调阅全部案卷材料",
                               now=at(16))
    for kind, title in MATERIALS:
        dos.add_material(item, actor=officer, kind=kind, title=title, upload=_file(case, title, at(12)), now=at(12))
    dos.supply(item, actor=officer, note="案卷材料已全部上传", now=at(11))
    first = DossierMaterial.objects.filter(request=item).first()
    dos.open_material(prosecutor, first, now=at(10))
    if closed:
        dos.close(item, actor=prosecutor, note="已阅，未发现应移未移情形", now=at(9))
    return item


def build_accountability(*, now, out=print) -> None:
    prosecutor = User.objects.get(username="jcy_jcg")
    inspector = User.objects.get(username="jcw_jc")
    justice = User.objects.get(username="sfj_jd")
    scjg_officer = User.objects.get(username="scjg_zf")

    def at(days):
        return now - timedelta(days=days)

    # 调阅: one waiting (the clock runs), one overdue, one supplied and opened, one read through.
    scjg = list(PenaltyCase.objects.filter(agency__code="jz-scjg").exclude(transfers__isnull=False)
                .order_by("-decision_date", "id")[:4])
    other = PenaltyCase.objects.filter(agency__code="jz-sthj").exclude(transfers__isnull=False).order_by(
        "-decision_date", "id").first()
    if len(scjg) >= 3:
        dos.request_dossier(actor=prosecutor, case=scjg[0], reason="群众举报该案货值较大，调阅案卷审查是否涉嫌犯罪",
                            now=at(2))
        _supplied(prosecutor, scjg_officer, scjg[1], at, closed=False)
        _supplied(prosecutor, scjg_officer, scjg[2], at, closed=True)
    if other:
        dos.request_dossier(actor=prosecutor, case=other, reason="排查环境污染案件以罚代刑，调阅案卷", now=at(25))

    # 问责卷: opened, referred to the 监察机关 (waiting), concluded by the superior agency and by the 监察机关.
    used: set[int] = set()

    def clue_of(code):
        """An 应移未移 clue of this agency (else of any agency) that no demo file uses yet."""
        pool = overdue(Clue.objects.filter(created_at__lt=at(60)), at(40)).exclude(pk__in=used).order_by("created_at")
        clue = pool.filter(agency__code=code).first() or pool.exclude(agency__code="xw-scjg").first()
        if clue:
            used.add(clue.pk)
        return clue

    jcw = Agency.objects.get(code="jz-jcw")
    made = 0
    if clue := clue_of("jz-scjg"):
        acc.open_file(actor=prosecutor, ground="untransferred", clue=clue, now=at(30),
                      facts=f"{clue.case.party_name}{clue.metric_cn}已达立案追诉标准，核查期满仍未移送，仅处罚款",
                      responsible="案件承办人王执法（执法人员）；主持工作的负责人赵局长")
        made += 1
    if clue := clue_of("jz-sw"):
        f = acc.open_file(actor=prosecutor, ground="untransferred", clue=clue, now=at(28),
                          facts=f"{clue.case.party_name}涉嫌{clue.crime_name}，以行政处罚代替移送",
                          responsible=f"{clue.agency.name}案件承办人；分管负责人", evidence="线索及行政处罚决定书；机关的核查记录")
        acc.refer(f, actor=prosecutor, kind="supervision", to=jcw, now=at(20),
                  note="涉及公职人员失职，需给予政务处分，依第十八条移送监察机关")
        made += 1
    if (clue := clue_of("xw-scjg")) and clue.agency.parent_id:
        f = acc.open_file(actor=justice, ground="untransferred", clue=clue, now=at(40),
                          facts=f"{clue.case.party_name}涉嫌{clue.crime_name}，县局以罚款结案，未移送",
                          responsible="修武县市场监督管理局承办人陈执法")
        superior = Agency.objects.get(code="jz-scjg")
        acc.refer(f, actor=justice, kind="superior", to=superior, now=at(35), note="请上级机关责令改正并移送")
        acc.conclude(f, actor=User.objects.get(username="scjg_fzr"), outcome="correction", now=at(25),
                     note="已责令修武县局改正，案件已补充移送公安机关")
        made += 1
    if clue := clue_of("jz-scjg"):
        f = acc.open_file(actor=inspector, ground="untransferred", clue=clue, now=at(50),
                          facts=f"{clue.case.party_name}涉嫌{clue.crime_name}，查处中未移送",
                          responsible="承办人李执法（执法人员）")
        acc.refer(f, actor=inspector, kind="supervision", to=jcw, now=at(45), note="立案调查")
        acc.conclude(f, actor=inspector, outcome="sanction", now=at(15), note="对承办人给予政务警告处分")
        made += 1
    if transfer := acc.late_transfers(at(5)).order_by("created_at").first():
        ground = "refused" if transfer.status == "refused" else "late"
        f = acc.open_file(actor=prosecutor, ground=ground, transfer=transfer, now=at(5),
                          facts=f"{transfer.case.party_name}涉嫌{transfer.suspected_crime}，移送{Ground(ground).label}",
                          responsible="移送机关负责人", evidence="移送经过及期限记录")
        acc.refer(f, actor=prosecutor, kind="government", to=Agency.objects.get(code="jz-gov"), now=at(4),
                  note="请本级人民政府责令限期移送")
        made += 1
    out(f"  调阅案卷与问责卷：{made} 件问责卷")
