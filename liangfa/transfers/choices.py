from django.db import models


class TransferStatus(models.TextChoices):
    DRAFT = "draft", "起草中"
    PENDING_APPROVAL = "pending_approval", "待负责人审批"
    REFUSED = "refused", "不批准移送"
    APPROVED = "approved", "已批准，待移送"
    DELIVERED = "delivered", "已移送，待公安签收"
    FORWARDED = "forwarded", "已转送有管辖权的机关"
    ACCEPTED = "accepted", "公安已受理，待立案决定"
    FILED = "filed", "已立案"
    # 《公安机关办理刑事案件程序规定》第一百八十四条: after 立案, moved to the organ with jurisdiction or merged
    MOVED = "moved", "立案后已移送有管辖权的机关"
    MERGED = "merged", "立案后已移送其他公安机关并案侦查"
    # 第一百八十六条、第一百八十七条第一款: 撤销案件, decided by a 县级以上公安机关负责人
    CASE_WITHDRAWN = "case_withdrawn", "已撤销案件"
    NOT_FILED = "not_filed", "不予立案"
    RECONSIDERING = "reconsidering", "复议中"
    UPHELD = "upheld", "复议维持不予立案"
    SUPERVISION_REQUESTED = "supervision_requested", "已建议检察院立案监督"
    OUT_OF_DUTY = "out_of_duty", "不属于公安机关职责范围，已书面通知移送机关"
    WITHDRAWN = "withdrawn", "已撤回"


S = TransferStatus
TRANSFER_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.PENDING_APPROVAL, S.WITHDRAWN},
    S.PENDING_APPROVAL: {S.APPROVED, S.REFUSED},
    S.REFUSED: set(),
    S.APPROVED: {S.DELIVERED},
    S.DELIVERED: {S.ACCEPTED, S.FORWARDED},
    S.FORWARDED: {S.ACCEPTED},  # the organ it was forwarded to on the platform signs and decides in turn
    S.ACCEPTED: {S.FILED, S.NOT_FILED, S.FORWARDED, S.OUT_OF_DUTY},  # signed for, then found to be another organ's case
    S.OUT_OF_DUTY: set(),  # 第一百八十条第三款: the agency sends it to the organ in charge
    S.FILED: {S.MOVED, S.MERGED, S.CASE_WITHDRAWN},  # each by a 负责人's approval (PoliceProposal)
    S.MOVED: set(),  # the receiving organ investigates; the police owe the agency the 三日 written notice
    S.MERGED: set(),
    S.CASE_WITHDRAWN: set(),  # 第一百九十条 (重新立案侦查 on new facts) is a new case, not a step here
    S.NOT_FILED: {S.RECONSIDERING, S.SUPERVISION_REQUESTED},
    S.RECONSIDERING: {S.FILED, S.UPHELD},
    S.UPHELD: {S.SUPERVISION_REQUESTED},
    S.SUPERVISION_REQUESTED: set(),
    S.WITHDRAWN: set(),
}
class TransferStep(models.TextChoices):
    """The steps on a transfer's timeline, by code (core/events.py)."""

    DRAFT = "draft", "成立专案组并起草移送报告"
    WITHDRAW = "withdraw", "撤回移送草稿"
    PROPOSE = "propose", "民警呈请负责人审批"
    PROPOSAL_RETURN = "proposal_return", "负责人退回呈请"
    SUBMIT = "submit", "提交负责人审批"
    APPROVE = "approve", "负责人批准移送"
    REFUSE = "refuse", "负责人不批准移送"
    DELIVER = "deliver", "移送公安机关"
    ACCEPT = "accept", "签收回执并受理"
    ASSIGN_DEPARTMENT = "assign_department", "按管辖对照表分派承办部门"
    REASSIGN_DEPARTMENT = "reassign_department", "负责人改派承办部门"
    RECEIVE = "receive", "签收文书"
    FORWARD = "forward", "非本机关管辖，转送"
    MATERIALS_NOTICE = "materials_notice", "通知补正材料"
    MATERIALS_CURE = "materials_cure", "补正材料"
    EXTEND = "extend", "延长立案审查期限"
    FILE = "file", "决定立案"
    NOT_FILE = "not_file", "决定不予立案"
    RECONSIDER = "reconsider", "提请复议"
    RECONSIDER_FILE = "reconsider_file", "复议决定立案"
    RECONSIDER_UPHOLD = "reconsider_uphold", "复议维持不予立案"
    SUPERVISION_REQUEST = "supervision_request", "建议人民检察院立案监督"
    HANDOVER = "handover", "移交涉案物品并办理交接手续"
    ARREST = "stage_arrest", "刑事诉讼：逮捕"
    PROSECUTION_REVIEW = "stage_prosecution_review", "刑事诉讼：移送审查起诉"
    INDICTMENT = "stage_indictment", "刑事诉讼：提起公诉"
    NON_PROSECUTION = "stage_non_prosecution", "刑事诉讼：不起诉"
    JUDGMENT = "stage_judgment", "刑事诉讼：判决"
    CASE_WITHDRAWN = "stage_case_withdrawn", "刑事诉讼：撤销案件"
    EXEMPTED = "stage_exempted", "刑事诉讼：免予刑事处罚"
    DOCUMENT = "document", "上传材料"
    ITEM = "item", "登记涉案物品"
    EVIDENCE = "evidence", "登记证据"
    EVIDENCE_REVIEW = "evidence_review", "证据程序审查"
    CANNOT_RECOLLECT = "cannot_recollect", "说明证据无法重新收集"
    REVERSE_SEND = "reverse_send", "反向移送行政机关处理"
    REVERSE_REPLY = "reverse_reply", "行政机关回复反向移送处理结果"
    SUPERVISION = "supervision", "检察院立案监督"
    DELAY_INQUIRY = "delay_inquiry", "检察院要求说明逾期未作立案决定的理由"
    JUDGMENT_EFFECTIVE = "judgment_effective", "刑事诉讼：判决生效"
    FILE_ON_NOTICE = "file_on_notice", "根据检察院通知立案书立案"
    OUTCOME = "outcome", "登记刑事处理结果"
    OUT_OF_DUTY = "out_of_duty", "不属于公安机关职责范围，书面通知移送机关"
    MOVE = "move_after_filing", "立案后移送有管辖权的机关或者并案侦查"
    MOVED_NOTICE = "moved_notice", "移送、并案后书面通知移送机关"
    REVERSE_PROPOSE = "reverse_propose", "民警呈请反向移送行政机关处理"
    REVERSE_RETURN = "reverse_return", "负责人退回反向移送呈请"
    WITHDRAWN_NOTICE = "withdrawn_notice", "撤销案件后告知移送机关"


