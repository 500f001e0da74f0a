import sys
from collections import Counter
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from liangfa.cases.models import PenaltyCase
from liangfa.core.errors import DomainError
from liangfa.parties.links import propose_links
from liangfa.screening import export
from liangfa.screening.backtest import backtest
from liangfa.screening.engine import gap_metrics
from liangfa.screening.rules import METRIC_CN, RuleBook
from liangfa.screening.rulesets import activate_rule_set
from liangfa.screening.services import Rules, rulebooks, screen_all


class Command(BaseCommand):
    help = ("线索筛查：liangfa screen [--all | --since DATE] [--format jsonl|csv|xlsx] [--output FILE]；"
            "回测：liangfa screen --rules FILE --dry-run；启用新规则：--rules FILE --activate --effective DATE")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="筛查全部案件（默认）")
        parser.add_argument("--since", help="只筛查该日期以后作出决定的案件的当事人")
        parser.add_argument("--format", choices=["jsonl", "csv", "xlsx"], default="jsonl")
        parser.add_argument("--output", help="输出文件（xlsx 必须指定）")
        parser.add_argument("--rules", help="候选规则文件（thresholds.yaml 格式）")
        parser.add_argument("--dry-run", action="store_true", help="只计算，不写入线索")
        parser.add_argument("--engine", action="store_true",
                            help="回测时用规则引擎逐案判断现行与候选规则（较慢，不遗漏任何条款）；默认用集合查询与现有线索比较")
        parser.add_argument("--activate", action="store_true", help="把 --rules 作为新版本启用")
        parser.add_argument("--effective", help="新版本的施行日期（与 --activate 一起）")
        parser.add_argument("--link", action="store_true", help="同时生成当事人关联候选")
        parser.add_argument("--quiet", action="store_true", help="不显示进度条")

    def handle(self, *args, **opts):
        since = self._date(opts["since"]) if opts["since"] else None
        if opts["rules"] and opts["activate"]:
            return self._activate(opts)
        if opts["rules"]:
            if not opts["dry_run"]:
                raise CommandError("候选规则只能 --dry-run 回测，或 --activate 启用")
            return self._backtest(opts, since)
        if opts["link"]:
            self.stderr.write(f"新增当事人关联候选 {propose_links()} 组")
        total = PenaltyCase.objects.count() if not since else PenaltyCase.objects.filter(decision_date__gte=since).count()
        bar = tqdm(total=total, unit="件", disable=opts["quiet"], file=sys.stderr, desc="筛查")
        gaps = Counter() if opts["dry_run"] else None
        rows = (export.row(case, finding)
                for case, finding in screen_all(since=since, write=not opts["dry_run"], progress=bar.update, gaps=gaps))
        count = self._emit(rows, opts)
        bar.close()
        self.stderr.write(f"线索 {count} 条" + ("（试运行，未写入）" if opts["dry_run"] else ""))
        if not opts["dry_run"]:
            from liangfa.screening.networks import screen_networks

            self.stderr.write(f"关联当事人合计线索（需人工判断）新增 {screen_networks()} 条")
        if gaps:
            self._report_gaps(gaps)

    def _report_gaps(self, gaps: Counter) -> None:
        """Per rule: the cases that raised nothing while lacking a value the rule reads (缺少数据)."""
        book = Rules(rulebooks()).books[-1][1]
        self.stderr.write(f"缺少数据而未能判断（按规则，共 {sum(gaps.values())} 件次）：")
        for key, n in sorted(gaps.items(), key=lambda item: (-item[1], item[0])):
            metrics, _ = gap_metrics(book.chain(key))
            names = "、".join(METRIC_CN.get(m, m) for m in metrics)
            self.stderr.write(f"  {key:<40} {n:>7} 件  {book.entries[key].crime_name if key in book.entries else ''}（{names}）")

    def _emit(self, rows, opts) -> int:
        if opts["format"] == "xlsx":
            if not opts["output"]:
                raise CommandError("xlsx 格式须用 --output 指定文件")
            data, count = export.xlsx(rows)
            Path(opts["output"]).write_bytes(data)
            return count
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8-sig" if opts["format"] == "csv" else "utf-8",
                      newline="") as fh:
                return export.write(rows, opts["format"], fh)
        return export.write(rows, opts["format"], self.stdout)

    def _backtest(self, opts, since):
        text = Path(opts["rules"]).read_text(encoding="utf-8")
        try:
            book = RuleBook(text, "候选")
        except Exception as exc:  # noqa: BLE001 — any parse problem is reported as such
            raise CommandError(f"规则文件无法读取：{exc}") from exc
        if opts["engine"]:
            candidate = Rules([(date(1900, 1, 1), book)])
            current = Counter((f.rule_key, c.agency_name) for c, f in screen_all(since=since, write=False))
            trial = Counter((f.rule_key, c.agency_name) for c, f in screen_all(since=since, rules=candidate, write=False))
            self._table(current, trial, "现行")
            return
        result = backtest(book, since=since)
        partial = {key for key, _ in result.left_out}
        self._table(result.current, result.candidate, "现有线索", partial)
        self.stdout.write(f"（集合查询回测 {result.cases} 件案件；“现有线索”为现行规则下未标为已不符合的线索）")
        if result.left_out:
            left = "；".join(f"{key}：{what}" for key, what in result.left_out)
            self.stdout.write("* 该规则有集合查询未判断的条款，候选数不含这些条款命中的案件，差异不可直接比较；"
                              f"可用 --engine 逐案回测。未判断的条款：{left}")

    def _table(self, current: Counter, trial: Counter, label: str, partial: set = frozenset()) -> None:
        self.stdout.write(f"{'规则':<40} {'机关':<24} {label:>6} {'候选':>6} {'差异':>6}")
        for key in sorted(set(current) | set(trial)):
            a, b = current.get(key, 0), trial.get(key, 0)
            mark = " *" if key[0] in partial else ""
            self.stdout.write(f"{key[0]:<40} {key[1]:<24} {a:>6} {b:>6} {b - a:>+6}{mark}")
        self.stdout.write(f"合计：{label} {sum(current.values())}，候选 {sum(trial.values())}（试运行，未写入）")

    def _activate(self, opts):
        text = Path(opts["rules"]).read_text(encoding="utf-8")
        effective = self._date(opts["effective"] or timezone.localdate().isoformat())
        try:
            rule_set = activate_rule_set(text, effective=effective, source="命令行")
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已启用规则版本 {rule_set.version}（{effective} 起施行的行为适用）；"
                          f"现行版本共 {len(rulebooks())} 个")

    @staticmethod
    def _date(text: str) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"日期“{text}”格式错误，应为 2025-01-01") from None
