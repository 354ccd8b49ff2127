from django.urls import path

from . import views

app_name = "parties"

urlpatterns = [
    path("delegues/", views.delegate_list, name="delegate_list"),
    path("delegues/ajouter/", views.delegate_create, name="delegate_create"),
    path("delegues/importer/", views.delegate_import, name="delegate_import"),
    path("delegues/importer/confirmer/", views.delegate_import_confirm, name="delegate_import_confirm"),
    path("delegues/modele.csv", views.delegate_template, name="delegate_template"),
    path("delegues/<int:pk>/modifier/", views.delegate_update, name="delegate_update"),
    path("delegues/<int:pk>/archiver/", views.delegate_archive, name="delegate_archive"),
    path("delegues/<int:pk>/retablir/", views.delegate_restore, name="delegate_restore"),
    path("delegues/<int:pk>/supprimer/", views.delegate_delete, name="delegate_delete"),
    path("responsables/", views.official_list, name="official_list"),
    path("responsables/<int:pk>/role/", views.official_set_role, name="official_set_role"),
    path("responsables/<int:pk>/retirer/", views.official_remove, name="official_remove"),
    path("invitations/<int:pk>/annuler/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
