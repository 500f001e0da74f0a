import sys

from django.core.management.base import BaseCommand

from liangfa.cases.template import template_csv, template_xlsx


class Command(BaseCommand):
    help = "输出导入模板：liangfa import template [--format csv|xlsx] [--output FILE]"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="写入文件（xlsx 必须指定）")

    def handle(self, *args, **opts):
        if opts["format"] == "xlsx":
            data = template_xlsx()
            if not opts["output"]:
                sys.stdout.buffer.write(data)
                return
            with open(opts["output"], "wb") as fh:
                fh.write(data)
        else:
            text = template_csv()
            if opts["output"]:
                with open(opts["output"], "w", encoding="utf-8-sig", newline="") as fh:
                    fh.write(text)
            else:
                self.stdout.write(text, ending="")
