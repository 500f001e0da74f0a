import json
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liangfa.agencies.models import User
from liangfa.clock.calendar import CalendarError
from liangfa.clock.rules import TZ, all_rules, compute_due, get_rule
from liangfa.clock.services import load_calendar, tick
from liangfa.core.errors import DomainError


class Command(BaseCommand):
    help = "法定期限：liangfa clock due RULE --start 2025-09-28T10:00 | clock tick | clock rules | clock calendar load FILE"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="计算期满时间")
        due.add_argument("rule")
        due.add_argument("--start", required=True, help="起算时间，如 2025-09-28T10:00（北京时间）")
        due.add_argument("--format", choices=["text", "json"], default="text")
        sub.add_parser("tick", help="标记已逾期的期限并提醒（定时运行）")
        sub.add_parser("rules", help="列出期限规则")
        cal = sub.add_parser("calendar", help="导入新一年的节假日安排")
        cal.add_argument("verb", choices=["load"])
        cal.add_argument("file")
        cal.add_argument("--user", required=True, help="管理员用户名")
        cal.add_argument("--source", default="国务院办公厅关于部分节假日安排的通知")

    def handle(self, *args, **opts):
        action = opts["action"]
        if action == "due":
            return self._due(opts)
        if action == "tick":
            self.stdout.write(f"标记逾期 {tick()} 项")
        elif action == "rules":
            for rule in all_rules().values():
                self.stdout.write(f"{rule.id:<26} {rule.period:<8} {rule.name}  {rule.citation}")
        elif action == "calendar":
            user = User.objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"用户 {opts['user']} 不存在")
            try:
                years = load_calendar(Path(opts["file"]).read_text(encoding="utf-8-sig"), actor=user,
                                      source=opts["source"])
            except DomainError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"已导入 {'、'.join(map(str, years))} 年节假日安排")

    def _due(self, opts):
        try:
            rule = get_rule(opts["rule"])
        except KeyError as exc:
            raise CommandError(exc.args[0]) from exc
        try:
            start = datetime.fromisoformat(opts["start"])
        except ValueError:
            raise CommandError(f"起算时间“{opts['start']}”格式错误，应为 2025-09-28T10:00") from None
        if timezone.is_naive(start):
            start = start.replace(tzinfo=TZ)
        try:
            due = compute_due(start, rule.amount, rule.method)
        except CalendarError as exc:
            raise CommandError(str(exc)) from exc
        result = {"rule": rule.id, "name": rule.name, "start": start.isoformat(), "due": due.isoformat(),
                  "period": rule.period, "method": rule.method, "citation": rule.citation,
                  "confidence": rule.confidence}
        if opts["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(f"{rule.name}：{rule.period}，自 {start:%Y-%m-%d %H:%M} 起，"
                              f"期满 {due:%Y-%m-%d %H:%M}（{rule.citation}）")
