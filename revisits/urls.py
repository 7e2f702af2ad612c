from django.urls import path

from .views import kpi, plans, queue, reports, revisit, summary

app_name = "revisits"
urlpatterns = [
    path("", queue.revisit_list, name="revisit-list"),
    path("kpi/", kpi.kpi, name="kpi"),
    path("summary/", summary.monthly_summary, name="summary"),
    path("summary.pdf", summary.monthly_summary_pdf, name="summary-pdf"),
    path("reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/report.pdf", reports.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/<slug:step>/", reports.report_step, name="report-step"),
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/new/", plans.plan_new, name="plan-new"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("complaint/<int:complaint_id>/", revisit.for_complaint, name="for-complaint"),
    path("<int:pk>/", revisit.revisit_detail, name="revisit-detail"),
    path("<int:pk>/print.pdf", revisit.revisit_pdf, name="revisit-pdf"),
    path("<int:pk>/attempt/", revisit.attempt_new, name="attempt-new"),
    path("<int:pk>/record/", revisit.revisit_record, name="revisit-record"),
    path("<int:pk>/close/", revisit.revisit_close, name="revisit-close"),
    path("<int:pk>/exempt/", revisit.revisit_exempt, name="revisit-exempt"),
]
