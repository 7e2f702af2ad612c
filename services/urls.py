from django.urls import path

from .views import desk, prints

app_name = "services"
urlpatterns = [
    path("", desk.service_list, name="list"),
    path("new/", desk.service_new, name="new"),
    path("catalogue/", desk.catalogue, name="catalogue"),
    path("catalogue.pdf", prints.announcement_pdf, name="announcement-pdf"),
    path("mine/", desk.mine, name="mine"),
    path("report/", desk.report, name="report"),
    path("report/export.xlsx", desk.report_export, name="report-export"),
    path("<int:pk>/", desk.service_detail, name="detail"),
    path("<int:pk>/agreement/", desk.agreement, name="agreement"),
    path("<int:pk>/agreement.pdf", prints.agreement_pdf, name="agreement-pdf"),
    path("<int:pk>/scan/", prints.scan, name="scan"),
    path("<int:pk>/dispatch/", desk.dispatch, name="dispatch"),
    path("<int:pk>/done/", desk.done, name="done"),
    path("<int:pk>/accept/", desk.accept, name="accept"),
    path("<int:pk>/reject/", desk.reject, name="reject"),
    path("<int:pk>/charge/", desk.charge, name="charge"),
    path("<int:pk>/cancel/", desk.cancel, name="cancel"),
]
