"""Who may do what: the named checks that services, views, templates and the API all ask.

Each check takes the person (and the object) and answers True or False; `require()` turns a False into
the refusal the person reads. Which roles act for which organ is written here and nowhere else, so a
button shown on a page is exactly a step the service accepts. Who may *see* what is `access.py`.
"""

from datetime import date

from django.db.models import Exists, OuterRef

from liangfa.agencies.choices import AgencyKind, Role
from liangfa.core.errors import PermissionDenied

# The people who act for an organ, by the organ's kind.
CASE_HANDLERS = (Role.OFFICER, Role.LEGAL_REVIEWER, Role.HEAD)
AGENCY_STAFF = (*CASE_HANDLERS, Role.LIAISON)
POLICE_STAFF = (Role.POLICE_OFFICER, Role.HEAD)
PROCURATORATE_STAFF = (Role.PROSECUTOR, Role.HEAD)
STAFF_OF_KIND = {
    AgencyKind.ADMINISTRATIVE: AGENCY_STAFF,
    AgencyKind.POLICE: POLICE_STAFF,
    AgencyKind.PROCURATORATE: PROCURATORATE_STAFF,
    AgencyKind.COURT: (Role.JUDGE, Role.HEAD),
    AgencyKind.SUPERVISION: (Role.INSPECTOR, Role.HEAD),
}
LIAISON_STAFF = (*AGENCY_STAFF, Role.POLICE_OFFICER, Role.PROSECUTOR)  # 协作 and 会商 between organs
IMPORTERS = (*AGENCY_STAFF, Role.ADMIN)


def require(allowed: bool, refusal: str) -> None:
    """The one way a service refuses a person: a Chinese sentence saying what they may not do."""
    if not allowed:
        raise PermissionDenied(refusal)


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def member_of(user, agency_id, roles) -> bool:
    """The person belongs to this organ and holds one of these roles there."""
    return _signed_in(user) and agency_id is not None and user.agency_id == agency_id and user.has_role(*roles)


def acts_for(user, agency) -> bool:
    """Staff of the organ who act on its statutory periods (they are told when one runs out)."""
    return member_of(user, agency.pk, STAFF_OF_KIND.get(agency.kind, AGENCY_STAFF))


def of_kind(user, kind: str) -> bool:
    return _signed_in(user) and user.agency_id is not None and user.agency.kind == kind


# ---- the platform --------------------------------------------------------------------------------------

def is_admin(user) -> bool:
    """管理员: agencies, users, tokens, reference tables."""
    return _signed_in(user) and user.is_platform_admin


def is_prosecutor(user) -> bool:
    """检察官 of a procuratorate: 立案监督, 检察意见/建议, reverse 检察意见, the 备案 register."""
    return of_kind(user, AgencyKind.PROCURATORATE) and user.has_role(Role.PROSECUTOR)


def reads_region(user) -> bool:
    """Supervising bodies see every agency's records (each read of another's file is receipted)."""
    return _signed_in(user) and (user.is_superuser or (user.agency_id is not None and user.agency.is_supervising))


# ---- cases -------------------------------------------------------------------------------------------------

def may_import(user, agency) -> bool:
    """Only an administrative agency's own staff (or 管理员) load its penalty cases."""
    if agency.kind != AgencyKind.ADMINISTRATIVE:
        return False
    return is_admin(user) or member_of(user, agency.pk, IMPORTERS)


def may_change_case(user, case) -> bool:
    return member_of(user, case.agency_id, CASE_HANDLERS)


def may_grant_read(user, case) -> bool:
    """The owner's 负责人 or 法制审核员 lends one case file to another organ for a while."""
    return member_of(user, case.agency_id, (Role.HEAD, Role.LEGAL_REVIEWER))


# ---- clues -------------------------------------------------------------------------------------------------

def may_handle_clue(user, clue) -> bool:
    return member_of(user, clue.agency_id, CASE_HANDLERS)


