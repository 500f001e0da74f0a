from django.urls import path

from liangfa.transfers import outcome_views, views

urlpatterns = [
    path("", views.transfer_list, name="transfer_list"),
    path("new/<int:case_id>/", views.transfer_new, name="transfer_new"),
    path("<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("<int:pk>/act/<slug:action>/", views.transfer_act, name="transfer_act"),
    path("<int:pk>/documents/<int:doc_id>/", views.transfer_document, name="transfer_document"),
    path("routing/", views.routing, name="transfer_routing"),
    path("reverse/", views.reverse_list, name="reverse_list"),
    path("reverse/new/", views.reverse_new, name="reverse_new"),
    path("reverse/<int:pk>/", views.reverse_detail, name="reverse_detail"),
    path("outcomes/", outcome_views.outcome_list, name="outcome_list"),  # 刑事诉讼结果 (court)
]