# A successful 立案监督: the police file on the 通知立案书 (刑诉规则第五百六十三条) from any of these states.
FILED_ON_NOTICE_FROM = {S.ACCEPTED, S.NOT_FILED, S.RECONSIDERING, S.UPHELD, S.SUPERVISION_REQUESTED}
# After 受理 and while the police still hold it, their 负责人 may give it to another department.
REASSIGNABLE = {S.ACCEPTED, S.FILED, S.NOT_FILED, S.RECONSIDERING, S.UPHELD, S.SUPERVISION_REQUESTED}

# Sent: the police (and the procuratorate's 备案) may see it. Whether the agency may fine meanwhile is the
# case share's "handling" flag (cases/sharing.py), which 不予立案 clears (R310 第十条).
SENT = {S.DELIVERED, S.FORWARDED, S.ACCEPTED, S.FILED, S.NOT_FILED, S.RECONSIDERING, S.UPHELD,
        S.SUPERVISION_REQUESTED, S.OUT_OF_DUTY, S.MOVED, S.MERGED, S.CASE_WITHDRAWN}
# The evidence is still worked on for the criminal case (the police's 审查 and 补证清单, the agency's 无法重新收集):
# while the transfer is prepared, sent and examined, and during this police's 侦查. Not once the file went back
# (不予立案, 不属于公安机关职责范围), the case is withdrawn (第一百八十六条) or is another organ's (第一百八十四条).
EVIDENCE_OPEN = {S.DRAFT, S.PENDING_APPROVAL, S.APPROVED, S.DELIVERED, S.FORWARDED, S.ACCEPTED, S.FILED}

# The agency hands the seized items over after 立案 (R310 第十二条); moved or merged, they go with the case
# (程序规定第一百八十五条). After 撤销案件 they are released or returned instead (第一百八十七条第三款).
HANDOVER_FROM = {S.FILED, S.MOVED, S.MERGED}