def may_see_network_clue(user, clue, visible_case_ids) -> bool:
    """A clue adding up the cases of parties joined by a network shows only to a reader who may see every
    one of its cases (`visible_case_ids`: those of them visible_cases gives this reader): the sum and the
    names would otherwise tell what a case the reader may not open holds."""
    return _signed_in(user) and bool(clue.case_ids) and set(clue.case_ids) <= set(visible_case_ids)


def network_clues_seen(user, clues, visible_cases):
    """may_see_network_clue as a query, for lists paged by the database: of `clues` (a NetworkClue queryset),
    those that have cases and none of whose cases (their NetworkClueCase rows) is outside `visible_cases`
    (the reader's cases_services.visible_cases queryset), each looked up by its id."""
    if not _signed_in(user):
        return clues.none()
    rows = clues.model.case_rows.rel.related_model.objects.filter(clue=OuterRef("pk"))
    hidden = rows.filter(~Exists(visible_cases.filter(pk=OuterRef("case_id"))))
    return clues.filter(Exists(rows), ~Exists(hidden))


def may_handle_network_clue(user, clue, visible_case_ids, case_agency_ids) -> bool:
    """The 人工判断 of a network clue (转为线索, 排除): a 检察官 (立案监督 over 应移未移; 督促移送 by 检察意见) or the
    执法人员、法制审核员、负责人 of an administrative agency holding one of its cases (移送), each only when they
    may see every one of its cases. `case_agency_ids`: the agencies of its cases. Supervising bodies read only."""
    if not may_see_network_clue(user, clue, visible_case_ids):
        return False
    return is_prosecutor(user) or (of_kind(user, AgencyKind.ADMINISTRATIVE) and user.agency_id in set(case_agency_ids)
                                   and user.has_role(*CASE_HANDLERS))


def network_clues_handled(user, clues, visible_cases):
    """may_handle_network_clue as a query (the 待办 count): of the clues the reader may see, all for a 检察官;
    for an administrative agency's case handlers those holding one of its cases; none for anyone else."""
    seen = network_clues_seen(user, clues, visible_cases)
    if is_prosecutor(user):
        return seen
    if of_kind(user, AgencyKind.ADMINISTRATIVE) and user.has_role(*CASE_HANDLERS):
        rows = clues.model.case_rows.rel.related_model.objects.filter(clue=OuterRef("pk"), case__agency_id=user.agency_id)
        return seen.filter(Exists(rows))
    return clues.none()


def may_record_tax_notice(user, case) -> bool:
    return member_of(user, case.agency_id, CASE_HANDLERS)


def may_decide_link(user) -> bool:
    return is_admin(user) or (_signed_in(user) and user.has_role(Role.PROSECUTOR, *CASE_HANDLERS))


# ---- transfers ---------------------------------------------------------------------------------------------

def may_draft_transfer(user, case) -> bool:
    """专案组 members of the case's agency write the 书面报告."""
    return member_of(user, case.agency_id, CASE_HANDLERS)


def may_submit_transfer(user, transfer) -> bool:
    return _signed_in(user) and transfer.team.filter(pk=user.pk).exists()


def may_approve_transfer(user, transfer) -> bool:
    """批准 or 不批准 a transfer: the agency's 正职负责人 or 主持工作的负责人, marked on the agency (R310 第五条)."""
    return member_of(user, transfer.agency_id, (Role.HEAD,)) and transfer.agency.principal_id == user.pk


def may_handle_transfer(user, transfer) -> bool:
    """The transferring agency's staff: the package, delivery, 补正, 复议, 建议立案监督, 移交."""
    return member_of(user, transfer.agency_id, AGENCY_STAFF)


def may_act_as_police(user, transfer) -> bool:
    """The receiving police: 签收, 转送, 补正通知, 立案决定, 复议决定, evidence review."""
    return member_of(user, transfer.police_id, POLICE_STAFF)


def may_propose_police_decision(user, transfer) -> bool:
    """The 民警 of the receiving police proposes 立案, 不予立案, 复议决定, 转送, 立案后移送或并案 or 撤销案件 (呈请)."""
    return member_of(user, transfer.police_id, (Role.POLICE_OFFICER,))


