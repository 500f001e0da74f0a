from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangfa.core.audit import verify_chain
from liangfa.core.backup import restore
from liangfa.core.errors import DomainError


class Command(BaseCommand):
    help = "从备份恢复数据库和上传文件：先核对 SHA-256 清单，恢复后校验审计链。liangfa restore 目录 --yes"

    def add_arguments(self, parser):
        parser.add_argument("source", help="liangfa backup 写出的备份目录")
        parser.add_argument("--yes", action="store_true", help="确认用备份替换当前数据库和上传文件")

    def handle(self, *args, **opts):
        if not opts["yes"]:
            raise CommandError("恢复会用备份替换当前数据库和全部上传文件；确认请加 --yes")
        try:
            manifest = restore(Path(opts["source"]))
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"已恢复，但审计校验未通过：{report.problem or '；'.join(report.content_problems[:5])}")
        self.stdout.write(f"已从 {opts['source']}（{manifest['created']}）恢复；审计链完整：共 {report.checked} 条记录")
