"""Every address of the site × every role → the expected answer.

The URL conf is enumerated, so a new page without an expectation here fails the test: nobody adds
a page unguarded. Path parameters come from `access_world` (tests/plugins/access.py); where an id may
belong to the visitor or to somebody else, each owner is a case of its own. Each request runs in
a savepoint rolled back afterwards, so that what one role does (a download counted, a form
shown) cannot change what the next one sees.

Answers: a status code, or "login" for a redirect to the site's login page.
"""

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

pytestmark = pytest.mark.django_db

ROLES = [
    "anonyme",
    "média inscrit",
    "média non inscrit",
    "responsable",
    "membre",
    "autre parti",
    "lecteur",
    "éditeur",
    "organisateur",
    "superutilisateur",
    "destinataire",
    "autre destinataire",
]
STAFF = ["lecteur", "éditeur", "organisateur", "superutilisateur"]
OFFICIALS_A = ["responsable", "membre"]
# Members of two addressee organisations of recommendations: each reaches only its own.
ADDRESSEES = {"ours": "destinataire", "theirs": "autre destinataire"}

# The back office is tested on its own (tests/workshops/admin/; the delivery log per staff group is
# DELIVERY_LOG in tests/workshops/admin/test_admin_permissions.py): its pages are listed here as
# excluded, so that the enumeration below still accounts for every address.
EXCLUDED_PREFIXES = ["admin/"]


def everyone(answer=200):
    return dict.fromkeys(ROLES, answer)


def signed_in(answer=200):
    """Anonymous visitors go to the login page; every signed-in role gets `answer`."""
    return everyone(answer) | {"anonyme": "login"}


def only(roles, answer=200, others=404):
    """`roles` get `answer`; other signed-in roles `others`; anonymous visitors the login page."""
    return {role: answer if role in roles else others for role in ROLES} | {"anonyme": "login"}


@dataclass(frozen=True)
class Case:
    name: str  # the URL's name, namespaced
    variant: str  # whose object fills the path
    kwargs: object  # world -> kwargs for reverse()
    expected: dict  # role -> answer
    method: str = "get"
    url: str = ""  # for an unnamed route: the address itself
    data: object = None  # world -> the form posted


def _world(**kwargs):
    return lambda world: {key: value(world) for key, value in kwargs.items()}


NONE = _world()
SLUG = _world(slug=lambda w: w.workshop.slug)


def _relay_code(world):
    """The enrolled media actor's short link for the public communication (made on first use)."""
    from workshops.relay.services import relay_links_ensure

    communication = world.communications["public"]
    return relay_links_ensure(actor=world.users["média inscrit"], communications=[communication])[
        communication.pk
    ].code


def _enrollment(attribute):
    return _world(pk=lambda w: getattr(w, attribute).pk)


def post_only(name, variant, kwargs, expected):
    """A page that only takes a form: GET is refused to everybody, POST answers by role."""
    return [Case(name, variant, kwargs, everyone(405)), Case(name, variant, kwargs, expected, method="post")]


STAFF_ONLY = {role: 200 if role in STAFF else 404 for role in ROLES}
SIGNED_IN_MOVE_ON = everyone(302) | {"anonyme": 200}
# Whose enrollment (convocation, certificate) or delegate: who may open it.
OWNERS = {"media": ["média inscrit"], "party": OFFICIALS_A, "other": ["autre parti"]}
MANAGERS = {"party": "responsable", "other": "autre parti"}
# People's data (attendance) is for every staff group but the éditeur (communications, reports).
ATTENDANCE_READERS = [role for role in STAFF if role != "éditeur"]


