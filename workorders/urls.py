from django.urls import path

from .views import orders, queues

app_name = "workorders"
urlpatterns = [
    path("", queues.order_list, {"queue": "all"}, name="order-list"),
    path("department/", queues.order_list, {"queue": "department"}, name="department-queue"),
    path("awaiting-owner/", queues.order_list, {"queue": "owner"}, name="owner-queue"),
    path("overdue/", queues.order_list, {"queue": "overdue"}, name="overdue"),
    path("export.xlsx", queues.order_export, name="order-export"),
    path("mine/", queues.my_orders, name="my-orders"),
    path("new/", orders.order_new, name="order-new"),
    path("<int:pk>/", orders.order_detail, name="order-detail"),
    path("<int:pk>/print.pdf", orders.order_pdf, name="order-pdf"),
    path("<int:pk>/<slug:step>/", orders.order_step, name="order-step"),
    path("photos/<int:pk>/", orders.photo_file, name="photo-file"),
]
