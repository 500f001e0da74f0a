"""The back office of the public site: /portal/, behind login."""

from django.urls import path

from liangfa.portal import views_office as v

urlpatterns = [
    path("", v.index, name="office_index"),
    path("publications/", v.publications, name="office_publications"),
    path("publications/publish-due/", v.publish_due, name="office_publish_due"),
    path("publications/<int:pk>/", v.publication_detail, name="office_publication"),
    path("publications/<int:pk>/act/<slug:action>/", v.publication_act, name="office_publication_act"),
    path("requests/", v.requests, name="office_requests"),
    path("requests/new/", v.request_new, name="office_request_new"),
    path("requests/<int:pk>/", v.request_detail, name="office_request"),
    path("requests/<int:pk>/act/<slug:action>/", v.request_act, name="office_request_act"),
    path("requests/<int:pk>/attachment/", v.request_attachment, name="office_request_attachment"),
    path("stats/", v.statistics, name="office_stats"),
    path("hearings/", v.hearings, name="office_hearings"),
    path("hearings/<int:pk>/", v.hearing_act, name="office_hearing_act"),
    path("slots/", v.slots, name="office_slots"),
    path("items/", v.items, name="office_items"),
    path("tracking/", v.tracking_codes, name="office_tracking"),
    path("tracking/issue/<int:case_id>/", v.tracking_issue, name="office_tracking_issue"),
    path("tracking/<int:pk>/notice/", v.tracking_notice, name="office_tracking_notice"),
]
