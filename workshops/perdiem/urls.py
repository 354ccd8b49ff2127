from django.urls import path

from . import views

app_name = "perdiem"

urlpatterns = [
    path("<int:pk>/", views.sheet, name="sheet"),
    path("<int:pk>/imprimer/", views.print_view, name="print"),
    path("<int:pk>/etat.<str:fmt>", views.export, name="export"),
    path("<int:pk>/paiement-mobile.csv", views.payout, name="payout"),
    path("<int:pk>/valider/", views.validate, name="validate"),
    path("<int:pk>/rouvrir/", views.reopen, name="reopen"),
]
