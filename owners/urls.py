from django.urls import path

from .views import documents, owners, people, units

app_name = "owners"
urlpatterns = [
    path("search/", units.search, name="search"),
    path("units/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("units/<int:pk>/history/", units.unit_history, name="unit-history"),
    path("units/<int:pk>/sections/<slug:key>/", units.unit_section, name="unit-section"),
    path("units/<int:pk>/registration.pdf", units.registration_pdf, name="registration-pdf"),
    path("units/<int:pk>/documents/", documents.document_upload, name="document-upload"),
    path("documents/<int:pk>/file/", documents.document_file, name="document-file"),
    path("owners/<int:pk>/", owners.owner_detail, name="owner-detail"),
    path("owners/<int:pk>/edit/", owners.owner_edit, name="owner-edit"),
    path("owners/<int:pk>/reveal-id/", owners.owner_reveal_id, name="owner-reveal-id"),
    path("units/<int:pk>/ownerships/add/", people.ownership_add, name="ownership-add"),
    path("ownerships/<int:pk>/end/", people.ownership_end, name="ownership-end"),
    path("units/<int:pk>/residents/add/", people.resident_add, name="resident-add"),
    path("residents/<int:pk>/move-out/", people.resident_move_out, name="resident-move-out"),
    path(
        "units/<int:pk>/authorizations/add/",
        people.authorization_add,
        name="authorization-add",
    ),
]
