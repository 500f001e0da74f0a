from django.urls import path

from liangfa.decisions import views

urlpatterns = [
    path("", views.index, name="decisions_index"),
    path("new/", views.add, name="decision_add"),
    path("catalogue/<int:pk>/publish/", views.publish_catalogue, name="catalogue_publish"),
    path("<int:pk>/", views.detail, name="decision_detail"),
    path("<int:pk>/act/<str:step>/", views.act, name="decision_act"),
    path("advisers/", views.advisers, name="advisers"),
    path("advisers/new/", views.engage, name="adviser_engage"),
    path("advisers/opinion/", views.case_opinion, name="adviser_case_opinion"),
]
