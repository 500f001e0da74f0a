"""Transfer timeline rows are keyed by the step's code, not by the words once shown for it."""

from django.db import migrations, models

BY_LABEL = {
    "成立专案组并起草移送报告": "draft", "提交负责人审批": "submit", "负责人批准移送": "approve",
    "负责人不批准移送": "refuse", "移送公安机关": "deliver", "签收回执并受理": "accept", "非本机关管辖，转送": "forward",
    "通知补正材料": "materials_notice", "补正材料": "materials_cure", "延长立案审查期限": "extend", "决定立案": "file",
    "决定不予立案": "not_file", "提请复议": "reconsider", "复议决定立案": "reconsider_file",
    "复议维持不予立案": "reconsider_uphold", "建议人民检察院立案监督": "supervision_request",
    "移交涉案物品并办理交接手续": "handover", "登记涉案物品": "item", "登记证据": "evidence",
    "证据程序审查": "evidence_review", "说明证据无法重新收集": "cannot_recollect",
    "反向移送行政机关处理": "reverse_send", "行政机关回复反向移送处理结果": "reverse_reply",
    "检察院要求说明逾期未作立案决定的理由": "delay_inquiry", "刑事诉讼：逮捕": "stage_arrest",
    "刑事诉讼：移送审查起诉": "stage_prosecution_review", "刑事诉讼：提起公诉": "stage_indictment",
    "刑事诉讼：不起诉": "stage_non_prosecution", "刑事诉讼：判决": "stage_judgment",
}
# steps whose words carried a detail: the detail moves to the note
BY_PREFIX = [("立案监督：", "supervision"), ("上传", "document")]


def code_from_action(apps, schema_editor):
    TransferEvent = apps.get_model("transfers", "TransferEvent")
    for event in TransferEvent.objects.all().iterator():
        code, detail = BY_LABEL.get(event.action), ""
        if code is None:
            for prefix, prefixed in BY_PREFIX:
                if event.action.startswith(prefix):
                    code, detail = prefixed, event.action[len(prefix):]
                    break
        if code is None:
            code, detail = "supervision", event.action  # nothing else was ever written
        event.code = code
        event.note = "；".join(x for x in (detail, event.note) if x) if code != "document" else \
            " ".join(x for x in (detail, event.note) if x)
        event.save(update_fields=["code", "note"])


class Migration(migrations.Migration):

    dependencies = [
        ("transfers", "0002_seed_routing"),
    ]

    operations = [
        migrations.AddField(model_name="transferevent", name="code",
                            field=models.CharField(default="", max_length=40, verbose_name="事项"), preserve_default=False),
        migrations.RunPython(code_from_action, migrations.RunPython.noop),
        migrations.RemoveField(model_name="transferevent", name="action"),
    ]
