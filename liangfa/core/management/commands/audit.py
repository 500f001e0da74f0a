import csv
import json
import sys
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liangfa.core.audit import verify_chain
from liangfa.core.csvsafe import safe_row
from liangfa.core.integrity import write_checkpoint
from liangfa.core.models import AuditEntry

EXPORT_FIELDS = ["id", "time", "actor_name", "agency_id", "action", "object_type", "object_id", "object_repr",
                 "owner_agency_id", "before", "after", "reason", "prev_hash", "hash"]


class Command(BaseCommand):
    help = ("审计记录：verify 校验哈希链、签名检查点和案件内容；checkpoint 写入签名检查点；"
            "export 导出审计记录（--since/--until，csv 或 jsonl）；retention 报告留存情况")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint", "export", "retention"])
        parser.add_argument("--since", type=date.fromisoformat, help="导出起始日期 YYYY-MM-DD")
        parser.add_argument("--until", type=date.fromisoformat, help="导出截止日期 YYYY-MM-DD（含）")
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        parser.add_argument("--output", help="输出文件（默认标准输出）")

    def handle(self, *args, **opts):
        getattr(self, f"_{opts['action']}")(opts)

    def _verify(self, opts):
        report = verify_chain()
        if report.broken_at is not None:
            raise CommandError(f"审计链断裂：{report.problem}（此前 {report.checked} 条完好）")
        if report.content_problems:
            shown = "；".join(report.content_problems[:20])
            more = f" 等 {len(report.content_problems)} 处" if len(report.content_problems) > 20 else ""
            raise CommandError(f"审计链完整，但有数据在业务功能之外被改动：{shown}{more}")
        anchors = f"，{report.checkpoints} 个签名检查点相符" if report.checkpoints else "（尚无签名检查点：请每日运行 liangfa audit checkpoint）"
        self.stdout.write(f"审计链完整：共 {report.checked} 条记录{anchors}；核对案件内容 {report.content_checked} 件，均与审计一致")

    def _checkpoint(self, opts):
        line = write_checkpoint()
        self.stdout.write(f"已写入签名检查点：共 {line['count']} 条，末条 {line['last_id']}（{settings.AUDIT_CHECKPOINT_FILE}）")

    def _retention(self, opts):
        first = AuditEntry.objects.order_by("id").values_list("time", flat=True).first()
        days = (timezone.now() - first).days if first else 0
        self.stdout.write(f"审计记录自 {first:%Y-%m-%d} 起共 {AuditEntry.objects.count()} 条，已留存 {days} 天；"
                          f"要求不少于 {settings.AUDIT_RETENTION_DAYS} 天（记录只追加，从不删除）" if first else "尚无审计记录")

    def _export(self, opts):
        rows = AuditEntry.objects.order_by("id")
        if opts["since"]:
            rows = rows.filter(time__date__gte=opts["since"])
        if opts["until"]:
            rows = rows.filter(time__date__lt=opts["until"] + timedelta(days=1))
        out = open(opts["output"], "w", encoding="utf-8-sig", newline="") if opts["output"] else sys.stdout
        try:
            writer = csv.writer(out) if opts["format"] == "csv" else None
            if writer:
                writer.writerow(EXPORT_FIELDS)
            for entry in rows.values_list(*EXPORT_FIELDS).iterator(chunk_size=5000):
                values = [v.isoformat() if hasattr(v, "isoformat") else v for v in entry]
                if writer:
                    writer.writerow(safe_row(json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                                             for v in values))
                else:
                    out.write(json.dumps(dict(zip(EXPORT_FIELDS, values, strict=True)), ensure_ascii=False) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