CASES = [
    # --- Machine endpoints and open data (outside the language prefix) ---
    Case("health", "", NONE, everyone()),
    Case("opendata:catalogue", "", NONE, everyone()),
    Case("opendata:datapackage", "", NONE, everyone()),
    Case(
        "opendata:dataset", "json", _world(name=lambda w: "ateliers", extension=lambda w: "json"), everyone()
    ),
    Case(
        "opendata:dataset",
        "csv",
        _world(name=lambda w: "recommandations", extension=lambda w: "csv"),
        everyone(),
    ),
    Case(
        "opendata:dataset",
        "inconnu",
        _world(name=lambda w: "personnes", extension=lambda w: "json"),
        everyone(404),
    ),
    # --- Public pages ---
    Case("home", "", NONE, everyone()),
    Case("privacy", "", NONE, everyone()),
    Case("workshops:catalogue", "", NONE, everyone()),
    Case("workshops:calendar_feed", "", NONE, everyone()),
    Case("workshops:detail", "", SLUG, everyone()),
    Case("workshops:ics", "", SLUG, everyone()),
    Case("workshops:verify_certificate", "valide", _world(code=lambda w: w.certificate.code), everyone()),
    Case("workshops:verify_certificate", "inconnu", _world(code=lambda w: "ZZZZ-ZZZZ"), everyone(404)),
    Case("reports:index", "", NONE, everyone()),
    Case("reports:tracker", "", NONE, everyone()),
    Case("reports:detail", "publié", _world(slug=lambda w: w.report.workshop.slug), everyone()),
    # Staff preview a draft report at its future address; nobody else knows it exists.
    Case("reports:detail", "brouillon", _world(slug=lambda w: w.draft_report.workshop.slug), STAFF_ONLY),
    Case("reports:pdf", "publié", _world(slug=lambda w: w.report.workshop.slug), everyone()),
    Case("reports:pdf", "brouillon", _world(slug=lambda w: w.draft_report.workshop.slug), STAFF_ONLY),
    Case("library:index", "", NONE, everyone()),
    Case("library:speaker", "", _world(slug=lambda w: w.speaker.slug), everyone()),
    # A participants-only communication is listed to all, its files are not; a staff-only one
    # does not exist outside the staff.
    *[
        Case(
            "library:detail",
            visibility,
            _world(slug=lambda w, v=visibility: w.communications[v].slug),
            everyone(),
        )
        for visibility in ("public", "participants")
    ],
    Case("library:detail", "staff", _world(slug=lambda w: w.communications["staff"].slug), STAFF_ONLY),
    Case("library:file", "public", _world(public_id=lambda w: w.files["public"].public_id), everyone()),
    Case(
        "library:file",
        "participants",
        _world(public_id=lambda w: w.files["participants"].public_id),
        signed_in() | dict.fromkeys(["média non inscrit", *ADDRESSEES.values()], 403),
    ),
    Case("library:file", "staff", _world(public_id=lambda w: w.files["staff"].public_id), STAFF_ONLY),
    Case("library:workshop_zip", "", SLUG, everyone()),
    # --- Enrollment, convocations, certificates, check-in ---
    Case("workshops:media_enroll", "", SLUG, signed_in()),
    Case("workshops:party_enroll", "", SLUG, only(OFFICIALS_A + ["autre parti"])),
    Case("workshops:party_convocations", "", SLUG, only(OFFICIALS_A + ["autre parti"])),
    # A convocation belongs to the person or to the delegate's party; the certificate too: its
    # owner downloads it once issued (the media actor's is), and is told why otherwise (403).
    *[
        Case("workshops:convocation", owner, _enrollment(f"{owner}_enrollment"), only(OWNERS[owner]))
        for owner in OWNERS
    ],
    *[
        Case(
            "workshops:certificate",
            owner,
            _enrollment(f"{owner}_enrollment"),
            only(OWNERS[owner], 200 if owner == "media" else 403),
        )
        for owner in OWNERS
    ],
    Case(
        "workshops:checkin",
        "",
        _world(pk=lambda w: w.workshop.pk),
        only(["organisateur", "superutilisateur"], others=403),
    ),
    *[
        Case(
            "workshops:attendance_sheet",
            fmt,
            _world(pk=lambda w: w.workshop.pk, fmt=lambda w, f=fmt: f),
            only(ATTENDANCE_READERS, others=403),
        )
        for fmt in ("csv", "xlsx")
    ],
    Case(
        "workshops:attendance_sheet",
        "pdf",
        _world(pk=lambda w: w.workshop.pk, fmt=lambda w: "pdf"),
        only(ATTENDANCE_READERS, 404, others=403),
    ),
    # --- Accounts (allauth and Mon espace) ---
    # Signed-in people are sent on from the log-in and sign-up pages.
    Case("account_login", "", NONE, SIGNED_IN_MOVE_ON),
    Case("account_logout", "", NONE, everyone() | {"anonyme": 302}),
    Case("account_inactive", "", NONE, everyone()),
    Case("account_signup", "", NONE, SIGNED_IN_MOVE_ON),
    Case("account_reauthenticate", "", NONE, signed_in()),
    Case("account_email", "", NONE, signed_in()),
    Case("account_email_verification_sent", "", NONE, everyone()),
    Case("account_change_password", "", NONE, signed_in()),
    Case("account_set_password", "", NONE, signed_in(302)),  # they all have a password
    Case("account_reset_password", "", NONE, everyone()),
    Case("account_confirm_login_code", "", NONE, everyone(302)),  # no code was asked for: back to the log-in
    Case("account_confirm_email", "inconnue", _world(key=lambda w: "cle-inconnue"), everyone()),
    Case("account_reset_password_from_key_done", "", NONE, everyone()),
    Case(
        "account_reset_password_from_key",
        "inconnue",
        _world(uidb36=lambda w: "1", key=lambda w: "cle-inconnue"),
        everyone(),
    ),
    Case("account_reset_password_done", "", NONE, everyone()),
    Case("accounts:dashboard", "", NONE, signed_in()),
    Case("accounts:profile", "", NONE, signed_in()),
    Case("accounts:data_export", "", NONE, signed_in()),
    Case("accounts:delete", "", NONE, signed_in()),
    Case("accounts:party_signup", "", NONE, SIGNED_IN_MOVE_ON),
    # --- A party's own pages ---
    Case("parties:delegate_list", "", NONE, only(OFFICIALS_A + ["autre parti"])),
    Case("parties:delegate_create", "", NONE, only(["responsable", "autre parti"])),
    Case("parties:delegate_import", "", NONE, only(["responsable", "autre parti"])),
    *post_only("parties:delegate_import_confirm", "", NONE, only(["responsable", "autre parti"], 302)),
    Case("parties:delegate_template", "", NONE, only(OFFICIALS_A + ["autre parti"])),
    *[
        Case(
            f"parties:delegate_{action}",
            owner,
            _world(pk=lambda w, o=owner: getattr(w, f"{o}_delegate").pk),
            only([MANAGERS[owner]]),
        )
        for action in ("update", "delete")
        for owner in MANAGERS
    ],
    *[
        case
        for action in ("archive", "restore")
        for owner in MANAGERS
        for case in post_only(
            f"parties:delegate_{action}",
            owner,
            _world(pk=lambda w, o=owner: getattr(w, f"{o}_delegate").pk),
            only([MANAGERS[owner]], 302),
        )
    ],
    Case("parties:official_list", "", NONE, only(OFFICIALS_A + ["autre parti"])),
    *[
        case
        for action in ("set_role", "remove")
        for owner in ("membre", "other")
        for case in post_only(
            f"parties:official_{action}",
            owner,
            _world(pk=lambda w, o=owner: getattr(w, f"{o}_official").pk),
            only(["responsable" if owner == "membre" else "autre parti"], 302),
        )
    ],
    *post_only(
        "parties:invitation_revoke", "party", _world(pk=lambda w: w.invitation.pk), only(["responsable"], 302)
    ),
    *post_only(
        "parties:invitation_revoke",
        "other",
        _world(pk=lambda w: w.other_invitation.pk),
        only(["autre parti"], 302),
    ),
    Case("parties:invitation_accept", "valide", _world(token=lambda w: w.invitation_token), everyone()),
    Case("parties:invitation_accept", "inconnu", _world(token=lambda w: "jeton-inconnu"), everyone(404)),
    # --- An addressee organisation's follow-up ---
    Case("followup:index", "", NONE, only(list(ADDRESSEES.values()))),
    *[
        Case(
            "followup:recommendation",
            side,
            _world(pk=lambda w, s=side: w.addressee_recommendations[s].pk),
            only([role]),
        )
        for side, role in ADDRESSEES.items()
    ],
    *[
        Case(
            "followup:evidence",
            side,
            _world(public_id=lambda w, s=side: w.evidence[s].public_id),
            only([role, *STAFF]),
        )
        for side, role in ADDRESSEES.items()
    ],
    Case(
        "followup:invitation_accept",
        "valide",
        _world(token=lambda w: w.addressee_invitation_token),
        everyone(),
    ),
    Case("followup:invitation_accept", "inconnu", _world(token=lambda w: "jeton-inconnu"), everyone(404)),
    # --- Relay kits: the enrolled media actor's own; the card of a public talk for anybody ---
    Case("relay_links:follow", "valide", _world(code=lambda w: _relay_code(w)), everyone(302)),
    Case("relay_links:follow", "inconnu", _world(code=lambda w: "A" * 22), everyone(404)),
    Case("relay:kits", "", NONE, only(["média inscrit", "média non inscrit"])),
    *[
        Case(
            name,
            visibility,
            _world(slug=lambda w, v=visibility: w.communications[v].slug),
            only(["média inscrit"] if visibility == "public" else []),
        )
        for name in ("relay:kit", "relay:kit_archive")
        for visibility in ("public", "participants", "staff")
    ],
    *[
        Case(
            "relay:card",
            visibility,
            _world(slug=lambda w, v=visibility: w.communications[v].slug),
            everyone(200 if visibility == "public" else 404),
        )
        for visibility in ("public", "participants", "staff")
    ],
    Case(
        "relay:audio", "sans extrait", _world(slug=lambda w: w.communications["public"].slug), everyone(404)
    ),
    # --- Reminders ---
    Case("notifications:reminders_stop", "valide", _world(token=lambda w: w.reminders_token), everyone()),
    Case("notifications:reminders_stop", "inconnu", _world(token=lambda w: "u1:faux"), everyone(400)),
]

