from django.conf import settings
from django.db import models
from django.utils.functional import cached_property

from liangfa.cases.models import PenaltyCase
from liangfa.core.events import Event
from liangfa.screening.choices import ClueStatus, ClueStep, FindingKind, NetworkClueStatus, NetworkClueStep

USER = settings.AUTH_USER_MODEL


class RuleSet(models.Model):
    """A version of the 立案追诉标准 (thresholds.yaml), loaded as data. Cases are judged by the
    active version in force on the date of their conduct."""

    version = models.CharField("版本", max_length=40, unique=True)
    text = models.TextField("规则（YAML）")
    sha256 = models.CharField(max_length=64)
    effective_from = models.DateField("施行日期")
    active = models.BooleanField("启用", default=True)
    loaded_at = models.DateTimeField()
    loaded_by = models.CharField(max_length=150)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-effective_from", "-id"]

    def __str__(self):
        return f"{self.version}（{self.effective_from} 起）"


class CatalogueEntry(models.Model):
    """违法行为类型 keywords → candidate crimes; 管理员 edits these."""

    keywords = models.CharField("违法行为类型关键词（、分隔）", max_length=300)
    exclude = models.CharField("排除词", max_length=200, blank=True)
    basis = models.CharField("处罚依据关键词", max_length=300, blank=True)
    crimes = models.CharField("罪名规则（thresholds.yaml 的 key，、分隔）", max_length=300)

    def __str__(self):
        return f"{self.keywords} → {self.crimes}"


class TaxNotice(models.Model):
    """税务机关 追缴通知 and whether the party complied in time (the 逃税 gate)."""

    case = models.OneToOneField("cases.PenaltyCase", on_delete=models.CASCADE, related_name="tax_notice")
    issued_on = models.DateField("追缴通知下达日期")
    document_no = models.CharField("文书编号", max_length=100)
    complied = models.BooleanField("已按期补缴税款、缴纳滞纳金并接受行政处罚")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self):
        return self.document_no


