"""Hostile input on public and participant forms: never a 500, nothing stored half-way, nothing
echoed unescaped. Each form is listed once with the fields a visitor can type into."""

import base64
import json
import urllib.parse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import Platform, User
from accounts.parties.models import Delegate, Party, PartyInvitation
from portal.ground.notifications.models import ReminderOptOut
from tests.site.access_cases import evaluation_token
from tests.site.hostile import FUZZ, HOSTILE, assert_safe
from tests.workshops.evaluation.stories import questionnaire_ensure, typed_answers
from workshops.evaluation.models import Answer, Response
from workshops.models import Attendance, Enrollment
from workshops.reports.models import NoteEvidence, OrganisationMember, ProgressNote

pytestmark = pytest.mark.django_db

# (url name, method, fields typed by the visitor)
FORMS = [
    ("workshops:catalogue", "get", ["periode", "public", "commune", "annee", "page"]),
    ("account_login", "post", ["login", "password"]),
    ("account_signup", "post", ["email", "password1", "password2"]),
    ("account_reset_password", "post", ["email"]),
]


@pytest.mark.parametrize(("name", "method", "fields"), FORMS, ids=[form[0] for form in FORMS])
def test_hostile_input_never_breaks_a_form(client, name, method, fields):
    users_before = User.objects.count()

    @FUZZ
    @given(st.fixed_dictionaries({field: HOSTILE for field in fields}))
    def attempt(data):
        response = getattr(client, method)(reverse(name), data)
        assert_safe(response, data.values())

    attempt()
    assert User.objects.count() == users_before


# --- Every other public and participant form, as the role that may use it ----------------------

FEW = settings(FUZZ, max_examples=12)
CSV_HEADER = "prenom;nom;genre;telephone;email;commune;fonction\r\n"


def _delegate_data(world, **typed):
    from tests.factories import commune

    return {
        "first_name": "Adjoa",
        "last_name": "Zinsou",
        "gender": "F",
        "phone": "01 96 00 00 01",
        "email": "",
        "commune": commune("cotonou").pk,
        "party_role": "",
        **typed,
    }


def _party_signup(world, **typed):
    from tests.accounts.test_parties_story import party_signup_data

    return party_signup_data(**typed)


def _profile(world, handle="Page citoyenne", **typed):
    from tests.factories import commune

    return {
        "first_name": "Fifamè",
        "last_name": "Agbo",
        "phone": "01 61 23 45 67",
        "commune": commune("cotonou").pk,
        "preferred_channel": "email",
        "language": "fr",
        "is_blogger": "on",
        "plateformes-TOTAL_FORMS": "1",
        "plateformes-INITIAL_FORMS": "0",
        "plateformes-MIN_NUM_FORMS": "0",
        "plateformes-MAX_NUM_FORMS": "20",
        "plateformes-0-kind": "facebook",
        "plateformes-0-handle": handle,
        "plateformes-0-audience_size": "1200",
        **typed,
    }


def _csv_upload(world, line):
    content = (CSV_HEADER + line + "\r\n").encode("utf-8", "surrogatepass")
    return {"file": SimpleUploadedFile("delegues.csv", content, content_type="text/csv")}


def _csv_confirm(world, line):
    content = (CSV_HEADER + line + "\r\n").encode("utf-8", "surrogatepass")
    return {"content": base64.b64encode(content).decode(), "expected": "1"}


def _progress_note(world, text, proposed_status, filename, content):
    """A progress note with one evidence file whose name and bytes are typed too."""
    upload = SimpleUploadedFile(
        filename or "x", content.encode("utf-8", "surrogatepass"), content_type="application/pdf"
    )
    return {"text": text, "proposed_status": proposed_status, "files": [upload]}


