from django.urls import path

from liangfa.cases import views

urlpatterns = [
    path("<int:pk>/grant/", views.case_grant, name="grant_access"),
    path("", views.case_list, name="case_list"),
    path("exports/", views.case_export, name="case_export"),
    path("exports/<int:pk>/", views.case_export_status, name="case_export_status"),
    path("exports/<int:pk>/download", views.case_export_download, name="case_export_download"),
    path("lookup/", views.case_lookup, name="case_lookup"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/status/", views.case_status, name="case_status"),
    path("<int:pk>/values/", views.case_text_value, name="case_text_value"),
    path("reread/", views.reread_page, name="reread_page"),
    path("reread/<int:pk>/", views.reread_status, name="reread_status"),
    path("import/", views.import_page, name="import_page"),
    path("import/template.xlsx", views.import_template_download, name="import_template"),
    path("import/<int:pk>/", views.import_batch, name="import_batch"),
    path("import/<int:pk>/rejected.xlsx", views.import_rejected, name="import_rejected"),
    path("import/<int:pk>/file", views.import_file, name="import_file"),
]
