from django.urls import path

from liangfa.supervision import views

urlpatterns = [
    path("", views.index, name="supervision_index"),
    path("new/", views.new, name="supervision_new"),
    path("<int:pk>/", views.detail, name="supervision_detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="supervision_act"),
    path("documents/<int:doc_id>/", views.document, name="supervision_document"),
    path("opinions/new/", views.opinion_new, name="opinion_new"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("delay/<int:transfer_id>/", views.query_delay, name="query_delay"),
    path("delay/answer/<int:pk>/", views.answer_delay, name="answer_delay"),
]
