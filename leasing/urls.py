from django.urls import path

from .views import desk, prints

app_name = "leasing"
urlpatterns = [
    path("", desk.contract_list, name="list"),
    path("spaces/", desk.space_list, name="spaces"),
    path("spaces/new/", desk.space_new, name="space-new"),
    path("spaces/<int:pk>/", desk.space_detail, name="space"),
    path("spaces/<int:pk>/edit/", desk.space_edit, name="space-edit"),
    path("spaces/<int:pk>/photo/", desk.space_photo, name="space-photo"),
    path("lessees/new/", desk.lessee_new, name="lessee-new"),
    path("lessees/<int:pk>/", desk.lessee_detail, name="lessee"),
    path("lessees/<int:pk>/edit/", desk.lessee_edit, name="lessee-edit"),
    path("negotiations/new/", desk.negotiation_new, name="negotiation-new"),
    path("negotiations/<int:pk>/", desk.negotiation_detail, name="negotiation"),
    path("negotiations/<int:pk>/contact/", desk.contact_add, name="contact-add"),
    path("negotiations/<int:pk>/drop/", desk.negotiation_drop, name="negotiation-drop"),
    path("negotiations/<int:pk>/sign/", desk.contract_new, name="contract-new"),
    path("contracts/<int:pk>/", desk.contract_detail, name="contract"),
    path("contracts/<int:pk>/renew/", desk.contract_renew, name="contract-renew"),
    path("contracts/<int:pk>/summary.pdf", prints.summary_pdf, name="summary-pdf"),
    path("contracts/<int:pk>/pay/", desk.contract_pay, name="contract-pay"),
    path("contracts/<int:pk>/terminate/", desk.contract_terminate, name="contract-terminate"),
    path("contracts/<int:pk>/scans/", desk.scan_add, name="scan-add"),
    path("contracts/<int:pk>/supervision/", desk.supervision_add, name="supervision-add"),
    path(
        "supervisions/<int:pk>/rectified/",
        desk.supervision_rectified,
        name="supervision-rectified",
    ),
    path("contract-scans/<int:pk>/", prints.scan_file, name="scan"),
    path("supervision-photos/<int:pk>/", prints.supervision_photo, name="supervision-photo"),
    path("ledger/", prints.ledger, name="ledger"),
    path("ledger.pdf", prints.ledger_pdf, name="ledger-pdf"),
    path("ledger.xlsx", prints.ledger_xlsx, name="ledger-xlsx"),
]
