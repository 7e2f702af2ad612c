from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

# The 500 page shows the request id (the default one renders without any context).
handler500 = "frontdesk.errorpages.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("estate/", views.estate_switch, name="estate-switch"),
    path("panels/<slug:key>/", views.today_panel, name="today-panel"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/file/", views.job_file, name="job-file"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications-read"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/lockouts/", views.signin_lockouts, name="signin-lockouts"),
    path("accounts/lockouts/unlock/", views.signin_unlock, name="signin-unlock"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("owners.urls")),
    path("fees/", include("fees.urls")),
    path("orders/", include("workorders.urls")),
    path("reception/", include("reception.urls")),
    path("checkin/", include("checkin.urls")),
    path("complaints/", include("complaints.urls")),
    path("revisits/", include("revisits.urls")),
    path("releases/", include("releases.urls")),
    path("surveys/", include("surveys.urls")),
    path("renovation/", include("renovation.urls")),
    path("imports/", include("imports.urls")),
    path("leasing/", include("leasing.urls")),
    path("services/", include("services.urls")),
    path("inspections/", include("inspections.urls")),
    path("activities/", include("activities.urls")),
    path("admin/", admin.site.urls),
]
