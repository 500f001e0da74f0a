from django.urls import path

from liangfa.accountability import views

urlpatterns = [
    path("", views.index, name="accountability_index"),
    path("new/", views.new, name="accountability_new"),
    path("<int:pk>/", views.detail, name="accountability_detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="accountability_act"),
]
