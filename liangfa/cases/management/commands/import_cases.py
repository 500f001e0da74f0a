import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangfa.agencies.models import Agency, User
from liangfa.cases.services import import_file
from liangfa.core.errors import DomainError


class Command(BaseCommand):
    help = "导入行政处罚案件（CSV/XLSX，双公示标准表头）：liangfa import cases FILE --agency CODE"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--agency", required=True, help="机关代码")
        parser.add_argument("--user", help="以该用户名义导入（记入审计）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--skip-invalid", action="store_true", help="导入有效行，报告错误行")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        agency = Agency.objects.filter(code=opts["agency"]).first()
        if agency is None:
            raise CommandError(f"机关代码 {opts['agency']} 不存在")
        actor = None
        if opts["user"]:
            actor = User.objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"用户 {opts['user']} 不存在")
        try:
            result = import_file(path, agency=agency, actor=actor, dry_run=opts["dry_run"],
                                 skip_invalid=opts["skip_invalid"])
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        if opts["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
        else:
            self.stdout.write(f"{result.message}\n新增 {result.accepted}，更新 {result.updated}，"
                              f"未变 {result.unchanged}，错误 {len(result.rejected)}")
            for r in result.rejected[:200]:
                where = f"第 {r['row']} 行【{r['column']}】" if r["row"] else "文件"
                self.stdout.write(f"  {where}“{r['value']}”：{r['error']}")
        if result.rejected:
            raise SystemExit(1)
