from django.urls import path

from liangfa.parties import views

urlpatterns = [path("<int:pk>/", views.party_detail, name="party_detail")]
