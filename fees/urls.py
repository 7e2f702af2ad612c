from . import views_arrears, views_collection, views_payments

app_name = "fees"
urlpatterns = [
    *views_payments.urlpatterns,
    *views_arrears.urlpatterns,
    *views_collection.urlpatterns,
]
