"""The access matrix's POST answers: the forms a role may open but not use, and the forms that
act at once. test_access_matrix.py plays them after the pages of access_cases.py."""

from tests.site.access_cases import (
    ADDRESSEES,
    MANAGERS,
    NONE,
    SLUG,
    Case,
    evaluation_token,
    everyone,
    only,
    presence_token_of,
    signed_in,
    url_kwargs,
)

# Forms whose page a role may open but whose POST it may not use, and forms that act at once: the
# POST answers by role too (an empty or minimal form; a refused form shows again with 200).
POSTS = [
    # A questionnaire posted empty shows again with its errors (400); a wrong check-in code too.
    Case(
        "evaluation:answer",
        "valide",
        url_kwargs(token=lambda w: evaluation_token(w)),
        everyone(400),
        method="post",
    ),
    Case(
        "evaluation:room",
        "valide",
        url_kwargs(token=lambda w: evaluation_token(w, room=True)),
        everyone(400),
        method="post",
        data=lambda w: {"code": "ZZZZZZZZ"},
    ),
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
    # Only a responsable answers for a delegate (a membre reads: 403); another party's: 404.
    Case(
        "workshops:delegate_answers",
        "party",
        url_kwargs(slug=lambda w: w.workshop.slug, pk=lambda w: w.party_enrollment.pk),
        only(["responsable"], 302) | {"membre": 403},
        method="post",
        data=lambda w: {},
    ),
    Case(
        "workshops:checkin",
        "",
        url_kwargs(pk=lambda w: w.workshop.pk),
        only(["organisateur", "superutilisateur"], others=403),
        method="post",
        data=lambda w: {"code": w.party_enrollment.checkin_code},
    ),
    # A form-encoded body is no list of marks: 400 for those who check people in, 403 for others.
    Case(
        "workshops:checkin_marks",
        "",
        url_kwargs(pk=lambda w: w.workshop.pk),
        only(["organisateur", "superutilisateur"], 400, others=403),
        method="post",
        data=lambda w: {"marks": w.party_enrollment.checkin_code},
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
            url_kwargs(pk=lambda w, o=owner: getattr(w, f"{o}_delegate").pk),
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
            url_kwargs(pk=lambda w, s=side: w.addressee_recommendations[s].pk),
            only([role], 400),
            method="post",
        )
        for side, role in ADDRESSEES.items()
    ],
    # "J'ai publié" with an empty form: shown again with its errors to the kit's owner alone.
    Case(
        "relay:kit",
        "public",
        url_kwargs(slug=lambda w: w.communications["public"].slug),
        only(["média inscrit"]),
        method="post",
    ),
    Case("accounts:profile", "", NONE, signed_in(), method="post"),
    Case("accounts:delete", "", NONE, signed_in(), method="post"),  # the password is asked for
    Case(
        "notifications:reminders_stop",
        "valide",
        url_kwargs(token=lambda w: w.reminders_token),
        everyone(),
        method="post",
    ),
    # An empty answer changes nothing and is refused; the link's holder alone knows the token.
    Case(
        "workshops:presence",
        "valide",
        url_kwargs(token=lambda w: presence_token_of(w)),
        everyone(400),
        method="post",
    ),
    # Without its secret, the gateway's callback refuses everyone.
    Case("sms_inbound", "", url_kwargs(secret=lambda w: "faux"), everyone(403), method="post"),
]
