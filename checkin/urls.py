from django.urls import path

from . import views, views_movein

app_name = "checkin"
urlpatterns = [
    path("custody/", views.custody_list, name="custody-list"),
    path("custody/<int:pk>/", views.custody_detail, name="custody-detail"),
    path("custody/<int:pk>/agreement.pdf", views.agreement_pdf, name="custody-agreement"),
    path("custody/<int:pk>/end/", views.custody_end, name="custody-end"),
    path("custody/<int:pk>/keys/", views.key_take, name="key-take"),
    path("keys/<int:pk>/return/", views.key_return, name="key-return"),
    path("units/<int:unit_id>/custody/new/", views.custody_start, name="custody-start"),
    path("inspections/<int:pk>/record/", views.inspection_record, name="inspection-record"),
    path("inspections/<int:pk>/order/", views.inspection_open_order, name="inspection-order"),
    path("rain-warning/", views.rain_warning, name="rain-warning"),
    path("inspection-photos/<int:pk>/", views.inspection_photo, name="inspection-photo"),
    path("acceptance-photos/<int:pk>/", views.acceptance_photo, name="acceptance-photo"),
    *views_movein.urlpatterns,
]