def may_approve_police_decision(user, transfer) -> bool:
    """A 县级以上公安机关负责人 approves it (《公安机关办理刑事案件程序规定》第一百七十五条、第一百七十八条):
    the 负责人 of the receiving police, every police organ on the platform being 县级 or above."""
    return member_of(user, transfer.police_id, (Role.HEAD,))


def may_reassign_department(user, transfer) -> bool:
    """Which department of the receiving police handles a transfer is its internal division of work (内部分工):
    the 管辖 table assigns it on 受理, and the bureau's 负责人 alone may give it to another department."""
    return member_of(user, transfer.police_id, (Role.HEAD,))


def may_record_stage(user, transfer, recorder: str) -> bool:
    """Criminal stages: the police record theirs, the procuratorate's 检察官 the rest; the judgment is the court's
    alone, entered with its content (may_enter_judgment)."""
    if recorder == "court":
        return False
    return may_act_as_police(user, transfer) if recorder == "police" else is_prosecutor(user)


# ---- supervision and the reverse path ----------------------------------------------------------------------

def may_answer_supervision(user, supervision) -> bool:
    return member_of(user, supervision.police_id, POLICE_STAFF)


def may_reply_opinion(user, opinion) -> bool:
    return member_of(user, opinion.agency_id, CASE_HANDLERS)


def may_send_reverse(user, organ_kind: str) -> bool:
    """反向移送 comes from the police (no crime) or the procuratorate (不起诉 with 检察意见)."""
    role = {AgencyKind.POLICE: Role.POLICE_OFFICER, AgencyKind.PROCURATORATE: Role.PROSECUTOR}.get(organ_kind)
    return role is not None and of_kind(user, organ_kind) and user.has_role(role)


def may_reply_reverse(user, reverse) -> bool:
    return member_of(user, reverse.to_agency_id, CASE_HANDLERS)


# ---- cooperation ------------------------------------------------------------------------------------------

def may_cooperate(user, agency_id) -> bool:
    """咨询, 提前介入, 协作请求 and liaison threads, for the organ's staff."""
    return member_of(user, agency_id, LIAISON_STAFF)


# ---- 网上办案, 法制审核 and 执法质量考评 (review, evaluation) ---------------------------------------------------

APL_IN_FORCE = (2021, 7, 15)  # 《行政处罚法》第八十六条: the 2021 law, and its qualification rule, from this day
HANDLING_AGENCY_KINDS = (AgencyKind.ADMINISTRATIVE, AgencyKind.POLICE)  # police: their own 行政案件 (治安)
EVALUATING_KINDS = (AgencyKind.JUSTICE, AgencyKind.GOVERNMENT)  # 行政执法监督 of the government's 法制 department


def _handles_cases(user, agency_id) -> bool:
    return _signed_in(user) and user.agency_id == agency_id and user.agency.kind in HANDLING_AGENCY_KINDS


def may_handle_online(user, agency) -> bool:
    """立案, 调查取证, 告知, 送达, 执行: the agency's officers (a police organ's 民警 for its 行政案件)."""
    return _handles_cases(user, agency.pk) and user.has_role(Role.OFFICER, Role.POLICE_OFFICER, Role.LEGAL_REVIEWER,
                                                             Role.HEAD)


def is_qualified_reviewer(user) -> bool:
    """《行政处罚法》第五十八条第二款（公安：《公安机关办理行政案件程序规定》第一百七十一条第二款）: a reviewer who
    first reviewed after the law took effect must hold the 法律职业资格, recorded on the user."""
    if not (_signed_in(user) and user.has_role(Role.LEGAL_REVIEWER)):
        return False
    if user.legal_qualification_no.strip():
        return True
    return user.reviewer_since is not None and user.reviewer_since < date(*APL_IN_FORCE)


def may_review_legally(user, handled) -> bool:
    """法制审核 of a case of the reviewer's own organ, by a qualified reviewer."""
    return _handles_cases(user, handled.agency_id) and is_qualified_reviewer(user)


