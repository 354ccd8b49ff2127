from django.urls import path

from . import views
from .parties import views as party_views

app_name = "accounts"

urlpatterns = [
    path("espace/", views.dashboard, name="dashboard"),
    path("espace/profil/", views.profile, name="profile"),
    path("espace/mes-donnees.json", views.data_export, name="data_export"),
    path("espace/supprimer-mon-compte/", views.account_delete, name="delete"),
    path("inscription/parti/", party_views.party_signup, name="party_signup"),
]
