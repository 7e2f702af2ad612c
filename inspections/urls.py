from django.urls import path

from .views import pages, reports

app_name = "inspections"
urlpatterns = [
    path("", pages.my_rounds, name="mine"),
    path("plan/", pages.plan, name="plan"),
    path("qr.pdf", reports.qr_sheet, name="qr-sheet"),
    path("report/", reports.report, name="report"),
    path("report.pdf", reports.report_pdf, name="report-pdf"),
    path("report.xlsx", reports.report_export, name="report-export"),
    path("nonconformities/", pages.nonconformity_list, name="nonconformities"),
    path("rounds/<int:pk>/", pages.round_detail, name="round"),
    path("rounds/<int:pk>/visit/", pages.visit, name="visit"),
    path("rounds/<int:pk>/excuse/", pages.excuse, name="excuse"),
    path("rounds/<int:pk>/reassign/", pages.reassign, name="reassign"),
    path("rounds/<int:pk>/record/", pages.record, name="record"),
    path("rounds/<int:pk>/complete/", pages.complete, name="complete"),
    path("places/<int:pk>/visit/", pages.place_visit, name="place-visit"),
    path("nonconformities/<int:pk>/", pages.nonconformity_detail, name="nonconformity"),
    path("nonconformities/<int:pk>/handle/", pages.handle, name="handle"),
    path("nonconformities/<int:pk>/sheet/", pages.sheet, name="sheet"),
    path("nonconformities/<int:pk>/follow-up/", pages.follow_up, name="follow-up"),
    path("round-photos/<int:pk>/", pages.photo, name="photo"),
]
