from django.urls import path

from liangfa.clock import views

urlpatterns = [
    path("", views.dashboard, name="clock_dashboard"),
    path("calculator/", views.calculator, name="clock_calculator"),
    path("rules/", views.rules, name="clock_rules"),
    path("calendar/", views.calendar_years, name="clock_calendar"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