class DocumentKind(models.TextChoices):
    REPORT = "report", "移送涉嫌犯罪案件的书面报告"
    TRANSFER_LETTER = "transfer_letter", "涉嫌犯罪案件移送书"
    MATERIALS_LIST = "materials_list", "移送材料清单"
    INVESTIGATION_REPORT = "investigation_report", "涉嫌犯罪案件情况的调查报告"
    ITEM_LIST = "item_list", "涉案物品清单"
    TEST_REPORT = "test_report", "检验报告/鉴定意见"
    PENALTY_DECISION = "penalty_decision", "行政处罚决定书"
    RECEIPT = "receipt", "回执"
    FORWARD_NOTICE = "forward_notice", "移送案件通知书"  # 《公安机关办理刑事案件程序规定》第一百七十五条
    CURE_NOTICE = "cure_notice", "补正材料通知书"
    FILING_NOTICE = "filing_notice", "立案通知书"
    NON_FILING_NOTICE = "non_filing_notice", "不予立案通知书"
    RECONSIDERATION_REQUEST = "reconsideration_request", "提请复议书"
    RECONSIDERATION_DECISION = "reconsideration_decision", "复议决定通知书"  # R310 第九条第二款
    HANDOVER_LIST = "handover_list", "涉案物品交接清单"
    SUPPLEMENT_LIST = "supplement_list", "补证清单"
    PROSECUTORIAL_OPINION = "prosecutorial_opinion", "检察意见书"
    OUT_OF_DUTY_NOTICE = "out_of_duty_notice", "不属于公安机关职责范围通知书"  # 第一百八十条第三款
    MOVED_NOTICE = "moved_notice", "案件移送（并案侦查）告知书"  # 《公安机关办理刑事案件程序规定》第一百八十四条
    WITHDRAWN_NOTICE = "withdrawn_notice", "撤销案件告知书"  # 《公安机关办理刑事案件程序规定》第一百八十九条第一款
    WITHDRAWAL_DECISION = "withdrawal_decision", "撤销案件决定书"  # 第一百八十七条第一款: the 负责人's decision
    OTHER = "other", "其他材料"


REQUIRED_FOR_DELIVERY = [DocumentKind.TRANSFER_LETTER, DocumentKind.INVESTIGATION_REPORT, DocumentKind.ITEM_LIST]


class NonFilingReason(models.TextChoices):
    NO_CRIME = "no_crime", "没有犯罪事实"
    TRIVIAL = "trivial", "犯罪事实显著轻微，不需要追究刑事责任"
    OTHER = "other", "其他依法不追究刑事责任的情形"


class CriminalStage(models.TextChoices):
    ARREST = "arrest", "逮捕"
    PROSECUTION_REVIEW = "prosecution_review", "移送审查起诉"
    INDICTMENT = "indictment", "提起公诉"
    NON_PROSECUTION = "non_prosecution", "不起诉"
    JUDGMENT = "judgment", "判决"
    CASE_WITHDRAWN = "case_withdrawn", "撤销案件"
    EXEMPTED = "exempted", "免予刑事处罚"


# 侦查 is over once the case went to the procuratorate: 侦查终结 and 移送审查起诉 (《公安机关办理刑事案件程序规定》
# 第二百八十九条), then what the procuratorate and the court decide. 撤销案件 (第一百八十六条 “经过侦查”) and 立案后移送
# (第一百八十四条 “经立案侦查”) are steps of the 侦查: no longer the police's once one of these is recorded. (A case the
# procuratorate sends back for 补充侦查 may be withdrawn under 第二百九十六条第（三）项: not a stage recorded here.)
AFTER_INVESTIGATION = {CriminalStage.PROSECUTION_REVIEW, CriminalStage.INDICTMENT, CriminalStage.NON_PROSECUTION,
                       CriminalStage.JUDGMENT, CriminalStage.EXEMPTED}

# outcomes after which the case may go back to the agency for an administrative penalty (反向衔接)
REVERSE_OUTCOMES = {CriminalStage.CASE_WITHDRAWN, CriminalStage.NON_PROSECUTION, CriminalStage.EXEMPTED}

STAGE_RECORDERS = {
    CriminalStage.ARREST: "police", CriminalStage.PROSECUTION_REVIEW: "police",
    CriminalStage.INDICTMENT: "procuratorate", CriminalStage.NON_PROSECUTION: "procuratorate",
    CriminalStage.JUDGMENT: "court",  # with its content, on the court's form (transfers/outcomes.py)
    CriminalStage.CASE_WITHDRAWN: "police", CriminalStage.EXEMPTED: "procuratorate",
}


