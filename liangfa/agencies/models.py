from django.contrib.auth.models import AbstractUser
from django.db import models

from liangfa.agencies.choices import SUPERVISING_KINDS, AgencyKind, AgencyLevel, DepartmentKind, Field, Role


class Agency(models.Model):
    code = models.SlugField("机关代码", max_length=32, unique=True, help_text="简短唯一代码，命令行和接口使用")
    name = models.CharField("机关名称", max_length=100, unique=True)
    kind = models.CharField("机关类别", max_length=20, choices=AgencyKind.choices)
    level = models.CharField("层级", max_length=10, choices=AgencyLevel.choices)
    region_code = models.CharField("行政区划代码", max_length=6)
    field = models.CharField("执法领域", max_length=20, choices=Field.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name="上级机关")
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    is_active = models.BooleanField("启用", default=True)
    # R310 第五条: only this person approves a transfer (not every 负责人); 管理员 marks them on the agency page.
    principal = models.ForeignKey("User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="正职负责人（或主持工作的负责人）")

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = verbose_name_plural = "机关"

    def __str__(self):
        return self.name

    @property
    def is_supervising(self) -> bool:
        return self.kind in SUPERVISING_KINDS


class Department(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="departments", verbose_name="机关")
    name = models.CharField("内设机构", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.OTHER)

    class Meta:
        unique_together = [("agency", "name")]
        ordering = ["agency", "name"]
        verbose_name = verbose_name_plural = "内设机构"

    def __str__(self):
        return f"{self.agency.name}{self.name}"


class User(AbstractUser):
    """An official. Belongs to one agency; holds one or more roles."""

    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
                               verbose_name="所属机关")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="users", verbose_name="内设机构")
    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    roles = models.JSONField("角色", default=list, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    # 《行政处罚法》第五十八条第二款: a first-time 法制审核 reviewer must hold the 法律职业资格.
    legal_qualification_no = models.CharField("法律职业资格证书编号", max_length=40, blank=True)
    reviewer_since = models.DateField("从事法制审核起始日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in self.roles if r in Role.values]

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.roles


class Liaison(models.Model):
    """联络员: the named contact of one agency towards another."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="liaisons", verbose_name="机关")
    counterpart = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="对口机关")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="liaison_posts", verbose_name="联络员")
    since = models.DateField("起始日期")

    class Meta:
        unique_together = [("agency", "counterpart", "user")]
        verbose_name = verbose_name_plural = "联络员"

    def __str__(self):
        return f"{self.agency.name}联络员（对{self.counterpart.name}）：{self.user.display_name}"


class CooperationAgreement(models.Model):
    """执法办案协作协议 between two agencies."""

    agency_a = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="甲方")
    agency_b = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="乙方")
    title = models.CharField("协议名称", max_length=200)
    signed_on = models.DateField("签订日期")
    scope = models.TextField("协作范围")
    document = models.FileField("协议文本", upload_to="agreements/", blank=True)

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = verbose_name_plural = "执法办案协作协议"

    def __str__(self):
        return self.title


class TokenScope(models.TextChoices):
    PUSH = "push", "只推送案件"
    READ = "read", "推送并查询本机关案件"


class ApiToken(models.Model):
    """A token an agency's own system uses to push records; only its hash is stored."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField("权限", max_length=8, choices=TokenScope.choices, default=TokenScope.PUSH)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self):
        return f"{self.agency.name}：{self.name}"
