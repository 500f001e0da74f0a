import json
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liangfa.agencies.models import User
from liangfa.clock.counting import due_for
from liangfa.clock.rules import TZ, all_rules, get_rule
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
                self.stdout.write(f"{rule.id:<26} {rule.period_text:<8} {rule.name}  {rule.citation}"
                                  + (f"  [可配置 {rule.config_variable}]" if rule.configurable else ""))
        elif action == "calendar":
            user = User.objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"用户 {opts['user']} 不存在")
            try:
                result = load_calendar(Path(opts["file"]).read_text(encoding="utf-8-sig"), actor=user,
                                       source=opts["source"])
            except (DomainError, OSError, UnicodeDecodeError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"已导入 {'、'.join(map(str, result.years))} 年节假日安排；重新计算暂定期限 "
                              f"{result.recounted} 项，其中期满时间变动 {len(result.moved)} 项")

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
        due = due_for(rule, start)
        if due.at is None:
            raise CommandError(due.problem)
        result = {"rule": rule.id, "name": rule.name, "start": start.isoformat(), "due": due.at.isoformat(),
                  "provisional": due.provisional, "provisional_reason": due.provisional_reason,
                  "period": rule.period, "period_text": rule.period_text, "method": rule.method,
                  "citation": rule.citation, "confidence": rule.confidence}
        if opts["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(f"{rule.name}：{rule.period_text}，自 {start:%Y-%m-%d %H:%M} 起，"
                              f"期满 {due.at:%Y-%m-%d %H:%M}（{rule.citation}）"
                              + (f"；暂定：{due.provisional_reason}" if due.provisional else ""))