def may_decide_case(user, handled) -> bool:
    """立案审批 and the 决定: the organ's 负责人 (《行政处罚法》第五十七条)."""
    return _handles_cases(user, handled.agency_id) and user.has_role(Role.HEAD)


def may_record_dissent(user, case) -> bool:
    return _handles_cases(user, case.agency_id) and user.has_role(*CASE_HANDLERS, Role.POLICE_OFFICER)


def may_record_remedy(user, case) -> bool:
    """复议, 诉讼 and 检察监督 outcomes: the organ's 法制审核员 or 负责人, or 管理员."""
    return is_admin(user) or (_handles_cases(user, case.agency_id) and user.has_role(Role.LEGAL_REVIEWER, Role.HEAD))


def may_set_review_policy(user, agency) -> bool:
    """Which cases need 法制审核 and 集体讨论, and which are exempt from 网上流转: the organ's 法制审核员 or 负责人."""
    return is_admin(user) or (_handles_cases(user, agency.pk) and user.has_role(Role.LEGAL_REVIEWER, Role.HEAD))


def may_run_evaluation(user) -> bool:
    """执法质量考评: the government's 法制 department (司法行政机关), an organ's 法制审核员 for its own units, 管理员."""
    if is_admin(user):
        return True
    if not (_signed_in(user) and user.agency_id):
        return False
    if user.agency.kind in EVALUATING_KINDS:
        return user.has_role(*AGENCY_STAFF)
    return user.agency.kind in HANDLING_AGENCY_KINDS and user.has_role(Role.LEGAL_REVIEWER)


def may_edit_indicators(user) -> bool:
    """The indicator catalogue belongs to the government's 法制 department."""
    return is_admin(user) or (of_kind(user, AgencyKind.JUSTICE) and user.has_role(Role.LEGAL_REVIEWER, Role.HEAD))


def may_manage_evaluation(user, evaluation) -> bool:
    return is_admin(user) or (may_run_evaluation(user) and user.agency_id == evaluation.organizer_id)


def may_score_sample(user, sample) -> bool:
    return _signed_in(user) and sample.reviewer_id == user.pk


def may_object_to_sample(user, sample) -> bool:
    """异议 comes from the evaluated unit's own staff."""
    return member_of(user, sample.unit_id, (*CASE_HANDLERS, Role.POLICE_OFFICER))


def may_finish_correction(user, task) -> bool:
    return _signed_in(user) and (task.owner_id == user.pk or member_of(user, task.unit_id, (Role.HEAD,)))
# ---- meetings, 研讨, training, the case library ------------------------------------------------------

MEETING_STAFF = (*LIAISON_STAFF, Role.HEAD)  # every organ's staff, the justice bureau's and government's heads too


def may_convene_meeting(user, agency) -> bool:
    """联席会议 and 情况通报会 are called by an organ's staff, for their own organ."""
    return member_of(user, agency.pk, MEETING_STAFF)


def may_run_meeting(user, meeting) -> bool:
    """Materials, attendance, minutes and 议定事项: the convening organ's staff."""
    return member_of(user, meeting.convener_id, MEETING_STAFF)


def may_confirm_minutes(user, meeting) -> bool:
    """The convening organ's 负责人 confirms the minutes."""
    return member_of(user, meeting.convener_id, (Role.HEAD,))


def may_close_action(user, action) -> bool:
    """A 议定事项 is reported done by its owner organ's staff."""
    return member_of(user, action.owner_agency_id, MEETING_STAFF)


def may_request_conference(user) -> bool:
    """Any of the three organs asks for a 重大案件研讨 (意见 一(五))."""
    return _signed_in(user) and user.agency_id is not None and user.has_role(*LIAISON_STAFF)


def may_join_conference(user, conference) -> bool:
    """Each participating organ's staff state its opinion."""
    return (_signed_in(user) and user.has_role(*LIAISON_STAFF)
            and conference.participants.filter(pk=user.agency_id).exists())


def may_conclude_conference(user, conference) -> bool:
    return member_of(user, conference.requested_by_agency_id, LIAISON_STAFF)


