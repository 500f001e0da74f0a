from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from liangfa.agencies import account
from liangfa.agencies.auth import LockoutAuthenticationForm
from liangfa.api import api
from liangfa.desk import views as desk_views

urlpatterns = [
    path("", desk_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(authentication_form=LockoutAuthenticationForm,
                                               template_name="login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", account.password_change, name="account_password"),
    path("account/otp/", account.otp, name="account_otp"),
    path("audit/reads/", desk_views.read_receipts, name="read_receipts"),
    path("cases/", include("liangfa.cases.urls")),
    path("parties/<int:pk>/", desk_views.party_detail, name="party_detail"),
    path("parties/", include("liangfa.parties.urls")),
    path("agencies/", include("liangfa.agencies.urls")),
    path("transfers/", include("liangfa.transfers.urls")),
    path("clock/", include("liangfa.clock.urls")),
    path("clues/", include("liangfa.screening.urls")),
    path("supervision/", include("liangfa.supervision.urls")),
    path("cooperation/", include("liangfa.cooperation.urls")),
    path("reports/", include("liangfa.reports.urls")),
    path("review/", include("liangfa.review.urls")),
    path("evaluation/", include("liangfa.evaluation.urls")),
    path("meetings/", include("liangfa.meetings.urls")),
    path("decisions/", include("liangfa.decisions.urls")),
    path("portal/", include("liangfa.portal.urls_office")),
    path("gk/", include("liangfa.portal.urls_public")),
    path("dossiers/", include("liangfa.dossiers.urls")),
    path("accountability/", include("liangfa.accountability.urls")),
    path("api/", api.urls),
    # One login for the whole site: Django admin's own login form would bypass the lockout and the code.
    path("django-admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("django-admin/", admin.site.urls),
]
