from django.urls import path

from .views import desk, gate

app_name = "releases"
urlpatterns = [
    path("", desk.slip_list, name="slips"),
    path("new/", desk.slip_new, name="slip-new"),
    path("new/unit/", desk.unit_check, name="unit-check"),
    path("items/<int:pk>/<slug:which>/", desk.item_photo, name="item-photo"),
    path("reconciliation/", desk.reconciliation, name="reconciliation"),
    path("<int:pk>/", desk.slip_detail, name="slip-detail"),
    path("<int:pk>/confirm/", desk.slip_confirm, name="slip-confirm"),
    path("<int:pk>/cancel/", desk.slip_cancel, name="slip-cancel"),
    path("<int:pk>/paper/", desk.slip_paper, name="slip-paper"),
    path("<int:pk>/slip.pdf", desk.slip_pdf, name="slip-pdf"),
    path("gate/", gate.gate, name="gate"),
    path("gate/<int:pk>/use/", gate.gate_use, name="gate-use"),
]
