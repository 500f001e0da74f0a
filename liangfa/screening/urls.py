from django.urls import path

from liangfa.screening import views

urlpatterns = [
    path("", views.clue_list, name="clue_list"),
    path("<int:pk>/", views.clue_detail, name="clue_detail"),
    path("<int:pk>/to/<slug:to>/", views.clue_act, name="clue_act"),
    path("rules/", views.rules, name="screening_rules"),
    path("tax/<int:case_pk>/", views.tax_notice, name="tax_notice"),
]