# Forms whose page a role may open but whose POST it may not use, and forms that act at once: the
# POST answers by role too (an empty or minimal form; a refused form shows again with 200).
POSTS = [
    # Only a media actor not yet enrolled takes a seat; everybody else is told why, on the page.
    Case(
        "workshops:media_enroll",
        "",
        SLUG,
        signed_in(200) | {"média non inscrit": 302},
        method="post",
        data=lambda w: {"action": "enroll"},
    ),
    # Only a responsable enrolls (a membre reads the list: 403); another party cannot enroll
    # party A's delegate (its form refuses the id).
    Case(
        "workshops:party_enroll",
        "",
        SLUG,
        only(["responsable"], 302) | {"membre": 403, "autre parti": 200},
        method="post",
        data=lambda w: {"action": "enroll", "delegates": [w.party_delegate.pk]},
    ),
    Case(
        "workshops:checkin",
        "",
        _world(pk=lambda w: w.workshop.pk),
        only(["organisateur", "superutilisateur"], others=403),
        method="post",
        data=lambda w: {"code": w.party_enrollment.checkin_code},
    ),
    # A member reads the officials' page but cannot invite.
    Case(
        "parties:official_list",
        "",
        NONE,
        only(["responsable", "autre parti"], 302),
        method="post",
        data=lambda w: {"email": "x@exemple.bj", "role": "membre"},
    ),
    Case("parties:delegate_create", "", NONE, only(["responsable", "autre parti"]), method="post"),
    Case("parties:delegate_import", "", NONE, only(["responsable", "autre parti"]), method="post"),
    *[
        Case(
            f"parties:delegate_{action}",
            owner,
            _world(pk=lambda w, o=owner: getattr(w, f"{o}_delegate").pk),
            only([MANAGERS[owner]], answer),
            method="post",
        )
        for action, answer in (("update", 200), ("delete", 302))
        for owner in MANAGERS
    ],
    # An empty note is refused with its reason (400); another organisation's recommendation is a 404.
    *[
        Case(
            "followup:recommendation",
            side,
            _world(pk=lambda w, s=side: w.addressee_recommendations[s].pk),
            only([role], 400),
            method="post",
        )
        for side, role in ADDRESSEES.items()
    ],
    # "J'ai publié" with an empty form: shown again with its errors to the kit's owner alone.
    Case(
        "relay:kit",
        "public",
        _world(slug=lambda w: w.communications["public"].slug),
        only(["média inscrit"]),
        method="post",
    ),
    Case("accounts:profile", "", NONE, signed_in(), method="post"),
    Case("accounts:delete", "", NONE, signed_in(), method="post"),  # the password is asked for
    Case(
        "notifications:reminders_stop",
        "valide",
        _world(token=lambda w: w.reminders_token),
        everyone(),
        method="post",
    ),
]
CASES += POSTS
# Development only (DEBUG): uploaded public media served by Django. Private files never live there.
MEDIA = Case("^media/(?P<path>.*)$", "", NONE, everyone(404), url="/media/private-media/diaporama.pdf")


