"""`liangfa check --deploy`: the server can draw the bulletin's Chinese charts."""

from django.core import checks


@checks.register(checks.Tags.compatibility, deploy=True)
def cjk_font_installed(app_configs=None, **kwargs):
    from liangfa.reports.charts import CJK_FONTS, cjk_font  # matplotlib loads only when the check runs

    if cjk_font():
        return []
    return [checks.Warning("未找到中文字体：Word 情况通报中的图表文字将无法显示",
                           hint=f"请安装中文字体（Debian：apt-get install fonts-wqy-microhei），可用：{'、'.join(CJK_FONTS)}",
                           id="liangfa.W001")]
