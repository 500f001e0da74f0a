"""The public site: /gk/ (公开), no login."""

from django.urls import path

from liangfa.portal import views_public as v

urlpatterns = [
    path("", v.home, name="gk_home"),
    path("yiju/", v.basis, name="gk_basis"),
    path("yiju/<slug:code>/", v.agency_basis, name="gk_agency_basis"),
    path("fagui/", v.law_search, name="gk_laws"),
    path("fagui/<slug:slug>/", v.law_detail, name="gk_law"),
    path("chengxu/", v.procedure_list, name="gk_procedures"),
    path("jieguo/", v.decisions, name="gk_decisions"),
    path("jieguo/chehui/", v.withdrawn_list, name="gk_withdrawn"),
    path("jieguo/<int:pk>/", v.decision_detail, name="gk_decision"),
    path("shuju/", v.open_data, name="gk_open_data"),
    path("shuju/<slug:code>/<int:year>.<str:fmt>", v.data_file, name="gk_data_file"),
    path("jindu/", v.progress, name="gk_progress"),
    path("fuwu/", v.service_index, name="gk_services"),
    path("fuwu/yuyue/", v.appointment, name="gk_appointment"),
    path("fuwu/chaxun/", v.lookup, name="gk_lookup"),
    path("fuwu/chaxun/pingjia/", v.rate, name="gk_rate"),
    path("fuwu/chaxun/quxiao/", v.cancel, name="gk_cancel"),
    path("fuwu/<slug:slug>/", v.service_form, name="gk_service"),
    path("tingzheng/", v.hearings, name="gk_hearings"),
]