class EvidenceKind(models.TextChoices):
    PHYSICAL = "physical", "物证"
    DOCUMENTARY = "documentary", "书证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    MONITORING = "monitoring", "环境监测数据"
    TEST_REPORT = "test_report", "检验报告"
    EXPERT_OPINION = "expert_opinion", "鉴定意见"
    SITE_RECORD = "site_record", "勘验笔录"
    INSPECTION_RECORD = "inspection_record", "检查笔录（现场笔录）"
    INQUIRY_RECORD = "inquiry_record", "询问笔录"
    STATEMENT = "statement", "陈述申辩笔录"
    TESTIMONY = "testimony", "证人证言"


class EvidenceTier(models.TextChoices):
    DIRECT = "direct", "可直接使用（待法庭查证）"
    REVIEW = "review", "需程序审查"
    RECOLLECT = "recollect", "需重新收集"


# legal.md section f: the three tiers, each with its legal basis.
TIER_OF_KIND = {
    EvidenceKind.PHYSICAL: EvidenceTier.DIRECT, EvidenceKind.DOCUMENTARY: EvidenceTier.DIRECT,
    EvidenceKind.AUDIOVISUAL: EvidenceTier.DIRECT, EvidenceKind.ELECTRONIC: EvidenceTier.DIRECT,
    EvidenceKind.MONITORING: EvidenceTier.DIRECT,
    EvidenceKind.TEST_REPORT: EvidenceTier.REVIEW, EvidenceKind.EXPERT_OPINION: EvidenceTier.REVIEW,
    EvidenceKind.SITE_RECORD: EvidenceTier.REVIEW, EvidenceKind.INSPECTION_RECORD: EvidenceTier.REVIEW,
    EvidenceKind.INQUIRY_RECORD: EvidenceTier.RECOLLECT, EvidenceKind.STATEMENT: EvidenceTier.RECOLLECT,
    EvidenceKind.TESTIMONY: EvidenceTier.RECOLLECT,
}
TIER_BASIS = {
    EvidenceTier.DIRECT: "《刑事诉讼法》第五十四条第二款；《最高人民法院关于适用〈刑事诉讼法〉的解释》第七十五条",
    EvidenceTier.REVIEW: "《公安机关办理刑事案件程序规定》第六十三条；《人民检察院刑事诉讼规则》第六十四条第二款",
    EvidenceTier.RECOLLECT: "《人民检察院刑事诉讼规则（试行）》（2012）第六十四条第三款（已废止，实务沿用）",
}
MONITORING_BASIS = "《最高人民法院、最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释》（2023）第十四条"


class ReviewState(models.TextChoices):
    NOT_NEEDED = "not_needed", "无需审查"
    PENDING = "pending", "待审查"
    PASSED = "passed", "审查通过"
    REDO = "redo", "需重新鉴定"
    RECOLLECT = "recollect", "需重新收集"
    CANNOT_RECOLLECT = "cannot_recollect", "无法重新收集（例外）"


class CannotRecollectReason(models.TextChoices):
    DEAD = "dead", "死亡"
    MISSING = "missing", "失踪"
    INCAPABLE = "incapable", "丧失作证能力"
    FAR_AWAY = "far_away", "路途遥远"


class ReverseSource(models.TextChoices):
    POLICE_NO_CRIME = "police_no_crime", "公安机关认为不构成犯罪但应予行政处罚（《行政执法机关移送涉嫌犯罪案件的规定》第十三条）"
    NON_PROSECUTION = "non_prosecution", "人民检察院不起诉并提出检察意见（刑事诉讼法第一百七十七条第三款）"


# not yet sent: stays inside the organ that drafted it
UNSENT_REVERSE = ("draft", "proposed", "returned")
POLICE_REVERSE_BASIS = "《公安机关办理刑事案件程序规定》第一百七十八条第一款、第一百八十七条"


class NonProsecutionKind(models.TextChoices):
    """The kind of 不起诉 the 检察意见 (刑诉法第一百七十七条第三款) follows from."""

    STATUTORY = "statutory", "法定不起诉（《刑事诉讼法》第一百七十七条第一款）"
    DISCRETIONARY = "discretionary", "酌定不起诉（《刑事诉讼法》第一百七十七条第二款）"
    INSUFFICIENT = "insufficient", "证据不足不起诉（《刑事诉讼法》第一百七十五条第四款）"
    CONDITIONAL = "conditional", "附条件不起诉考验期满不起诉（《刑事诉讼法》第二百八十四条）"


