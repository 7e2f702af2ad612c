from django.urls import path

from . import owner_views, views

app_name = "owners"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("units/<int:pk>/history/", views.unit_history, name="unit-history"),
    path("units/<int:pk>/sections/<slug:key>/", views.unit_section, name="unit-section"),
    path("units/<int:pk>/documents/", views.document_upload, name="document-upload"),
    path("units/<int:pk>/registration.pdf", views.registration_pdf, name="registration-pdf"),
    path("documents/<int:pk>/file/", views.document_file, name="document-file"),
    path("owners/<int:pk>/", owner_views.owner_detail, name="owner-detail"),
    path("owners/<int:pk>/edit/", owner_views.owner_edit, name="owner-edit"),
    path("owners/<int:pk>/reveal-id/", owner_views.owner_reveal_id, name="owner-reveal-id"),
    path("units/<int:pk>/ownerships/add/", owner_views.ownership_add, name="ownership-add"),
    path("ownerships/<int:pk>/end/", owner_views.ownership_end, name="ownership-end"),
    path("units/<int:pk>/residents/add/", owner_views.resident_add, name="resident-add"),
    path("residents/<int:pk>/move-out/", owner_views.resident_move_out, name="resident-move-out"),
    path(
        "units/<int:pk>/authorizations/add/",
        owner_views.authorization_add,
        name="authorization-add",
    ),
]
