from django.urls import path

from .views import complaints, lists, stats

app_name = "complaints"
urlpatterns = [
    path("", lists.complaint_list, {"queue": "open"}, name="complaint-list"),
    path("all/", lists.complaint_list, {"queue": "all"}, name="all"),
    path("overdue/", lists.complaint_list, {"queue": "overdue"}, name="overdue"),
    path("department/", lists.complaint_list, {"queue": "department"}, name="department-queue"),
    path("new/", complaints.complaint_new, name="complaint-new"),
    path("statistics/", stats.complaint_stats, name="stats"),
    path("statistics.xlsx", stats.complaint_stats_export, name="stats-export"),
    path("statistics.pdf", stats.complaint_stats_pdf, name="stats-pdf"),
    path("<int:pk>/", complaints.complaint_detail, name="complaint-detail"),
    path("<int:pk>/record.pdf", complaints.complaint_pdf, name="complaint-pdf"),
    path("<int:pk>/<slug:action>/", complaints.complaint_step, name="complaint-step"),
    path("files/<int:pk>/", complaints.complaint_file, name="complaint-file"),
]
