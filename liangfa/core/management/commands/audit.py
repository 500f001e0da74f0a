from django.core.management.base import BaseCommand, CommandError

from liangfa.core.audit import verify_chain


class Command(BaseCommand):
    help = "审计记录：liangfa audit verify 校验哈希链"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **opts):
        report = verify_chain()
        if report.ok:
            self.stdout.write(f"审计链完整：共 {report.checked} 条记录")
            return
        raise CommandError(f"审计链断裂：{report.problem}（此前 {report.checked} 条完好）")
