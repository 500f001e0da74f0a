from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "liangfa.review"
    label = "review"
    verbose_name = "网上办案与法制审核"

    def ready(self):
        from liangfa.cases.timeline import register
        from liangfa.review.timeline import flow_steps

        register(flow_steps)
        from liangfa.reports.annual import register_section
        from liangfa.review.reporting import reviews_section

        register_section("reviews", "法制审核、案件评议和不同意见", 20, reviews_section)
