from django.urls import path

from liangfa.agencies import views

urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("users/", views.user_list, name="user_list"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("<slug:code>/", views.agency_detail, name="agency_detail"),
]
