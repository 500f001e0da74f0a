from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liangfa.agencies import tokens
from liangfa.agencies.models import Agency, ApiToken, TokenScope, User
from liangfa.core.errors import DomainError


class Command(BaseCommand):
    help = "接口令牌：liangfa token list | issue --agency CODE --name 用途 | revoke ID | rotate ID（均须 --user 管理员）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="列出令牌（不显示令牌本身）")
        listing.add_argument("--agency", help="机关代码")
        issue = sub.add_parser("issue", help="签发令牌（只显示一次）")
        issue.add_argument("--agency", required=True)
        issue.add_argument("--name", required=True, help="用途")
        issue.add_argument("--days", type=int, default=365)
        issue.add_argument("--scope", choices=TokenScope.values, default=TokenScope.PUSH)
        for verb in ("revoke", "rotate"):
            one = sub.add_parser(verb, help="吊销令牌" if verb == "revoke" else "更换令牌（旧令牌即时失效）")
            one.add_argument("id", type=int)
        for each in (issue, *sub.choices.values()):
            if not any(a.dest == "user" for a in each._actions):
                each.add_argument("--user", required=each is not listing, help="管理员用户名")

    def handle(self, *args, **opts):
        if opts["action"] == "list":
            return self._list(opts.get("agency"))
        actor = User.objects.filter(username=opts["user"]).first()
        if actor is None:
            raise CommandError(f"用户 {opts['user']} 不存在")
        try:
            if opts["action"] == "issue":
                agency = Agency.objects.filter(code=opts["agency"]).first()
                if agency is None:
                    raise CommandError(f"机关代码 {opts['agency']} 不存在")
                self.stdout.write(tokens.issue_api_token(agency, actor=actor, name=opts["name"], days=opts["days"],
                                                         scope=opts["scope"]))
            else:
                row = ApiToken.objects.filter(pk=opts["id"]).first()
                if row is None:
                    raise CommandError(f"令牌 {opts['id']} 不存在")
                if opts["action"] == "revoke":
                    tokens.revoke_api_token(row, actor=actor)
                    self.stdout.write(f"已吊销令牌 {row.pk}（{row.agency.name}：{row.name}）")
                else:
                    self.stdout.write(tokens.rotate_api_token(row, actor=actor))
        except DomainError as exc:
            raise CommandError(str(exc)) from exc

    def _list(self, code: str | None) -> None:
        rows = ApiToken.objects.select_related("agency").order_by("agency__code", "-created_at")
        if code:
            rows = rows.filter(agency__code=code)
        now = timezone.now()
        for row in rows:
            state = "已吊销" if row.revoked else "已过期" if row.expires_at and row.expires_at <= now else "有效"
            used = f"{timezone.localtime(row.last_used_at):%Y-%m-%d %H:%M}" if row.last_used_at else "从未使用"
            until = f"{timezone.localtime(row.expires_at):%Y-%m-%d}" if row.expires_at else "—"
            self.stdout.write(f"{row.pk:>5} {row.agency.code:<12} {row.name:<20} {row.get_scope_display():<12} "
                              f"至 {until}  最近使用 {used}  {state}")
