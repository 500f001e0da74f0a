from django.core.management import call_command
from django.core.management.base import BaseCommand

from liangfa.cases.models import PenaltyCase
from liangfa.demo.builder import build, demo_exists


class Command(BaseCommand):
    help = "建立演示区域（焦作市）：机关、人员、约5000件行政处罚案件；--if-empty 时已有数据则跳过"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true")
        parser.add_argument("--cases", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **opts):
        if demo_exists():
            if opts["if_empty"]:
                self.stdout.write("演示区域已存在，跳过。")
                return
            self.stderr.write("演示区域已存在；如需重建，请删除数据库（var/liangfa.sqlite3）后再运行。")
            raise SystemExit(1)
        self.stdout.write("正在建立演示区域……")
        build(cases=opts["cases"], seed=opts["seed"], out=self.stdout.write)
        self.stdout.write(f"完成：共 {PenaltyCase.objects.count()} 件行政处罚案件。")
        call_command("demo_logins", stdout=self.stdout)
