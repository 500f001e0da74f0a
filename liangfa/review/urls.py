from django.urls import path

from liangfa.review import views

urlpatterns = [
    path("", views.handled_list, name="handled_list"),
    path("new/", views.handled_new, name="handled_new"),
    path("spot/", views.on_the_spot, name="on_the_spot"),
    path("policy/", views.policy_page, name="review_policy"),
    path("dissents/", views.dissent_register, name="dissent_register"),
    path("files/<int:pk>/", views.file_download, name="handled_file"),
    path("<int:pk>/", views.handled_detail, name="handled_detail"),
    path("<int:pk>/act/<slug:action>/", views.handled_act, name="handled_act"),
]
