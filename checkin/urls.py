from django.urls import path

from .views import custody, movein

app_name = "checkin"
urlpatterns = [
    # custody (托管)
    path("custody/", custody.custody_list, name="custody-list"),
    path("custody/export.xlsx", custody.custody_export, name="custody-export"),
    path("custody/<int:pk>/", custody.custody_detail, name="custody-detail"),
    path("custody/<int:pk>/agreement.pdf", custody.agreement_pdf, name="custody-agreement"),
    path("custody/<int:pk>/end/", custody.custody_end, name="custody-end"),
    path("custody/<int:pk>/keys/", custody.key_take, name="key-take"),
    path("keys/<int:pk>/return/", custody.key_return, name="key-return"),
    path("units/<int:unit_id>/custody/new/", custody.custody_start, name="custody-start"),
    path("inspections/<int:pk>/record/", custody.inspection_record, name="inspection-record"),
    path("inspections/<int:pk>/order/", custody.inspection_open_order, name="inspection-order"),
    path("rain-warning/", custody.rain_warning, name="rain-warning"),
    path("inspection-photos/<int:pk>/", custody.inspection_photo, name="inspection-photo"),
    # move-in (入伙)
    path("move-in/", movein.movein_list, name="movein-list"),
    path("move-in/export.xlsx", movein.movein_export, name="movein-export"),
    path("units/<int:unit_id>/move-in/new/", movein.movein_new, name="movein-new"),
    path("move-in/<int:pk>/", movein.movein_detail, name="movein-detail"),
    path("move-in/<int:pk>/documents/", movein.document_receive, name="movein-document"),
    path("move-in/<int:pk>/agent/", movein.agent_register, name="movein-agent"),
    path("move-in/<int:pk>/waive/", movein.document_waive, name="movein-waive"),
    path("move-in/<int:pk>/registration/", movein.registration, name="movein-registration"),
    path("move-in/<int:pk>/agreements/", movein.agreements_sign, name="movein-agreements"),
    path("move-in/<int:pk>/handover/", movein.handover_record, name="movein-handover"),
    path("move-in/<int:pk>/fee/", movein.fee_charge, name="movein-fee"),
    path("move-in/<int:pk>/acceptance/", movein.acceptance, name="movein-acceptance"),
    path("move-in/<int:pk>/reinspection/", movein.reinspection_book, name="movein-reinspection"),
    path("move-in/<int:pk>/reinspection/result/", movein.reinspection_result, name="movein-result"),
    path("move-in/<int:pk>/complete/", movein.movein_complete, name="movein-complete"),
    path("move-in/<int:pk>/cancel/", movein.movein_cancel, name="movein-cancel"),
    path(
        "move-in/<int:pk>/registration.pdf",
        movein.registration_pdf,
        name="movein-registration-pdf",
    ),
    path("move-in/<int:pk>/handover.pdf", movein.handover_pdf, name="movein-handover-pdf"),
    path("move-in/<int:pk>/acceptance.pdf", movein.acceptance_pdf, name="movein-acceptance-pdf"),
    path("acceptance-photos/<int:pk>/", movein.acceptance_photo, name="acceptance-photo"),
]