def may_edit_evidence_standards(user) -> bool:
    """The agreed standards are kept by the procuratorate (or 管理员) after 会商."""
    return is_admin(user) or is_prosecutor(user)


def may_hold_training(user, agency) -> bool:
    return member_of(user, agency.pk, MEETING_STAFF)


def may_publish_typical_case(user, transfer) -> bool:
    """The transferring agency's 负责人/法制审核员, or a 检察官, put a closed case in the library."""
    return member_of(user, transfer.agency_id, (Role.HEAD, Role.LEGAL_REVIEWER)) or is_prosecutor(user)


# ---- 重大行政决策 and 法律顾问 ---------------------------------------------------------------------------

def may_prepare_decision(user, decision) -> bool:
    """决策承办: the organ's officers, legal reviewers and head run 公众参与, 论证, 评估, publication."""
    return member_of(user, decision.agency_id, (*CASE_HANDLERS, Role.LIAISON))


def may_manage_catalogue(user, agency) -> bool:
    """The decision catalogue and the 法律顾问 contracts: the organ's 负责人 or 法制审核员."""
    return member_of(user, agency.pk, (Role.HEAD, Role.LEGAL_REVIEWER))


def may_review_legality(user, decision) -> bool:
    """合法性审查: the organ's legal department, or the 法律顾问 the review was sent to."""
    if decision.legality_reviewer_id is not None:
        return _signed_in(user) and decision.legality_reviewer.user_id == user.pk
    return member_of(user, decision.agency_id, (Role.LEGAL_REVIEWER,))


def may_decide_major(user, decision) -> bool:
    """集体讨论决定 is recorded and the decision made by the organ's 负责人 (行政首长)."""
    return member_of(user, decision.agency_id, (Role.HEAD,))


def is_legal_adviser(user) -> bool:
    return _signed_in(user) and user.has_role(Role.LEGAL_ADVISER)


def may_draft_annual_report(user, agency) -> bool:
    """法治政府建设情况报告: the organ's own staff, or a supervising body (司法行政机关 drafts the region's)."""
    return member_of(user, agency.pk, MEETING_STAFF) or reads_region(user)
# ---- 执法公开与群众服务 (portal) ------------------------------------------------------------------------------

def may_publish_decision(user, publication) -> bool:
    """公示, 不予公示, 撤回 of a 行政处罚决定: the deciding agency's case handlers (“谁办案、谁录入、谁负责”,
    《市场监督管理行政处罚信息公示规定》第十六条)."""
    return member_of(user, publication.agency_id, CASE_HANDLERS)


def may_issue_tracking_code(user, case) -> bool:
    """执法进度查询码 for the documents served on the party: the case's own agency."""
    return member_of(user, case.agency_id, CASE_HANDLERS)


def may_handle_public_request(user, request) -> bool:
    """咨询, 申请, 意见建议, 投诉举报 and 预约 addressed to an organ: its staff take, answer, forward them."""
    return member_of(user, request.agency_id, STAFF_OF_KIND.get(request.agency.kind, AGENCY_STAFF))


def may_enter_public_request(user, agency) -> bool:
    """Letters, calls and visits are recorded by the receiving organ's staff."""
    return member_of(user, agency.pk, STAFF_OF_KIND.get(agency.kind, AGENCY_STAFF))


def may_refer_report(user, request) -> bool:
    """A 举报 of a possible crime becomes a clue of the agency: its case handlers decide."""
    return member_of(user, request.agency_id, CASE_HANDLERS)


def may_announce_hearing(user, agency) -> bool:
    return member_of(user, agency.pk, CASE_HANDLERS)


def may_manage_portal(user, agency) -> bool:
    """The agency's 执法事项 and its appointment slots: its 负责人, 法制审核员 or 联络员, or 管理员."""
    return is_admin(user) or member_of(user, agency.pk, (Role.HEAD, Role.LEGAL_REVIEWER, Role.LIAISON))


# ---- values read from the 违法事实 (facts engineer) ------------------------------------------------------------

def may_confirm_text_value(user, case) -> bool:
    """A value read from the 违法事实 is confirmed or corrected by the case's own handlers."""
    return member_of(user, case.agency_id, CASE_HANDLERS)


