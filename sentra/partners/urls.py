app_name = "partners"
urlpatterns = []
