from django.urls import path

from .views import calls, units, visits

app_name = "reception"
urlpatterns = [
    path("calls/", calls.call_list, name="calls"),
    path("calls/export.xlsx", calls.call_export, name="calls-export"),
    path("calls/new/", calls.call_new, name="call-new"),
    path("calls/<int:pk>/", calls.call_detail, name="call-detail"),
    path("calls/<int:pk>/route/", calls.call_route, name="call-route"),
    path("calls/<int:pk>/reply/", calls.call_reply, name="call-reply"),
    path("calls/<int:pk>/work-order/", calls.call_to_work_order, name="call-work-order"),
    path("calls/<int:pk>/convert/<slug:action>/", calls.call_convert, name="call-convert"),
    path("visits/", visits.visit_list, name="visits"),
    path("visits/export.xlsx", visits.visit_export, name="visits-export"),
    path("visits/on-site/", visits.on_site, name="on-site"),
    path("visits/new/", visits.visit_new, name="visit-new"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/left/", visits.visit_left, name="visit-left"),
    path("visits/<int:pk>/reveal-id/", visits.visit_reveal_id, name="visit-reveal-id"),
    path("visits/<int:pk>/badge.pdf", visits.visit_badge, name="visit-badge"),
    path("units/pick/", units.unit_pick_search, name="unit-pick-search"),
    path("units/pick/none/", units.unit_unpick, name="unit-unpick"),
    path("units/<int:pk>/pick/", units.unit_pick, name="unit-pick"),
]
