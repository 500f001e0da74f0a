"""The bulletin's charts as pictures for the Word file, drawn on the server (matplotlib, no display).

Chinese labels need a CJK font on the server: the first of CJK_FONTS found. Debian's fonts-wqy-microhei
(1.6 MB, installed by .ci/run; see README) is the one we name for production; Noto Sans CJK or Source Han
Sans serve too. Without any, `check --deploy` warns (checks.py) and the labels would print as boxes.
"""

import io
from functools import cache

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure  # drawn into files, never through pyplot: no display needed

CJK_FONTS = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "Noto Sans SC", "SimHei", "Microsoft YaHei", "PingFang SC"]
COLOURS = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de"]


@cache
def cjk_font() -> str:
    """The family name of an installed CJK font, or "" when there is none. matplotlib keeps a cache of the
    system's fonts; one installed after that cache was built is added by its file."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    if not installed & set(CJK_FONTS):
        for path in font_manager.findSystemFonts():
            if any(mark in path.lower() for mark in ("wqy", "cjk", "sourcehan", "notosanssc")):
                font_manager.fontManager.addfont(path)
        installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), "")


def _figure(title: str) -> tuple[Figure, object]:
    figure = Figure(figsize=(8, 3.6), dpi=150)
    axes = figure.add_subplot()
    axes.set_title(title, fontsize=12, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.grid(axis="y", color="#e0e0e0")
    axes.set_axisbelow(True)
    return figure, axes


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def _styled(draw):
    font = cjk_font()
    with matplotlib.rc_context({"font.family": [font] if font else ["sans-serif"], "axes.unicode_minus": False}):
        return draw()


def trend_png(months: list[str], series: dict[str, list[int]]) -> bytes:
    """按月趋势: one line per figure (涉罪线索, 移送, 立案, 不予立案)."""
    def draw():
        figure, axes = _figure("按月趋势")
        labels = [f"{m[:4]}年{int(m[5:])}月" for m in months]
        for colour, (name, values) in zip(COLOURS, series.items(), strict=False):
            axes.plot(labels, values, marker="o", color=colour, label=name)
        axes.legend(loc="upper left", frameon=False, ncols=len(series))
        axes.set_ylim(bottom=0)
        return _png(figure)
    return _styled(draw)


def agencies_png(agencies: list[str], transfers: list[int], filed: list[int]) -> bytes:
    """各单位移送与立案: two bars per agency."""
    def draw():
        figure, axes = _figure("各单位移送与立案")
        positions = range(len(agencies))
        axes.bar([p - 0.2 for p in positions], transfers, width=0.4, color=COLOURS[0], label="移送")
        axes.bar([p + 0.2 for p in positions], filed, width=0.4, color=COLOURS[1], label="立案")
        axes.set_xticks(list(positions), agencies, rotation=35, ha="right", fontsize=8)
        axes.legend(loc="upper right", frameon=False)
        axes.set_ylim(bottom=0)
        return _png(figure)
    return _styled(draw)


def bar_chart(values: list[int | float], labels: list[str] | None = None, title: str = "") -> bytes:
    """One bar per figure (the annual report's sections); labelled by the figures' names when given, else by
    their numbers in the table beside the chart."""
    def draw():
        figure, axes = _figure(title)
        names = labels or [str(i) for i in range(1, len(values) + 1)]
        axes.bar(names, values, color=[COLOURS[i % len(COLOURS)] for i in range(len(values))])
        for x, value in enumerate(values):
            axes.annotate(str(value), (x, value), ha="center", va="bottom", fontsize=8)
        if labels:
            axes.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
        axes.set_ylim(bottom=0)
        return _png(figure)
    return _styled(draw)
