app_name = "reception"
urlpatterns: list = []
