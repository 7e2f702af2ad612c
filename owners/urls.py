from django.urls import path

from . import views

app_name = "owners"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("units/<int:pk>/documents/", views.document_upload, name="document-upload"),
    path("units/<int:pk>/registration.pdf", views.registration_pdf, name="registration-pdf"),
    path("documents/<int:pk>/file/", views.document_file, name="document-file"),
]
