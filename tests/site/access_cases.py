"""The access matrix's table: every address of the site, and the answer each role gets there.

Path parameters come from `access_world` (tests/plugins/access.py); where an id may belong to the
visitor or to somebody else, each owner is a case of its own. Answers: a status code, or "login"
for a redirect to the site's login page. The forms' POST answers are in access_posts.py; the walk
of the URL conf and the tests in test_access_matrix.py.
"""

from tests.site.access_roles import (  # noqa: F401 -- the table's vocabulary, imported from here by the tests
    ADDRESSEES,
    ATTENDANCE_READERS,
    EXCLUDED_PREFIXES,
    MANAGERS,
    NONE,
    OFFICIALS_A,
    OWNERS,
    ROLES,
    SIGNED_IN_MOVE_ON,
    SLUG,
    STAFF,
    STAFF_ONLY,
    Case,
    enrollment_kwargs,
    evaluation_token,
    everyone,
    only,
    post_only,
    presence_token_of,
    relay_code,
    signed_in,
    url_kwargs,
)
from workshops.documents import certificate_link_token

CASES = [
    # --- Machine endpoints and open data (outside the language prefix) ---
    Case("health", "", NONE, everyone()),
    Case("opendata:catalogue", "", NONE, everyone()),
    Case("opendata:datapackage", "", NONE, everyone()),
    Case(
        "opendata:dataset",
        "json",
        url_kwargs(name=lambda w: "ateliers", extension=lambda w: "json"),
        everyone(),
    ),
    Case(
        "opendata:dataset",
        "csv",
        url_kwargs(name=lambda w: "recommandations", extension=lambda w: "csv"),
        everyone(),
    ),
    Case(
        "opendata:dataset",
        "inconnu",
        url_kwargs(name=lambda w: "personnes", extension=lambda w: "json"),
        everyone(404),
    ),
    # --- Public pages ---
    Case("home", "", NONE, everyone()),
    Case("privacy", "", NONE, everyone()),
    Case("workshops:catalogue", "", NONE, everyone()),
    Case("workshops:calendar_feed", "", NONE, everyone()),
    Case("workshops:detail", "", SLUG, everyone()),
    Case("workshops:ics", "", SLUG, everyone()),
    # The short address at the end of the SMS: to the workshop page, whoever follows it.
    Case("workshop_links:follow", "", url_kwargs(pk=lambda w: w.workshop.pk), everyone(302)),
    Case("workshop_links:follow", "inconnu", url_kwargs(pk=lambda w: 999999), everyone(404)),
    Case("workshops:verify_certificate", "valide", url_kwargs(code=lambda w: w.certificate.code), everyone()),
    Case("workshops:verify_certificate", "inconnu", url_kwargs(code=lambda w: "ZZZZ-ZZZZ"), everyone(404)),
    Case("reports:index", "", NONE, everyone()),
    Case("reports:tracker", "", NONE, everyone()),
    Case("reports:detail", "publié", url_kwargs(slug=lambda w: w.report.workshop.slug), everyone()),
    # Staff preview a draft report at its future address; nobody else knows it exists.
    Case("reports:detail", "brouillon", url_kwargs(slug=lambda w: w.draft_report.workshop.slug), STAFF_ONLY),
    Case("reports:pdf", "publié", url_kwargs(slug=lambda w: w.report.workshop.slug), everyone()),
    Case("reports:pdf", "brouillon", url_kwargs(slug=lambda w: w.draft_report.workshop.slug), STAFF_ONLY),
    Case("library:index", "", NONE, everyone()),
    Case("library:speaker", "", url_kwargs(slug=lambda w: w.speaker.slug), everyone()),
    # A participants-only communication is listed to all, its files are not; a staff-only one
    # does not exist outside the staff.
    *[
        Case(
            "library:detail",
            visibility,
            url_kwargs(slug=lambda w, v=visibility: w.communications[v].slug),
            everyone(),
        )
        for visibility in ("public", "participants")
    ],
    Case("library:detail", "staff", url_kwargs(slug=lambda w: w.communications["staff"].slug), STAFF_ONLY),
    Case("library:file", "public", url_kwargs(public_id=lambda w: w.files["public"].public_id), everyone()),
    Case(
        "library:file",
        "participants",
        url_kwargs(public_id=lambda w: w.files["participants"].public_id),
        signed_in() | dict.fromkeys(["média non inscrit", *ADDRESSEES.values()], 403),
    ),
    Case("library:file", "staff", url_kwargs(public_id=lambda w: w.files["staff"].public_id), STAFF_ONLY),
    Case("library:workshop_zip", "", SLUG, everyone()),
    # --- Enrollment, convocations, certificates, check-in ---
    Case("workshops:media_enroll", "", SLUG, signed_in()),
    Case("workshops:party_enroll", "", SLUG, only(OFFICIALS_A + ["autre parti"])),
    Case("workshops:party_convocations", "", SLUG, only(OFFICIALS_A + ["autre parti"])),
    # A delegate's answers to the workshop's questions: their party's officials only.
    *[
        Case(
            "workshops:delegate_answers",
            owner,
            url_kwargs(
                slug=lambda w: w.workshop.slug, pk=lambda w, o=owner: getattr(w, f"{o}_enrollment").pk
            ),
            only(OWNERS[owner]),
        )
        for owner in ("party", "other")
    ],
    # A convocation belongs to the person or to the delegate's party; the certificate too: its
    # owner downloads it once issued (the media actor's is), and is told why otherwise (403).
    *[
        Case("workshops:convocation", owner, enrollment_kwargs(f"{owner}_enrollment"), only(OWNERS[owner]))
        for owner in OWNERS
    ],
    *[
        Case(
            "workshops:certificate",
            owner,
            enrollment_kwargs(f"{owner}_enrollment"),
            only(OWNERS[owner], 403 if owner == "other" else 200),
        )
        for owner in OWNERS
    ],
    # A party's officials read their own delegates' certificates (the party comes from the
    # official, not from the address: another party's page lists its own, here none, and its PDF
    # does not exist); the delegate opens theirs with the link sent by SMS, without an account.
    Case("workshops:party_certificates", "", SLUG, only(OFFICIALS_A + ["autre parti"])),
    Case("workshops:party_certificates_pdf", "", SLUG, only(OFFICIALS_A)),
    Case(
        "workshops:certificate_link",
        "valide",
        url_kwargs(
            pk=lambda w: w.party_certificate.pk, token=lambda w: certificate_link_token(w.party_certificate)
        ),
        everyone(),
    ),
    Case(
        "workshops:certificate_link",
        "d'une autre attestation",
        url_kwargs(
            pk=lambda w: w.certificate.pk, token=lambda w: certificate_link_token(w.party_certificate)
        ),
        everyone(404),
    ),
    Case(
        "workshops:certificate_link",
        "altéré",
        url_kwargs(pk=lambda w: w.party_certificate.pk, token=lambda w: "Z" * 22),
        everyone(404),
    ),
    Case(
        "workshops:checkin",
        "",
        url_kwargs(pk=lambda w: w.workshop.pk),
        only(["organisateur", "superutilisateur"], others=403),
    ),
    # The check-in page's offline door: its service worker is a plain script (no data); the
    # roster a phone keeps names people, for those who check them in only; marks are POSTed.
    Case("workshops:checkin_worker", "", NONE, everyone()),
    Case(
        "workshops:checkin_roster",
        "",
        url_kwargs(pk=lambda w: w.workshop.pk),
        only(["organisateur", "superutilisateur"], others=403),
    ),
    Case("workshops:checkin_marks", "", url_kwargs(pk=lambda w: w.workshop.pk), everyone(405)),
    *[
        Case(
            "workshops:attendance_sheet",
            fmt,
            url_kwargs(pk=lambda w: w.workshop.pk, fmt=lambda w, f=fmt: f),
            only(ATTENDANCE_READERS, others=403),
        )
        for fmt in ("csv", "xlsx")
    ],
    Case(
        "workshops:attendance_sheet",
        "pdf",
        url_kwargs(pk=lambda w: w.workshop.pk, fmt=lambda w: "pdf"),
        only(ATTENDANCE_READERS, 404, others=403),
    ),
    # --- Per diem and transport: the payment sheet reads presence and phones, as the attendance
    # sheets do; only organisers validate or reopen it (the reason is required) ---
    *[
        Case(name, "", url_kwargs(pk=lambda w: w.workshop.pk), only(ATTENDANCE_READERS, others=403))
        for name in ("perdiem:sheet", "perdiem:print", "perdiem:payout")
    ],
    *[
        Case(
            "perdiem:export",
            fmt,
            url_kwargs(pk=lambda w: w.workshop.pk, fmt=lambda w, f=fmt: f),
            only(ATTENDANCE_READERS, others=403),
        )
        for fmt in ("pdf", "xlsx")
    ],
    Case(
        "perdiem:export",
        "csv",
        url_kwargs(pk=lambda w: w.workshop.pk, fmt=lambda w: "csv"),
        only(ATTENDANCE_READERS, 404, others=403),
    ),
    *post_only(
        "perdiem:validate",
        "",
        url_kwargs(pk=lambda w: w.workshop.pk),
        only(["organisateur", "superutilisateur"], 302, others=403),
    ),
    Case("perdiem:reopen", "", url_kwargs(pk=lambda w: w.workshop.pk), everyone(405)),
    Case(
        "perdiem:reopen",
        "",
        url_kwargs(pk=lambda w: w.workshop.pk),
        only(["organisateur", "superutilisateur"], 302, others=403),
        method="post",
        data=lambda w: {"reason": "Présence corrigée"},
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
    Case("account_confirm_email", "inconnue", url_kwargs(key=lambda w: "cle-inconnue"), everyone()),
    Case("account_reset_password_from_key_done", "", NONE, everyone()),
    Case(
        "account_reset_password_from_key",
        "inconnue",
        url_kwargs(uidb36=lambda w: "1", key=lambda w: "cle-inconnue"),
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
            url_kwargs(pk=lambda w, o=owner: getattr(w, f"{o}_delegate").pk),
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
            url_kwargs(pk=lambda w, o=owner: getattr(w, f"{o}_delegate").pk),
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
            url_kwargs(pk=lambda w, o=owner: getattr(w, f"{o}_official").pk),
            only(["responsable" if owner == "membre" else "autre parti"], 302),
        )
    ],
    *post_only(
        "parties:invitation_revoke",
        "party",
        url_kwargs(pk=lambda w: w.invitation.pk),
        only(["responsable"], 302),
    ),
    *post_only(
        "parties:invitation_revoke",
        "other",
        url_kwargs(pk=lambda w: w.other_invitation.pk),
        only(["autre parti"], 302),
    ),
    Case("parties:invitation_accept", "valide", url_kwargs(token=lambda w: w.invitation_token), everyone()),
    Case("parties:invitation_accept", "inconnu", url_kwargs(token=lambda w: "jeton-inconnu"), everyone(404)),
    # --- An addressee organisation's follow-up ---
    Case("followup:index", "", NONE, only(list(ADDRESSEES.values()))),
    *[
        Case(
            "followup:recommendation",
            side,
            url_kwargs(pk=lambda w, s=side: w.addressee_recommendations[s].pk),
            only([role]),
        )
        for side, role in ADDRESSEES.items()
    ],
    *[
        Case(
            "followup:evidence",
            side,
            url_kwargs(public_id=lambda w, s=side: w.evidence[s].public_id),
            only([role, *STAFF]),
        )
        for side, role in ADDRESSEES.items()
    ],
    Case(
        "followup:invitation_accept",
        "valide",
        url_kwargs(token=lambda w: w.addressee_invitation_token),
        everyone(),
    ),
    Case("followup:invitation_accept", "inconnu", url_kwargs(token=lambda w: "jeton-inconnu"), everyone(404)),
    # --- Relay kits: the enrolled media actor's own; the card of a public talk for anybody ---
    Case("relay_links:follow", "valide", url_kwargs(code=lambda w: relay_code(w)), everyone(302)),
    Case("relay_links:follow", "inconnu", url_kwargs(code=lambda w: "A" * 22), everyone(404)),
    Case("relay:kits", "", NONE, only(["média inscrit", "média non inscrit"])),
    *[
        Case(
            name,
            visibility,
            url_kwargs(slug=lambda w, v=visibility: w.communications[v].slug),
            only(["média inscrit"] if visibility == "public" else []),
        )
        for name in ("relay:kit", "relay:kit_archive")
        for visibility in ("public", "participants", "staff")
    ],
    *[
        Case(
            "relay:card",
            visibility,
            url_kwargs(slug=lambda w, v=visibility: w.communications[v].slug),
            everyone(200 if visibility == "public" else 404),
        )
        for visibility in ("public", "participants", "staff")
    ],
    Case(
        "relay:audio",
        "sans extrait",
        url_kwargs(slug=lambda w: w.communications["public"].slug),
        everyone(404),
    ),
    # --- Questionnaires: the signed link opens without signing in, for whoever holds it ---
    Case("evaluation:answer", "valide", url_kwargs(token=lambda w: evaluation_token(w)), everyone()),
    Case("evaluation:answer", "inconnu", url_kwargs(token=lambda w: "1a.faux.jeton"), everyone(404)),
    Case("evaluation:room", "valide", url_kwargs(token=lambda w: evaluation_token(w, room=True)), everyone()),
    Case("evaluation:room", "inconnu", url_kwargs(token=lambda w: "1a.faux"), everyone(404)),
    # --- Reminders ---
    Case("notifications:reminders_stop", "valide", url_kwargs(token=lambda w: w.reminders_token), everyone()),
    Case("notifications:reminders_stop", "inconnu", url_kwargs(token=lambda w: "u1:faux"), everyone(400)),
    # --- « Viendrez-vous ? »: the e-mail's personal link (whoever holds it), the gateway's callback ---
    Case("workshops:presence", "valide", url_kwargs(token=lambda w: presence_token_of(w)), everyone()),
    Case("workshops:presence", "inconnu", url_kwargs(token=lambda w: "MQ:faux"), everyone(400)),
    # The callback answers POST only, and only with its secret.
    Case("sms_inbound", "", url_kwargs(secret=lambda w: "faux"), everyone(405)),
]