class Clue(models.Model):
    """A flag on a case: which rule, which metric, the value, the threshold, the counted priors, and what a
    person must still check."""

    # No single-column indexes on case and agency: clue_unique_case_rule and (agency, status) start with them.
    case = models.ForeignKey("cases.PenaltyCase", on_delete=models.CASCADE, related_name="clues", db_index=False)
    # Agency and party are the case's, copied for filtering: not checked again by the database (a batch writes
    # hundreds of thousands of clues); Django still enforces PROTECT itself.
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="clues", db_index=False,
                               db_constraint=False)
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="clues", db_constraint=False,
                              db_index=False)  # clue_party_updated starts with it
    rule_key = models.CharField("规则", max_length=60)
    crime_name = models.CharField("涉嫌罪名", max_length=200)
    article = models.CharField("刑法条文", max_length=100)
    standard = models.CharField("立案追诉标准", max_length=300)
    confidence = models.CharField("规则可信度", max_length=2)
    kind = models.CharField("类型", max_length=16, choices=FindingKind.choices)
    metric = models.CharField(max_length=40, blank=True)
    metric_cn = models.CharField("指标", max_length=60, blank=True)
    unit = models.CharField(max_length=10, blank=True)
    value = models.DecimalField("数值", max_digits=18, decimal_places=3, null=True, blank=True)
    threshold = models.DecimalField("标准", max_digits=18, decimal_places=3, null=True, blank=True)
    reduced = models.BooleanField("按多次违法降低标准", default=False)
    # The listed cases, by id. Their 文号, agency and dates are read when the clue is shown
    # (with_listings): written out on each clue they were four fifths of a batch's clue table.
    priors = models.JSONField("计入的前次处罚（最近10次）", default=list, blank=True)
    prior_count = models.PositiveIntegerField("计入的前次处罚次数", default=0)
    added_up = models.JSONField("累计的未经处理行为（前10次）", default=list, blank=True)
    added_count = models.PositiveIntegerField("累计的未经处理行为次数", default=0)
    needs_review = models.BooleanField("需人工判断", default=False)
    checks = models.JSONField("仍需核查", default=list, blank=True)
    reason = models.TextField("理由")
    fingerprint = models.CharField(max_length=64)
    ruleset = models.CharField("规则版本", max_length=40)
    status = models.CharField("状态", max_length=12, choices=ClueStatus.choices, default=ClueStatus.NEW)
    dismissed_reason = models.TextField("排除理由", blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "rule_key"], name="clue_unique_case_rule")]
        # (status, updated_at): the clue list filters by status and shows the latest first. A plain
        # db_index on status also made a LIKE-pattern twin that no query uses, at a cost on every write.
        # crime_name included: an organ's 罪名 choices on the clue list are read from this index alone
        indexes = [models.Index(fields=["agency", "status"], include=["crime_name"], name="clue_agency_status"),
                   models.Index(fields=["status", "updated_at"], name="clue_status_updated"),
                   # The clue list, newest first, for an organ and for the region (walked in order, stopping
                   # at a page), and the party page's latest clues.
                   models.Index(fields=["agency", "-created_at", "-id"], name="clue_agency_created"),
                   models.Index(fields=["-created_at", "-id"], name="clue_created"),
                   models.Index(fields=["party", "-updated_at"], name="clue_party_updated"),
                   # the list's 罪名 choices for a region-wide reader: one probe per crime (core/sql.py)
                   models.Index(fields=["crime_name"], name="clue_crime"),
                   # 情况通报 counts a period's clues by organ through their cases: read from this index alone,
                   # not from the wide clue rows (reports/services.py)
                   models.Index(fields=["case"], include=["agency", "status"], name="clue_case_cover")]

    def __str__(self):
        return f"{self.case.decision_no}：涉嫌{self.crime_name}"

    @cached_property
    def prior_listing(self) -> list[dict]:
        """The counted earlier penalties: case_id, agency, decision_no, effective_date, decision_date."""
        with_listings([self])
        return self.prior_listing

    @cached_property
    def added_listing(self) -> list[dict]:
        """The unhandled acts added up, in the same shape."""
        with_listings([self])
        return self.added_listing


def with_listings(clues: list[Clue]) -> list[Clue]:
    """Fill in the listed cases of many clues with one query."""
    ids = {pk for clue in clues for pk in (*clue.priors, *clue.added_up)}
    rows = PenaltyCase.objects.filter(pk__in=ids).values_list(
        "id", "agency__name", "decision_no", "effective_date", "decision_date")
    entries = {pk: {"case_id": pk, "agency": agency, "decision_no": number,
                    "effective_date": effective.isoformat() if effective else None,
                    "decision_date": decided.isoformat() if decided else None}
               for pk, agency, number, effective, decided in rows}
    for clue in clues:
        clue.__dict__["prior_listing"] = [entries[pk] for pk in clue.priors if pk in entries]
        clue.__dict__["added_listing"] = [entries[pk] for pk in clue.added_up if pk in entries]
    return clues


class ClueEvent(Event):
    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="events")
    # batch screening writes these rows in bulk without naming the code: the database fills it in
    code = models.CharField("事项", max_length=40, choices=ClueStep.choices, db_default=ClueStep.SCREENED)
    from_status = models.CharField("原状态", max_length=12, choices=ClueStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=ClueStatus.choices)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "线索经过"


