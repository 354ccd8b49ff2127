"""An organiser follows one workshop from its dashboard in the admin: seats and waiting list,
the parties' quotas, presence per day, invitations, downloads; prints the attendance sheet and
downloads the participants' contact list."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from portal.ground.notifications.models import Outbox, OutboxStatus
from tests.factories import (
    CommunicationFactory,
    MediaActorFactory,
    UserFactory,
    WorkshopFactory,
    commune,
    workshop_days_come,
)
from workshops import services
from workshops.library.models import Communication
from workshops.models import Campaign

pytestmark = pytest.mark.django_db


def _local(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def workshop():
    first_day = timezone.localdate() + datetime.timedelta(days=20)
    return WorkshopFactory(
        title="Élections apaisées",
        slug="elections-apaisees",
        capacity=5,
        party_quota=3,
        starts_at=_local(first_day, 8),
        ends_at=_local(first_day + datetime.timedelta(days=1), 17),
    )


@pytest.fixture
def busy_workshop(workshop, party_official):
    """UPP fills its three seats, two media actors the two others, a third waits; presence is
    ticked on both days; a campaign's invitations are sent, failed and pending; two talks."""
    delegates = list(party_official.party.delegates.order_by("first_name"))  # Adjoa, Bio, Chabi, Dossi
    party = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=delegates[:3], by=party_official.user
    )
    actors = [
        MediaActorFactory(
            user__first_name=name,
            user__last_name="Agbo",
            user__commune=commune("bohicon"),
            user__phone=f"+2290196{n:06d}",
        ).user
        for n, name in enumerate(["Fifamè", "Gildas", "Hortense"])
    ]
    media = [
        services.enrollment_create_for_media_actor(
            workshop=workshop, user=user, by=user, join_waiting_list=True
        )
        for user in actors
    ]
    assert [e.status for e in media] == ["confirmed", "confirmed", "waiting"]
    workshop_days_come(workshop)
    first, second = workshop.days()
    services.attendance_mark(enrollments=[party[0], party[1], media[0]], day=first, by=None)
    services.attendance_mark(enrollments=[party[0]], day=second, by=None)
    campaign = Campaign.objects.create(workshop=workshop, audience=Campaign.Audience.MEDIA)
    other = Campaign.objects.create(workshop=WorkshopFactory(), audience=Campaign.Audience.MEDIA)
    now = timezone.now()
    for n, (status, owner) in enumerate(
        [
            ("sent", campaign),
            ("sent", campaign),
            ("sent", campaign),
            ("failed", campaign),
            ("pending", campaign),
            ("sending", campaign),
            ("sent", other),
        ]
    ):
        Outbox.objects.create(
            key=f"invitation:test:{n}",
            kind="invitation",
            template="invitation",
            channel="email",
            email=f"invite{n}@exemple.bj",
            status=status,
            batch=owner.batch,
            sent_at=now if status == OutboxStatus.SENT else None,
        )
    talks = [
        CommunicationFactory(workshop=workshop, title=title)
        for title in ["Désinformation", "Rôle des partis"]
    ]
    Communication.objects.filter(pk=talks[0].pk).update(download_count=12)
    Communication.objects.filter(pk=talks[1].pk).update(download_count=5)
    CommunicationFactory(workshop=other.workshop)
    workshop.refresh_from_db()
    return {"party": party, "media": media, "talks": talks}


def _dashboard(pk):
    return reverse("admin:workshops_workshop_dashboard", args=[pk])


def test_organiser_reads_exact_figures_on_the_workshop_dashboard(
    staff_client, workshop, busy_workshop, django_assert_max_num_queries
):
    staff_client.get(_dashboard(workshop.pk))
    # Measured: 10 (session, user, the report, six for the figures, the evaluation questionnaire),
    # 4 for who takes part (workshops/participation.py: 2 breakdowns, 2 lists of parties) and up to
    # 5 for the per-diem block (rates, the sheet, the present and their days); the same whatever
    # the number of people, parties, days, messages or talks.
    with django_assert_max_num_queries(19):
        response = staff_client.get(_dashboard(workshop.pk))
    assert response.status_code == 200
    figures = response.context["figures"]
    first, second = workshop.days()
    assert (figures["capacity"], figures["seats_taken"], figures["seats_left"], figures["waiting"]) == (
        5,
        5,
        0,
        1,
    )
    assert [
        (line.party.acronym, line.seats_allowed, line.seats_taken, line.present) for line in figures["ledger"]
    ] == [("UPP", 3, 3, 2)]
    assert figures["days"] == [
        {"day": first, "present": 3, "expected": 5},
        {"day": second, "present": 1, "expected": 5},
    ]
    assert figures["invitations"] == {"total": 6, "sent": 3, "failed": 1, "pending": 2}
    assert figures["campaigns"] == 1
    assert [(c.title, c.download_count) for c in figures["communications"]] == [
        ("Désinformation", 12),
        ("Rôle des partis", 5),
    ]
    assert figures["downloads"] == 17
    html = response.content.decode()
    for link in [
        reverse("workshops:checkin", args=[workshop.pk]),
        f"{reverse('admin:workshops_workshop_attendance_print', args=[workshop.pk])}?jour={first.isoformat()}",
        f"{reverse('workshops:attendance_sheet', args=[workshop.pk, 'xlsx'])}?jour={second.isoformat()}",
        f"{reverse('admin:workshops_enrollment_changelist')}?workshop__id__exact={workshop.pk}&amp;status__exact=confirmed",
        reverse("admin:workshops_workshop_contacts", args=[workshop.pk, "csv"]),
        f"{reverse('admin:reports_report_add')}?workshop={workshop.pk}",
    ]:
        assert f'href="{link}"' in html, link
    assert 'name="action" value="send_invitations"' in html