def may_reread_facts(user, agency=None) -> bool:
    """Reading the texts of existing cases again: 管理员 for every agency, an agency's 负责人 for its own."""
    if is_admin(user):
        return True
    return agency is not None and member_of(user, agency.pk, (Role.HEAD,))
# ---- criminal outcomes and the court (transfers/outcomes.py) ---------------------------------------------

def is_judge(user) -> bool:
    """审判人员 of a people's court."""
    return of_kind(user, AgencyKind.COURT) and user.has_role(Role.JUDGE)


def may_record_arrest(user, transfer) -> bool:
    """逮捕 is executed by the police (《刑事诉讼法》第八十条), who record it with the 批准逮捕决定书."""
    return may_act_as_police(user, transfer)


def may_record_indictment(user, transfer) -> bool:
    """提起公诉 is the procuratorate's (《刑事诉讼法》第一百七十六条): its 检察官 record the 起诉书 and the court."""
    return is_prosecutor(user)


def may_enter_judgment(user, court_id) -> bool:
    """The judgment is entered or confirmed (生效) by a 审判人员 of the court the case was brought to; nobody else."""
    return is_judge(user) and user.agency_id == court_id
# ---- the 检察长's approvals (procur) -----------------------------------------------------------------------

def is_chief_prosecutor(user, procuratorate_id) -> bool:
    """检察长 (the procuratorate's 负责人): approves 通知立案, 检察意见 and the 反向 检察意见
    (《人民检察院刑事诉讼规则》第五百五十七条、第五百六十一条、第三百七十三条)."""
    return member_of(user, procuratorate_id, (Role.HEAD,)) and of_kind(user, AgencyKind.PROCURATORATE)
# ---- 调阅案卷 (dossiers) and 以罚代刑 accountability ---------------------------------------------------------

def may_request_dossier(user) -> bool:
    """The procuratorate's 检察官 asks an agency for a case file (《行政执法机关移送涉嫌犯罪案件的规定》第十四条)."""
    return is_prosecutor(user)


def may_supply_dossier(user, dossier) -> bool:
    """The case's own agency uploads the file's materials and sends them: its case handlers."""
    return member_of(user, dossier.agency_id, CASE_HANDLERS)


def may_close_dossier(user, dossier) -> bool:
    return member_of(user, dossier.requester_id, PROCURATORATE_STAFF)


ACCOUNTABILITY_OPENERS = {
    AgencyKind.PROCURATORATE: (Role.PROSECUTOR,),
    AgencyKind.JUSTICE: (Role.HEAD, Role.LEGAL_REVIEWER, Role.OFFICER),
    AgencyKind.SUPERVISION: (Role.INSPECTOR, Role.HEAD),
}


def may_open_accountability(user) -> bool:
    """以罚代刑 accountability is opened by the procuratorate (第十四条), the 司法行政机关 (行政执法监督) or the
    监察机关 (第十四条、第十八条)."""
    if not (_signed_in(user) and user.agency_id is not None):
        return False
    roles = ACCOUNTABILITY_OPENERS.get(user.agency.kind)
    return roles is not None and user.has_role(*roles)


def may_manage_accountability(user, file) -> bool:
    """Facts, evidence and the referral: the organ that opened the file, by the people who may open one."""
    return may_open_accountability(user) and user.agency_id == file.opened_by_agency_id


def may_decide_accountability(user, file) -> bool:
    """The outcome is recorded by the organ the file was referred to: the 监察机关's 监察人员, or the
    superior organ's (or government's) 负责人."""
    if file.referred_to_id is None or not _signed_in(user) or user.agency_id != file.referred_to_id:
        return False
    return user.has_role(Role.INSPECTOR, Role.HEAD)
# ---- rules (issue 15) ------------------------------------------------------------------------------------------

def may_change_rules(user) -> bool:
    """The 立案追诉标准 rule sets and the violation → crime catalogue: proposed, back-tested, activated by 管理员."""
    return is_admin(user)
