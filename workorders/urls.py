from django.urls import path

from . import views

app_name = "workorders"
urlpatterns = [
    path("", views.order_list, {"queue": "all"}, name="order-list"),
    path("department/", views.order_list, {"queue": "department"}, name="department-queue"),
    path("awaiting-owner/", views.order_list, {"queue": "owner"}, name="owner-queue"),
    path("overdue/", views.order_list, {"queue": "overdue"}, name="overdue"),
    path("export.xlsx", views.order_export, name="order-export"),
    path("mine/", views.my_orders, name="my-orders"),
    path("new/", views.order_new, name="order-new"),
    path("<int:pk>/", views.order_detail, name="order-detail"),
    path("<int:pk>/print.pdf", views.order_pdf, name="order-pdf"),
    path("<int:pk>/<slug:step>/", views.order_step, name="order-step"),
    path("photos/<int:pk>/", views.photo_file, name="photo-file"),
]
