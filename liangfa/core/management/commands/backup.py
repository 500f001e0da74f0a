from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from liangfa.core.backup import backup


class Command(BaseCommand):
    help = "备份数据库和上传文件（附 SHA-256 清单）：liangfa backup [--output 目录]"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="备份目录（默认 var/backups/时间）")

    def handle(self, *args, **opts):
        target = Path(opts["output"] or settings.BASE_DIR / "var" / "backups" / f"{datetime.now():%Y%m%d-%H%M%S}")
        manifest = backup(target)
        self.stdout.write(f"已备份到 {target}：数据库（{manifest['engine']}，审计记录 {manifest['audit_rows']} 条）"
                          f"和上传文件；清单 manifest.json 记录各文件的 SHA-256。"
                          "密钥文件（SECRET_KEY_FILE、AUDIT_KEY_FILE）不在备份中，请另行保管。")
