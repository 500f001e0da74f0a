from django.urls import path

from liangfa.reports import views

urlpatterns = [
    path("", views.bulletin, name="bulletin"),
    path("gap/", views.gap, name="gap"),
    path("annual/", views.annual, name="annual_report"),
]
