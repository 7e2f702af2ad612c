from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/", views.batch_new, name="new"),
    path("templates/<str:kind>.csv", views.template, name="template"),
    path("<int:pk>/", views.batch_detail, name="detail"),
    path("<int:pk>/check/", views.batch_check, name="check"),
    path("<int:pk>/confirm/", views.batch_confirm, name="confirm"),
    path("<int:pk>/rejected.csv", views.rejected, name="rejected"),
    path("units/<int:unit_id>/past-payments/", views.past_payments, name="past-payments"),
]
