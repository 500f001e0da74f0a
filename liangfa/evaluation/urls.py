from django.urls import path

from liangfa.evaluation import views

urlpatterns = [
    path("", views.evaluation_list, name="evaluation_list"),
    path("indicators/", views.indicators, name="evaluation_indicators"),
    path("corrections/", views.correction_list, name="correction_list"),
    path("corrections/<int:pk>/done/", views.correction_done, name="correction_done"),
    path("samples/<int:pk>/", views.sample_detail, name="sample_detail"),
    path("samples/<int:pk>/act/<slug:action>/", views.sample_act, name="sample_act"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("<int:pk>/act/<slug:action>/", views.evaluation_act, name="evaluation_act"),
    path("<int:pk>/export.<str:fmt>", views.evaluation_export, name="evaluation_export"),
]
