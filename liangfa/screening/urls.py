from django.urls import path

from liangfa.screening import change_views, views

urlpatterns = [
    path("", views.clue_list, name="clue_list"),
    path("network/", views.network_clue_list, name="network_clue_list"),
    path("network/<int:pk>/", views.network_clue_detail, name="network_clue_detail"),
    path("network/<int:pk>/decide/", views.network_clue_decide, name="network_clue_decide"),
    path("<int:pk>/", views.clue_detail, name="clue_detail"),
    path("<int:pk>/to/<slug:to>/", views.clue_act, name="clue_act"),
    path("rules/", views.rules, name="screening_rules"),
    path("tax/<int:case_pk>/", views.tax_notice, name="tax_notice"),
    path("rules/changes/", change_views.change_list, name="rule_changes"),
    path("rules/changes/<int:pk>/", change_views.change_detail, name="rule_change"),
    path("rules/changes/<int:pk>/activate/", change_views.change_activate, name="rule_change_activate"),
    path("rules/changes/<int:pk>/retest/", change_views.change_retest, name="rule_change_retest"),
]