# (test id, role, method, world -> URL, fields typed, world + typed -> data, models that must not grow when refused)
PARTICIPANT_FORMS = [
    (
        "inscription-parti",
        "anonyme",
        "post",
        lambda w: reverse("accounts:party_signup"),
        ["party_name", "acronym", "registration_number", "first_name", "last_name", "phone", "email"],
        _party_signup,
        [Party, User],
    ),
    (
        "délégué-ajout",
        "responsable",
        "post",
        lambda w: reverse("parties:delegate_create"),
        ["first_name", "last_name", "phone", "email", "party_role"],
        _delegate_data,
        [Delegate],
    ),
    (
        "délégué-modification",
        "responsable",
        "post",
        lambda w: reverse("parties:delegate_update", args=[w.party_delegate.pk]),
        ["first_name", "last_name", "phone", "email", "party_role"],
        _delegate_data,
        [Delegate],
    ),
    (
        "import-csv",
        "responsable",
        "post",
        lambda w: reverse("parties:delegate_import"),
        ["line"],
        lambda w, line: _csv_upload(w, line),
        [Delegate],
    ),
    (
        "import-csv-confirmation",
        "responsable",
        "post",
        lambda w: reverse("parties:delegate_import_confirm"),
        ["line"],
        lambda w, line: _csv_confirm(w, line),
        [Delegate],
    ),
    (
        "invitation",
        "responsable",
        "post",
        lambda w: reverse("parties:official_list"),
        ["email", "role"],
        lambda w, **typed: typed,
        [PartyInvitation],
    ),
    (
        "invitation-acceptée",
        "anonyme",
        "post",
        lambda w: reverse("parties:invitation_accept", args=[w.invitation_token]),
        ["first_name", "last_name", "password1", "password2"],
        lambda w, **typed: typed,
        [User],
    ),
    (
        "profil",
        "média inscrit",
        "post",
        lambda w: reverse("accounts:profile"),
        ["first_name", "last_name", "phone", "handle"],
        _profile,
        [Platform],
    ),
    (
        "inscription-média",
        "média non inscrit",
        "post",
        lambda w: reverse("workshops:media_enroll", args=[w.workshop.slug]),
        ["action"],
        lambda w, **typed: typed,
        [Enrollment],
    ),
    (
        "inscription-parti-délégués",
        "responsable",
        "post",
        lambda w: reverse("workshops:party_enroll", args=[w.workshop.slug]),
        ["action", "delegates", "enrollment", "new_delegate"],
        lambda w, **typed: typed,
        [Enrollment],
    ),
    (
        "émargement",
        "organisateur",
        "post",
        lambda w: reverse("workshops:checkin", args=[w.workshop.pk]),
        ["code", "day"],
        lambda w, **typed: typed,
        [Attendance],
    ),
    (
        "questionnaire",
        "anonyme",
        "post",
        lambda w: reverse("evaluation:answer", args=[evaluation_token(w)]),
        ["note", "choice", "remark"],
        lambda w, **typed: typed_answers(questionnaire_ensure(w.workshop), **typed),
        [Response, Answer],
    ),
    (
        "questionnaire-salle",
        "anonyme",
        "post",
        lambda w: reverse("evaluation:room", args=[evaluation_token(w, room=True)]),
        ["code"],
        lambda w, **typed: typed,
        [Response],
    ),
    (
        "bibliothèque",
        "anonyme",
        "get",
        lambda w: reverse("library:index"),
        ["q", "atelier", "intervenant", "page"],
        lambda w, **typed: typed,
        [],
    ),
    (
        "note-avancement",
        "destinataire",
        "post",
        lambda w: reverse("followup:recommendation", args=[w.addressee_recommendations["ours"].pk]),
        ["text", "proposed_status", "filename", "content"],
        _progress_note,
        [ProgressNote, NoteEvidence],
    ),
    (
        "invitation-destinataire-acceptée",
        "anonyme",
        "post",
        lambda w: reverse("followup:invitation_accept", args=[w.addressee_invitation_token]),
        ["first_name", "last_name", "password1", "password2"],
        lambda w, **typed: typed,
        [User, OrganisationMember],
    ),
    (
        "suivi-recommandations",
        "anonyme",
        "get",
        lambda w: reverse("reports:tracker"),
        ["statut", "destinataire", "atelier", "annee", "page"],
        lambda w, **typed: typed,
        [],
    ),
]


def _count(models):
    return [model.objects.count() for model in models]


@pytest.mark.parametrize(
    ("form_id", "role", "method", "url", "fields", "data", "models"),
    PARTICIPANT_FORMS,
    ids=[form[0] for form in PARTICIPANT_FORMS],
)
def test_hostile_input_never_breaks_a_participant_form(
    client, access_world, form_id, role, method, url, fields, data, models
):
    user = access_world.users[role]
    if user is not None:
        client.force_login(user)
    address = url(access_world)

    @FEW
    @given(st.fixed_dictionaries({field: HOSTILE for field in fields}))
    def attempt(typed):
        with transaction.atomic():  # each example starts from the same roster, whatever the last one did
            before = _count(models)
            response = getattr(client, method)(address, data(access_world, **typed))
            assert_safe(response, typed.values())
            if response.status_code != 302:  # refused: the form again, with its errors — nothing written
                assert _count(models) == before, (form_id, typed)
            transaction.set_rollback(True)

    attempt()


@FEW
@given(HOSTILE)
def test_hostile_stop_reminders_link_never_breaks_and_stops_nothing(client, access_world, token):
    address = reverse("notifications:reminders_stop", args=[urllib.parse.quote(token, safe="") or "x"])
    for method in ("get", "post"):
        response = getattr(client, method)(address)
        assert_safe(response, [token])
        assert response.status_code in (400, 404), (method, token)
    assert ReminderOptOut.objects.count() == 0
    assert User.objects.filter(reminders_enabled=False).count() == 0


_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | HOSTILE,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(HOSTILE, children, max_size=4),
    max_leaves=8,
)
_MARK = st.fixed_dictionaries({"id": _JSON_VALUE, "code": _JSON_VALUE, "day": _JSON_VALUE})


@FEW
@given(st.one_of(st.fixed_dictionaries({"marks": st.lists(_MARK | _JSON_VALUE, max_size=5)}), _JSON_VALUE))
def test_hostile_marks_sent_by_a_phone_never_break_the_door_nor_record_anybody(client, access_world, body):
    """The check-in page's marks, as JSON: whatever a forged phone sends, an answer (never a 500)
    and no attendance, since no mark names a real code for a day come."""
    client.force_login(access_world.users["organisateur"])
    with transaction.atomic():
        response = client.post(
            reverse("workshops:checkin_marks", args=[access_world.workshop.pk]),
            json.dumps(body),
            content_type="application/json",
        )
        assert response.status_code in (200, 400, 429)
        assert Attendance.objects.count() == 0
        transaction.set_rollback(True)
