from django.urls import path

from liangfa.cooperation import views

urlpatterns = [
    path("", views.index, name="cooperation_index"),
    path("consult/", views.consult, name="consult"),
    path("consult/<int:pk>/answer/", views.consult_answer, name="consult_answer"),
    path("consult/<int:pk>/deadlines/", views.consultation_deadlines, name="consult_deadlines"),
    path("intervene/", views.intervene, name="intervene"),
    path("intervene/<int:pk>/", views.intervene_decide, name="intervene_decide"),
    path("assist/", views.assist, name="assist"),
    path("assist/<int:pk>/", views.assist_finish, name="assist_finish"),
    path("threads/new/", views.thread_new, name="thread_new"),
    path("threads/<int:pk>/", views.thread, name="cooperation_thread"),
]
