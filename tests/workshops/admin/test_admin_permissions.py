"""The staff groups in the admin, table-driven over its pages: a *lecteur* sees everything but the
delivery log and changes nothing (no form saves, no action offered, nothing written); an *éditeur* manages
communications and reports but never reaches enrollments; an *organisateur* runs workshops,
enrollments, attendance and invitations but does not delete communications."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.parties.models import Delegate, Party, PartyOfficial
from portal.ground.notifications.models import Outbox
from tests.factories import (
    AttendanceFactory,
    CommunicationFactory,
    DelegateFactory,
    EnrollmentFactory,
    PartyAllocationFactory,
    PartyOfficialFactory,
    RecommendationFactory,
    SpeakerFactory,
    UserFactory,
)
from tests.plugins.access import offered_actions
from workshops.library.models import Communication
from workshops.models import Attendance, Campaign, Enrollment, PartyAllocation, Speaker, Workshop
from workshops.reports.models import Recommendation, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    """One row of every main table, all about one workshop."""
    recommendation = RecommendationFactory()
    workshop = recommendation.report.workshop
    official = PartyOfficialFactory()
    delegate = DelegateFactory(party=official.party)
    enrollment = EnrollmentFactory(workshop=workshop, delegate=delegate)
    campaign = Campaign.objects.create(workshop=workshop, audience=Campaign.Audience.MEDIA)
    return {
        Workshop: workshop,
        Report: recommendation.report,
        Recommendation: recommendation,
        Party: official.party,
        PartyOfficial: official,
        Delegate: delegate,
        Enrollment: enrollment,
        Campaign: campaign,
        Attendance: AttendanceFactory(enrollment=enrollment),
        PartyAllocation: PartyAllocationFactory(workshop=workshop, party=official.party),
        Outbox: Outbox.objects.create(
            key="invitation:x",
            kind="invitation",
            template="invitation",
            channel="email",
            email="x@exemple.bj",
            batch=campaign.batch,
        ),
        Communication: CommunicationFactory(workshop=workshop),
        Speaker: SpeakerFactory(),
    }


def _member(client, group):
    user = UserFactory(is_staff=True, email=f"{group}@misp.bj")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def _url(model, page, obj=None):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"
    return reverse(name, args=[obj.pk] if page in ("change", "delete", "history") else [])


def _state():
    """What the back office could change, as plain values: compared before and after."""
    from django.contrib.admin.models import LogEntry

    return {
        model.__name__: sorted(tuple(str(v) for v in row) for row in model.objects.values_list())
        for model in [
            Workshop,
            Report,
            Recommendation,
            Party,
            PartyOfficial,
            Delegate,
            Enrollment,
            Campaign,
            Attendance,
            PartyAllocation,
            Outbox,
            Communication,
            Speaker,
            LogEntry,
        ]
    }


MAIN = [
    Workshop,
    Report,
    Recommendation,
    Party,
    PartyOfficial,
    Delegate,
    Enrollment,
    Campaign,
    Attendance,
    PartyAllocation,
    Outbox,
    Communication,
    Speaker,
]
# The delivery log lists everybody's addresses and what they were told: no reader's business.
READ_BY_LECTEUR = [model for model in MAIN if model is not Outbox]


@pytest.mark.parametrize("model", READ_BY_LECTEUR, ids=lambda m: m.__name__)
def test_lecteur_sees_every_list_and_page_read_only(client, objects, model):
    reader = _member(client, "lecteur")
    obj = objects[model]
    changelist = reader.get(_url(model, "changelist"))
    assert changelist.status_code == 200
    assert offered_actions(changelist) == []
    change = reader.get(_url(model, "change", obj))
    assert change.status_code == 200
    assert (
        change.context["has_change_permission"],
        change.context["has_add_permission"],
        change.context["has_delete_permission"],
    ) == (False, False, False)
    assert 'name="_save"' not in change.content.decode()
    assert reader.get(_url(model, "history", obj)).status_code == 200
    assert reader.get(_url(model, "add")).status_code == 403
    assert reader.get(_url(model, "delete", obj)).status_code == 403


@pytest.mark.parametrize("model", MAIN, ids=lambda m: m.__name__)
def test_lecteur_posts_are_refused_and_nothing_changes(client, objects, model):
    reader = _member(client, "lecteur")
    obj = objects[model]
    before = _state()
    assert reader.post(_url(model, "add"), {"title": "Nouveau", "name": "Nouveau"}).status_code == 403
    assert reader.post(_url(model, "change", obj), {"title": "Modifié", "name": "Modifié"}).status_code == 403
    assert reader.post(_url(model, "delete", obj), {"post": "yes"}).status_code == 403
    for action in admin.site._registry[model].actions or []:
        name = action if isinstance(action, str) else action.__name__
        reader.post(
            _url(model, "changelist"),
            {
                "action": name,
                ACTION_CHECKBOX_NAME: [obj.pk],
                "apply": "1",
                "reason": "Essai",
                "to": "waiting_list",
                "day": "01/01/2030",
                "audience": "media",
            },
        )
    reader.post(
        _url(model, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"},
    )
    assert _state() == before


def test_lecteur_cannot_revert_a_workshop_to_an_earlier_version(client, objects):
    workshop = objects[Workshop]
    workshop.title = "Titre corrigé"
    workshop.save()
    first = workshop.history.earliest()
    reader = _member(client, "lecteur")
    url = reverse("admin:workshops_workshop_simple_history", args=[workshop.pk, first.history_id])
    assert reader.get(url).status_code == 200
    assert reader.post(url, {"title": first.title}).status_code == 403
    workshop.refresh_from_db()
    assert workshop.title == "Titre corrigé"


def test_lecteur_reads_the_dashboard_and_exports_but_imports_nothing(client, objects):
    reader = _member(client, "lecteur")
    workshop = objects[Workshop]
    for url in [
        reverse("admin:workshops_workshop_dashboard", args=[workshop.pk]),
        reverse("admin:workshops_workshop_attendance_print", args=[workshop.pk]),
        reverse("admin:workshops_workshop_contacts", args=[workshop.pk, "csv"]),
        reverse("admin:workshops_enrollment_export"),
        reverse("admin:parties_delegate_export"),
    ]:
        assert reader.get(url).status_code == 200, url
    html = reader.get(reverse("admin:workshops_workshop_dashboard", args=[workshop.pk])).content.decode()
    assert 'value="send_invitations"' not in html
    for url in [reverse("admin:parties_party_import"), reverse("admin:workshops_speaker_import")]:
        assert reader.get(url).status_code == 403, url
        assert reader.post(url, {}).status_code == 403, url


# (group, model, page, status). An éditeur: communications and reports are theirs; enrollments,
# attendance and the quota ledger (people's data) are out of reach; workshops are read only. An
# organisateur: workshops, enrollments, attendance, parties, invitations; talks and reports read only.
GROUP_PAGES = [
    *[
        ("éditeur", *row)
        for row in [
            (Communication, "changelist", 200),
            (Communication, "add", 200),
            (Communication, "change", 200),
            (Communication, "delete", 200),
            (Speaker, "add", 200),
            (Report, "add", 200),
            (Report, "change", 200),
            (Recommendation, "add", 200),
            (Workshop, "changelist", 200),
            (Workshop, "change", 200),
            (Workshop, "add", 403),
            (Workshop, "delete", 403),
            (Enrollment, "changelist", 403),
            (Enrollment, "add", 403),
            (Enrollment, "change", 403),
            (Enrollment, "history", 403),
            (Attendance, "changelist", 403),
            (PartyAllocation, "changelist", 403),
            (Delegate, "changelist", 403),
            (Campaign, "add", 403),
            (Party, "change", 403),
        ]
    ],
    *[
        ("organisateur", *row)
        for row in [
            (Workshop, "add", 200),
            (Workshop, "change", 200),
            (Enrollment, "add", 200),
            (Enrollment, "changelist", 200),
            (Attendance, "changelist", 200),
            (PartyAllocation, "changelist", 200),
            (Party, "change", 200),
            (Campaign, "add", 200),
            (Communication, "change", 200),
            (Communication, "delete", 403),
            (Communication, "add", 403),
            (Report, "add", 403),
            (Report, "delete", 403),
        ]
    ],
]


# The delivery log per staff group: (changelist, change, history) → status. Those who send
# (organisateurs) and superusers read it; readers and editors do not.
DELIVERY_LOG = {
    "lecteur": [403, 403, 403],
    "éditeur": [403, 403, 403],
    "organisateur": [200, 200, 200],
    "superutilisateur": [200, 200, 200],
}


@pytest.mark.parametrize("group", DELIVERY_LOG)
def test_staff_groups_open_the_delivery_log_exactly_as_the_matrix_says(client, objects, group):
    if group == "superutilisateur":
        client.force_login(UserFactory(is_staff=True, is_superuser=True, email="admin@misp.bj"))
    else:
        _member(client, group)
    row = objects[Outbox]
    answers = [
        client.get(_url(Outbox, page, row if page != "changelist" else None)).status_code
        for page in ("changelist", "change", "history")
    ]
    assert answers == DELIVERY_LOG[group]
    # Nor does the admin's index offer the log to those who may not open it.
    index = client.get(reverse("admin:index")).content.decode()
    assert (_url(Outbox, "changelist") in index) == (DELIVERY_LOG[group][0] == 200)


@pytest.mark.parametrize(
    ("group", "model", "page", "status"), GROUP_PAGES, ids=lambda v: getattr(v, "__name__", str(v))
)
def test_staff_groups_reach_exactly_the_pages_of_their_role(client, objects, group, model, page, status):
    member = _member(client, group)
    obj = objects[model] if page in ("change", "delete", "history") else None
    assert member.get(_url(model, page, obj)).status_code == status


def test_editeur_sees_no_enrollment_on_the_workshop_page_and_cannot_mark_attendance(client, objects):
    editor = _member(client, "éditeur")
    workshop, enrollment = objects[Workshop], objects[Enrollment]
    response = editor.get(_url(Workshop, "change", workshop))
    assert [f.formset.model for f in response.context["inline_admin_formsets"]] == [
        workshop.sessions.model,
        Communication,
    ]
    assert offered_actions(editor.get(_url(Report, "changelist"))) == [
        "delete_selected",
        "publish",
        "unpublish",
    ]
    assert offered_actions(editor.get(_url(Workshop, "changelist"))) == []
    before = _state()
    editor.post(
        _url(Enrollment, "changelist"),
        {
            "action": "mark_present",
            ACTION_CHECKBOX_NAME: [enrollment.pk],
            "apply": "1",
            "day": enrollment.workshop.days()[0].strftime("%d/%m/%Y"),
        },
    )
    assert editor.get(reverse("workshops:checkin", args=[workshop.pk])).status_code == 403
    assert editor.get(reverse("admin:workshops_enrollment_export")).status_code == 403
    assert _state() == before


def test_organisateur_is_offered_the_workshop_and_enrollment_actions_not_the_reports(client, objects):
    organiser = _member(client, "organisateur")
    assert offered_actions(organiser.get(_url(Workshop, "changelist"))) == [
        "delete_selected",
        "publish",
        "close_registration",
        "mark_held",
        "send_invitations",
        "cancel",
    ]
    assert offered_actions(organiser.get(_url(Enrollment, "changelist"))) == [
        "cancel",
        "move",
        "mark_present",
    ]
    assert offered_actions(organiser.get(_url(Report, "changelist"))) == []
    assert offered_actions(organiser.get(_url(Campaign, "changelist"))) == ["resume"]
    change = organiser.get(_url(Communication, "change", objects[Communication]))
    assert change.context["has_change_permission"] is False