class ReverseStatus(models.TextChoices):
    DRAFT = "draft", "检察意见待检察长批准"
    PROPOSED = "proposed", "民警呈请，待县级以上公安机关负责人批准"
    RETURNED = "returned", "负责人退回呈请"
    PENDING = "pending", "待行政机关处理"
    REPLIED = "replied", "已回复"


class ProposalKind(models.TextChoices):
    """What a 民警 proposes and a 县级以上公安机关负责人 approves (《公安机关办理刑事案件程序规定》
    第一百七十五条、第一百七十八条; R310 第九条第二款 for the 复议决定)."""

    FILE = "file", "立案"
    NOT_FILE = "not_file", "不予立案"
    RECONSIDER_FILE = "reconsider_file", "复议决定：撤销原决定，立案"
    RECONSIDER_UPHOLD = "reconsider_uphold", "复议决定：维持不予立案"
    FORWARD = "forward", "非本机关管辖，转送"
    MOVE = "move", "立案后移送有管辖权的机关或者并案侦查"
    WITHDRAW_CASE = "withdraw_case", "撤销案件"


class WithdrawalGround(models.TextChoices):
    """《公安机关办理刑事案件程序规定》第一百八十六条第一款: the six grounds on which a case shall be withdrawn."""

    NO_CRIME = "no_crime", "没有犯罪事实的"
    TRIVIAL = "trivial", "情节显著轻微、危害不大，不认为是犯罪的"
    TIME_BARRED = "time_barred", "犯罪已过追诉时效期限的"
    PARDONED = "pardoned", "经特赦令免除刑罚的"
    DEAD = "dead", "犯罪嫌疑人死亡的"
    OTHER = "other", "其他依法不追究刑事责任的"


PROPOSAL_FROM = {
    ProposalKind.FILE: {S.ACCEPTED}, ProposalKind.NOT_FILE: {S.ACCEPTED},
    ProposalKind.RECONSIDER_FILE: {S.RECONSIDERING}, ProposalKind.RECONSIDER_UPHOLD: {S.RECONSIDERING},
    ProposalKind.FORWARD: {S.DELIVERED, S.ACCEPTED},
    ProposalKind.MOVE: {S.FILED},
    ProposalKind.WITHDRAW_CASE: {S.FILED},
}
PROPOSAL_BASIS = {
    ProposalKind.FILE: "《公安机关办理刑事案件程序规定》第一百七十八条第一款",
    ProposalKind.NOT_FILE: "《公安机关办理刑事案件程序规定》第一百七十八条第一款",
    ProposalKind.RECONSIDER_FILE: "《公安机关办理刑事案件程序规定》第一百七十八条第一款、第一百八十一条",
    ProposalKind.RECONSIDER_UPHOLD: "《公安机关办理刑事案件程序规定》第一百七十八条第一款、第一百八十一条",
    ProposalKind.FORWARD: "《公安机关办理刑事案件程序规定》第一百七十五条第一款",
    ProposalKind.MOVE: "《公安机关办理刑事案件程序规定》第一百八十四条",
    ProposalKind.WITHDRAW_CASE: "《公安机关办理刑事案件程序规定》第一百八十六条、第一百八十七条第一款",
}


class ProposalState(models.TextChoices):
    PENDING = "pending", "待负责人审批"
    APPROVED = "approved", "已批准"
    RETURNED = "returned", "已退回"
# ---- criminal outcomes and the court (transfers/outcomes.py) --------------------------------------------

class PrincipalPenalty(models.TextChoices):
    """主刑 (《刑法》第三十三条), and the judgments without one."""

    CONTROL = "control", "管制"
    CRIMINAL_DETENTION = "detention", "拘役"
    FIXED_TERM = "fixed_term", "有期徒刑"
    LIFE = "life", "无期徒刑"
    DEATH = "death", "死刑"
    ACCESSORY_ONLY = "accessory_only", "单处附加刑（罚金等）"
    EXEMPT = "exempt", "免予刑事处罚"


class TrialInstance(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"


class EffectiveHow(models.TextChoices):
    """《刑事诉讼法》第二百五十九条: which judgments are in force."""

    NO_APPEAL = "no_appeal", "上诉、抗诉期满未上诉、抗诉"
    FINAL = "final", "终审判决、裁定"