class RuleChange(models.Model):
    """A proposed change of the rules (a new 立案追诉标准 version) or of the violation → crime catalogue:
    back-tested against the cases on file before a 管理员 lets it take effect; once active, it is a version
    in the history (the catalogue's versions are these rows)."""

    class Kind(models.TextChoices):
        RULES = "rules", "立案追诉标准规则集"
        CATALOGUE = "catalogue", "违法行为→罪名目录"

    class Status(models.TextChoices):
        DRAFT = "draft", "待回测"
        TESTING = "testing", "回测中"
        TESTED = "tested", "已回测，待启用"
        ACTIVATING = "activating", "已启用，正在重新筛查"
        ACTIVE = "active", "已启用"
        FAILED = "failed", "失败"
        WITHDRAWN = "withdrawn", "已撤回"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    text = models.TextField("内容")
    sha256 = models.CharField(max_length=64)
    note = models.CharField("修改说明", max_length=300)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    # the active rules and catalogue the back-test compared with: activation refuses a stale back-test
    baseline = models.CharField(max_length=64, blank=True)
    backtest = models.JSONField("回测结果", default=dict, blank=True)
    total = models.PositiveIntegerField("件数", default=0)
    done = models.PositiveIntegerField("已完成", default=0)
    message = models.CharField("说明", max_length=300, blank=True)
    version = models.CharField("版本", max_length=40, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("提交时间")
    tested_at = models.DateTimeField("回测时间", null=True, blank=True)
    activated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    activated_at = models.DateTimeField("启用时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "规则修改"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.note}"


class NetworkClue(models.Model):
    """需人工判断: parties joined by the same 法定代表人/经营者, address or phone (parties/network.py) whose
    cases of one crime each stay under the 立案追诉标准 but together reach it. Names the parties, the cases
    and the sum, and cites the threshold; shown only to a reader who may see every one of its cases."""

    rule_key = models.CharField("规则", max_length=60)
    crime_name = models.CharField("涉嫌罪名", max_length=200)
    article = models.CharField("刑法条文", max_length=100)
    standard = models.CharField("立案追诉标准", max_length=300)
    metric = models.CharField(max_length=40)
    metric_cn = models.CharField("指标", max_length=60)
    unit = models.CharField(max_length=10)
    threshold = models.DecimalField("标准", max_digits=18, decimal_places=3)
    total = models.DecimalField("合计", max_digits=18, decimal_places=3)
    case_ids = models.JSONField("案件", default=list)
    cases = models.JSONField("各案数额", default=list)  # [{case_id, decision_no, agency, party, value}]
    parties = models.JSONField("当事人", default=list)  # [{party_id, name}]
    evidence = models.JSONField("关联依据", default=list)  # ["法定代表人/经营者身份证号相同", …]
    # each edge of the network: [{a, a_id, b, b_id, evidence}] (what joins which two parties; never the value)
    edges = models.JSONField("关联关系", default=list, blank=True)
    # the network search stopped at this many parties (settings.NETWORK_MAX_PARTIES); null: the whole network
    capped_at = models.PositiveIntegerField("网络规模上限", null=True, blank=True)
    checks = models.JSONField("仍需核查", default=list)
    reason = models.TextField("理由")
    fingerprint = models.CharField(max_length=64, unique=True)
    status = models.CharField("状态", max_length=12, choices=NetworkClueStatus.choices, default=NetworkClueStatus.NEW)
    decided_reason = models.TextField("处理意见/排除理由", blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"], name="netclue_status_updated")]

    def __str__(self):
        return f"{self.crime_name}（关联当事人合计）"


class NetworkClueCase(models.Model):
    """One case a network clue adds up, written with the clue (screening/networks._raise) and rewritten when
    the clue's cases change: lets the list ask the database which clues a reader may see every case of
    (agencies/permissions.network_clues_seen). A deleted case keeps its row (no constraint): the clue then
    names a case nobody may open, and stays hidden, as its case_ids say."""

    clue = models.ForeignKey(NetworkClue, on_delete=models.CASCADE, related_name="case_rows", db_index=False)
    case = models.ForeignKey("cases.PenaltyCase", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    party = models.ForeignKey("parties.Party", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clue", "case"], name="netclue_case_unique")]
        verbose_name = verbose_name_plural = "关联线索的案件"

    def __str__(self):
        return f"{self.clue_id}：{self.case_id}"


class NetworkClueEvent(Event):
    """The history of a network clue (处理经过): written by the services that raise, update and decide it."""

    clue = models.ForeignKey(NetworkClue, on_delete=models.CASCADE, related_name="events")
    code = models.CharField("事项", max_length=40, choices=NetworkClueStep.choices)
    from_status = models.CharField("原状态", max_length=12, choices=NetworkClueStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=NetworkClueStatus.choices)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "关联线索经过"
