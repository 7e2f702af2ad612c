from django.urls import path

from . import views, views_calls, views_visits

app_name = "reception"
urlpatterns = [
    *views_calls.urlpatterns,
    *views_visits.urlpatterns,
    path("units/pick/", views.unit_pick_search, name="unit-pick-search"),
    path("units/pick/none/", views.unit_unpick, name="unit-unpick"),
    path("units/<int:pk>/pick/", views.unit_pick, name="unit-pick"),
]
