from django.urls import path

from liangfa.parties import views

urlpatterns = [
    path("links/", views.link_list, name="link_list"),
    path("links/<int:pk>/", views.link_decide, name="link_decide"),
]