def test_dashboard_is_linked_from_the_list_and_the_workshop_page(staff_client, workshop):
    url = _dashboard(workshop.pk)
    assert (
        f'href="{url}"' in staff_client.get(reverse("admin:workshops_workshop_changelist")).content.decode()
    )
    assert (
        f'href="{url}"'
        in staff_client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk])).content.decode()
    )


def test_dashboard_of_an_unknown_workshop_is_404(staff_client):
    assert staff_client.get(_dashboard(999999)).status_code == 404


def test_workshop_page_lists_its_enrollments_and_communications_read_only(
    staff_client, workshop, busy_workshop
):
    response = staff_client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    inlines = {
        formset.formset.model._meta.model_name: formset
        for formset in response.context["inline_admin_formsets"]
    }
    enrollments = inlines["enrollment"].formset
    everyone = [*busy_workshop["party"], *busy_workshop["media"]]
    assert [(form.instance.pk, form.instance.status) for form in enrollments.forms] == [
        (e.pk, e.status) for e in sorted(everyone, key=lambda e: (e.status, e.created_at))
    ]
    assert not inlines["enrollment"].has_add_permission and not inlines["enrollment"].has_change_permission
    assert [form.instance.title for form in inlines["communication"].formset.forms] == [
        "Désinformation",
        "Rôle des partis",
    ]
    html = response.content.decode()
    assert reverse("admin:workshops_enrollment_change", args=[busy_workshop["media"][2].pk]) in html


def test_organiser_prints_the_attendance_sheet_of_a_day_with_a_signature_column(
    staff_client, workshop, busy_workshop
):
    first, second = workshop.days()
    url = reverse("admin:workshops_workshop_attendance_print", args=[workshop.pk])
    response = staff_client.get(url, {"jour": second.isoformat()})
    assert response.status_code == 200
    assert response.context["day"] == second
    rows = response.context["rows"]
    names = [row[0] for row in rows]
    assert names == sorted(names, key=str.lower) and len(rows) == 5
    assert [row[4] for row in rows] == [
        "oui" if row[0] == busy_workshop["party"][0].person_name else "non" for row in rows
    ]
    html = response.content.decode()
    assert html.count('class="sheet-signature"') == 6  # the header and one box per participant
    assert "css/attendance-sheet.css" in html
    assert staff_client.get(url, {"jour": "2001-01-01"}).status_code == 404
    assert staff_client.get(url).context["day"] == first


def _contacts(client, workshop, fmt):
    return client.get(reverse("admin:workshops_workshop_contacts", args=[workshop.pk, fmt]))


def _contact_rows(busy):
    delegates = sorted(busy["party"], key=lambda e: e.person_name.lower())
    rows = [[e.person_name, "UPP", str(e.delegate.phone), e.delegate.email, "Cotonou"] for e in delegates]
    rows += [
        ["Fifamè Agbo", "", "+2290196000000", busy["media"][0].user.email, "Bohicon"],
        ["Gildas Agbo", "", "+2290196000001", busy["media"][1].user.email, "Bohicon"],
    ]
    return sorted(rows, key=lambda row: row[0].lower())


def test_organiser_downloads_the_participants_contact_list_as_csv_and_xlsx(
    staff_client, workshop, busy_workshop
):
    header = ["nom", "parti", "téléphone", "adresse e-mail", "commune"]
    response = _contacts(staff_client, workshop, "csv")
    assert response["Content-Disposition"] == 'attachment; filename="contacts-elections-apaisees.csv"'
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == [
        header,
        *_contact_rows(busy_workshop),
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(_contacts(staff_client, workshop, "xlsx").content)).active
    assert [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)] == [
        header,
        *_contact_rows(busy_workshop),
    ]
    assert _contacts(staff_client, workshop, "pdf").status_code == 404


def test_editor_without_the_enrollments_may_not_download_the_contact_list(client, workshop, busy_workshop):
    editor = UserFactory(is_staff=True, email="editrice@misp.bj")
    editor.groups.add(Group.objects.get(name="éditeur"))
    client.force_login(editor)
    assert _contacts(client, workshop, "csv").status_code == 403
    assert (
        client.get(reverse("admin:workshops_workshop_attendance_print", args=[workshop.pk])).status_code
        == 403
    )
    html = client.get(_dashboard(workshop.pk)).content.decode()
    assert reverse("admin:workshops_workshop_contacts", args=[workshop.pk, "csv"]) not in html
    assert reverse("workshops:checkin", args=[workshop.pk]) not in html
