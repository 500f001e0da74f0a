from django.urls import path

from liangfa.meetings import views, views_cases, views_training

urlpatterns = [
    path("", views.index, name="meetings_index"),
    path("new/", views.schedule, name="meeting_schedule"),
    path("<int:pk>/", views.detail, name="meeting_detail"),
    path("<int:pk>/act/<str:step>/", views.act, name="meeting_act"),
    path("actions/<int:pk>/close/", views.close_action, name="action_close"),
    path("conferences/", views_cases.conferences, name="conferences"),
    path("conferences/new/", views_cases.conference_new, name="conference_new"),
    path("conferences/<int:pk>/", views_cases.conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/<str:step>/", views_cases.conference_act, name="conference_act"),
    path("standards/", views_cases.standards, name="standards"),
    path("standards/new/", views_cases.standard_add, name="standard_add"),
    path("standards/<int:pk>/retire/", views_cases.standard_retire, name="standard_retire"),
    path("library/", views_cases.case_library, name="case_library"),
    path("library/new/", views_cases.library_add, name="library_add"),
    path("training/", views_training.index, name="training_index"),
    path("training/new/", views_training.hold, name="training_hold"),
    path("training/<int:pk>/", views_training.detail, name="training_detail"),
    path("training/<int:pk>/test/", views_training.test, name="training_test"),
]
