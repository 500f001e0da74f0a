from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "liangfa.meetings"
    label = "meetings"
    verbose_name = "联席会议与会商"

    def ready(self):
        from liangfa.cases.timeline import register
        from liangfa.meetings.conference import conference_steps
        from liangfa.meetings.reporting import meetings_section, training_section
        from liangfa.reports.annual import register_section

        register(conference_steps)
        from liangfa.meetings.evidence import missing_for_stage
        from liangfa.transfers.package import AGREED_EVIDENCE_SOURCES

        if missing_for_stage not in AGREED_EVIDENCE_SOURCES:
            AGREED_EVIDENCE_SOURCES.append(missing_for_stage)
        register_section("meetings", "联席会议和议定事项", 80, meetings_section)
        register_section("training", "培训和专题研讨", 90, training_section)