def _walk(patterns, prefix="", namespace=None, i18n=False):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                inner,
                i18n or isinstance(pattern.pattern, LocalePrefixPattern),
            )
        elif isinstance(pattern, URLPattern):
            name = pattern.name and ":".join(filter(None, [namespace, pattern.name]))
            yield prefix + str(pattern.pattern), name or prefix + str(pattern.pattern), i18n


def site_routes():
    """(route, name, translated) for every URL of the site but the excluded ones."""
    routes = []
    for route, name, i18n in _walk(get_resolver().url_patterns):
        if not any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES):
            routes.append((route, name, i18n))
    return routes


def role_clients(world):
    """One client per role, each from an address of its own: they are different people, and the
    code-guessing limits count per address (the matrix tries a wrong code for every role)."""
    clients = {}
    for number, (role, user) in enumerate(world.users.items(), start=1):
        client = Client(REMOTE_ADDR=f"10.0.0.{number}")
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


def _answer(response, language):
    if response.status_code == 302:
        with translation.override(language):
            login = reverse("account_login")
        if response["Location"].startswith(f"{login}?next="):
            return "login"
    return response.status_code


def matrix(world):
    """Yields (case, role, language, url, response) for every case, language and role."""
    translated = {name: i18n for _route, name, i18n in site_routes()}
    clients = role_clients(world)
    for case in [*CASES, MEDIA] if MEDIA.name in translated else CASES:
        for language in ["fr", "en"] if translated[case.name] else ["fr"]:
            with translation.override(language):
                url = case.url or reverse(case.name, kwargs=case.kwargs(world))
            for role in ROLES:
                with transaction.atomic():
                    with translation.override(language):
                        data = case.data(world) if case.data else {}
                        response = getattr(clients[role], case.method)(url, data)
                    transaction.set_rollback(True)
                yield case, role, language, url, response


