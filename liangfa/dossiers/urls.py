from django.urls import path

from liangfa.dossiers import views

urlpatterns = [
    path("", views.index, name="dossier_index"),
    path("new/", views.new, name="dossier_new"),
    path("<int:pk>/", views.detail, name="dossier_detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="dossier_act"),
    path("materials/<int:pk>/", views.material, name="dossier_material"),
]
