from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from accounts.parties import views as party_views

from . import myspace, views
from .ground.notifications import views as notification_views

# The admin has no login form of its own: staff sign in through the site's rate-limited login.
admin.site.login = views.admin_login
admin.site.site_header = "MISP · Coproduction de la sécurité"
admin.site.site_title = "Administration · Coproduction Sécurité"
admin.site.index_title = "Ministère de l'Intérieur et de la Sécurité Publique"

# The person's own pages, named "accounts:…": the profile and the party sign-up belong to accounts;
# Mon espace, the data export and the deletion read every app, so they live here at the top.
accounts_urls = (
    [
        path("espace/", myspace.dashboard, name="dashboard"),
        path("espace/profil/", accounts_views.profile, name="profile"),
        path("espace/mes-donnees.json", myspace.data_export, name="data_export"),
        path("espace/supprimer-mon-compte/", myspace.account_delete, name="delete"),
        path("inscription/parti/", party_views.party_signup, name="party_signup"),
    ],
    "accounts",
)

# Outside the language prefix: machine endpoints and the staff back office (always French).
urlpatterns = [
    path("sante/", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("donnees/", include("workshops.opendata")),
    # Short links shared on social media: short, and the same whatever the language.
    path("r/", include("workshops.relay.short_urls")),
    # The SMS gateway's incoming-messages callback; its secret is in the address it is given.
    path("sms/entrants/<str:secret>/", notification_views.sms_inbound, name="sms_inbound"),
]

# French pages live at the root, English ones under /en/: the address alone decides the
# language, so a page can be cached per address and shared links keep their language.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("ateliers/", include("workshops.urls")),
    path("a/", include("workshops.short_urls")),
    path("rapports/", include("workshops.reports.urls")),
    path("communications/", include("workshops.library.urls")),
    path("relais/", include("workshops.relay.urls")),
    path("indemnites/", include("workshops.perdiem.urls")),
    path("questionnaire/", include("workshops.evaluation.urls")),
    path("compte/", include("allauth.urls")),
    path("", include(accounts_urls)),
    path("espace/parti/", include("accounts.parties.urls")),
    path("espace/suivi/", include("workshops.reports.followup.urls")),
    path("donnees-personnelles/", accounts_views.privacy, name="privacy"),
    path("rappels/", include("portal.ground.notifications.urls")),
    prefix_default_language=False,
)

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler429 = "portal.views.too_many_requests"  # not Django's: allauth's rate limits look it up here
handler500 = "portal.views.server_error"

if settings.BENCH_VIEWS:
    from . import bench_views

    urlpatterns += bench_views.urlpatterns

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