def test_every_url_of_the_site_has_an_expectation_for_every_role():
    excluded = [
        name
        for route, name, _i18n in _walk(get_resolver().url_patterns)
        if any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES)
    ]
    # What the prefixes leave out is the back office and nothing else.
    assert excluded and all(name.startswith("admin:") or name.startswith("admin/") for name in excluded), (
        excluded
    )
    named = {name for _route, name, _i18n in site_routes()}
    covered = {case.name for case in CASES} | ({MEDIA.name} & named)
    assert sorted(named - covered) == [], "pages sans attente dans la matrice d'accès"
    assert sorted(covered - named) == []
    for case in CASES:
        assert sorted(case.expected) == sorted(ROLES), case


def test_each_role_gets_exactly_the_expected_answer_on_every_url(access_world):
    wrong = []
    for case, role, language, url, response in matrix(access_world):
        answer = _answer(response, language)
        if answer != case.expected[role]:
            wrong.append(
                f"{role:>18} {case.method.upper()} {url} [{case.variant}] → {answer}, attendu {case.expected[role]}"
            )
    assert wrong == [], "\n".join(wrong)


def test_the_workshop_zip_holds_exactly_the_files_each_role_may_read(access_world):
    import io
    import zipfile

    readable = {
        "public": ["public"],
        "participants": ["public", "participants"],
        "staff": ["public", "participants", "staff"],
    }
    level = {
        "anonyme": "public",
        "média non inscrit": "public",
        "média inscrit": "participants",
        "responsable": "participants",
        "membre": "participants",
        "autre parti": "participants",
        **dict.fromkeys(STAFF, "staff"),
        **dict.fromkeys(ADDRESSEES.values(), "public"),
    }
    names = {visibility: access_world.communications[visibility].slug for visibility in readable}
    clients = role_clients(access_world)
    got, wanted = {}, {}
    for role in ROLES:
        response = clients[role].get(reverse("library:workshop_zip", args=[access_world.workshop.slug]))
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        got[role] = sorted(name.split("/")[0] for name in archive.namelist())
        wanted[role] = sorted(names[visibility] for visibility in readable[level[role]])
    assert got == wanted
