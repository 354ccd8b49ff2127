"""Ministry staff run workshops and reports from the admin: lists stay fast, actions go through
the services, follow-up entries move the status, history is readable."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import RecommendationFactory, ReportFactory, ThemeFactory, VenueFactory, WorkshopFactory
from workshops.models import Workshop, WorkshopStatus
from workshops.reports.models import Recommendation, RecommendationStatus, Report, ReportStatus

pytestmark = pytest.mark.django_db


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def hundred_reports():
    venue, theme = VenueFactory(), ThemeFactory()
    reports = [ReportFactory(workshop=WorkshopFactory(venue=venue, theme=theme)) for _ in range(100)]
    for report in reports:
        RecommendationFactory(report=report)
    return reports


@pytest.fixture
def hundred_of_everything(hundred_reports):
    """Beside the 100 workshops and reports: 100 parties, each with an official, a delegate
    enrolled in one workshop and present, its quota line, a campaign with one message, a talk."""
    from accounts.models import User
    from accounts.parties.models import Delegate, Party, PartyOfficial
    from portal.ground.notifications.models import Outbox
    from tests.factories import benin_phone, commune, workshop_days_come
    from workshops.library.models import Communication
    from workshops.models import Attendance, Campaign, Enrollment, PartyAllocation

    workshops = [report.workshop for report in hundred_reports]
    cotonou = commune("cotonou")
    users = User.objects.bulk_create(
        User(email=f"resp{n}@parti.bj", first_name="Awa", last_name=f"N{n}") for n in range(100)
    )
    parties = Party.objects.bulk_create(
        Party(
            name=f"Parti {n}",
            acronym=f"P{n}",
            registration_number=f"R/{n}",
            registration_date=datetime.date(2020, 1, 1),
            head_office_commune=cotonou,
            status="verified",
        )
        for n in range(100)
    )
    PartyOfficial.objects.bulk_create(
        PartyOfficial(party=p, user=u, role="responsable") for p, u in zip(parties, users)
    )
    delegates = Delegate.objects.bulk_create(
        Delegate(
            party=p, first_name="Codjo", last_name=f"D{n}", gender="M", phone=benin_phone(n), commune=cotonou
        )
        for n, p in enumerate(parties)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(workshop=w, delegate=d, party=d.party, person_phone=str(d.phone), status="confirmed")
        for w, d in zip(workshops, delegates)
    )
    for workshop in workshops:
        workshop_days_come(workshop)  # presence is recorded on a day come, never ahead
    Attendance.objects.bulk_create(
        Attendance(
            enrollment=e, day=timezone.localdate(e.workshop.starts_at), method="admin", checked_in_by=users[0]
        )
        for e in enrollments
    )
    PartyAllocation.objects.bulk_create(
        PartyAllocation(workshop=w, party=p, seats_allowed=3, seats_taken=1)
        for w, p in zip(workshops, parties)
    )
    campaigns = Campaign.objects.bulk_create(
        Campaign(workshop=w, audience="responsables", created_by=users[0]) for w in workshops
    )
    Outbox.objects.bulk_create(
        Outbox(
            key=f"invitation:{c.workshop_id}:{u.pk}",
            kind="invitation",
            template="invitation",
            channel="email",
            email=u.email,
            user=u,
            batch=c.batch,
        )
        for c, u in zip(campaigns, users)
    )
    Communication.objects.bulk_create(
        Communication(
            workshop=w, title=f"Exposé {n}", slug=f"expose-{n}", date=timezone.localdate(w.starts_at)
        )
        for n, w in enumerate(workshops)
    )


def _main_changelists():
    from accounts.parties.models import Delegate, Party, PartyOfficial
    from portal.ground.notifications.models import Outbox
    from workshops.library.models import Communication
    from workshops.models import Attendance, Campaign, Enrollment, PartyAllocation

    # Measured (session, user, count, rows, the filters' choices): 8, 4, 4, 6, 4, 5, 4, 8, 5, 7, 7
    # and 6; the bound allows one more. A query per row would be 100 more.
    return [
        (Workshop, 9),
        (Report, 5),
        (Recommendation, 5),
        (Enrollment, 7),
        (Party, 5),
        (Delegate, 6),
        (PartyOfficial, 5),
        (Outbox, 9),
        (Campaign, 6),
        (Communication, 8),
        (Attendance, 8),
        (PartyAllocation, 7),
    ]


@pytest.mark.parametrize(
    ("model", "bound"), _main_changelists(), ids=lambda value: getattr(value, "__name__", str(value))
)
def test_staff_changelists_of_100_rows_issue_a_bounded_number_of_queries(
    staff_client, hundred_of_everything, model, bound, django_assert_max_num_queries
):
    staff_client.get(_changelist(model))  # session and permission caches warm
    with django_assert_max_num_queries(bound):
        response = staff_client.get(_changelist(model), {"all": ""})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 100


def test_staff_changelists_are_in_french_and_searchable(staff_client):
    ReportFactory(workshop=WorkshopFactory(title="Atelier de Possotomè"))
    ReportFactory(workshop=WorkshopFactory(title="Atelier de Parakou"))
    response = staff_client.get(_changelist(Report), {"q": "Possotomè"})
    assert [report.workshop.title for report in response.context["cl"].result_list] == [
        "Atelier de Possotomè"
    ]
    assert "Publier les rapports sélectionnés" in response.content.decode()


def _action(client, model, action, objects):
    return client.post(
        _changelist(model), {"action": action, "_selected_action": [obj.pk for obj in objects]}, follow=True
    )


def test_staff_closes_registration_and_marks_workshops_as_held_in_bulk(staff_client):
    now = timezone.now()
    started = WorkshopFactory(
        title="Commencé",
        starts_at=now - datetime.timedelta(hours=2),
        registration_opens_at=now - datetime.timedelta(days=10),
        registration_closes_at=now - datetime.timedelta(days=1),
    )
    future = WorkshopFactory(title="À venir")
    draft = WorkshopFactory(title="Brouillon", status=WorkshopStatus.DRAFT)
    response = _action(staff_client, Workshop, "close_registration", [future, draft])
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Inscriptions closes pour 1 atelier.",
        "1 atelier ignoré : seules les inscriptions d'un atelier publié peuvent être closes.",
    ]
    response = _action(staff_client, Workshop, "mark_held", [started, future, draft])
    assert [str(m) for m in response.context["messages"]] == [
        "1 atelier marqué comme tenu.",
        "2 ateliers ignorés : seul un atelier publié et déjà commencé peut être marqué comme tenu.",
    ]
    response = _action(staff_client, Workshop, "publish", [draft])
    assert [str(m) for m in response.context["messages"]] == ["1 atelier publié."]
    statuses = dict(Workshop.objects.values_list("title", "status"))
    assert statuses == {
        "Commencé": WorkshopStatus.HELD,
        "À venir": WorkshopStatus.REGISTRATION_CLOSED,
        "Brouillon": WorkshopStatus.PUBLISHED,
    }


def test_staff_publishes_and_unpublishes_reports_from_the_list(staff_client, staff_user):
    ready = ReportFactory()
    hidden = ReportFactory(
        workshop=WorkshopFactory(title="Atelier en brouillon", status=WorkshopStatus.DRAFT)
    )
    response = _action(staff_client, Report, "publish", [ready, hidden])
    assert [str(m) for m in response.context["messages"]] == [
        "1 rapport publié.",
        "Atelier en brouillon : Publiez d'abord l'atelier : le rapport d'un atelier en brouillon ne peut pas être public.",
    ]
    ready.refresh_from_db(), hidden.refresh_from_db()
    assert (ready.status, ready.published_by, hidden.status) == (
        ReportStatus.PUBLISHED,
        staff_user,
        ReportStatus.DRAFT,
    )
    _action(staff_client, Report, "unpublish", [ready])
    ready.refresh_from_db()
    assert (ready.status, ready.published_at) == (ReportStatus.DRAFT, None)
    assert staff_client.get(reverse("admin:reports_report_history", args=[ready.pk])).status_code == 200


def test_staff_drafts_a_report_with_recommendations_in_one_form(staff_client):
    workshop = WorkshopFactory(status=WorkshopStatus.HELD)
    prefix = "recommendations"
    response = staff_client.post(
        reverse("admin:reports_report_add"),
        {
            "workshop": workshop.pk,
            "summary": "Synthèse.",
            f"{prefix}-TOTAL_FORMS": 2,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-0-position": 1,
            f"{prefix}-0-text": "Lutter contre les fausses nouvelles.",
            f"{prefix}-0-addressee": "media",
            f"{prefix}-0-owner": "",
            f"{prefix}-0-due_date": "30/06/2023",
            f"{prefix}-1-position": 1,
            f"{prefix}-1-text": "",
            f"{prefix}-1-addressee": "",
        },
    )
    assert response.status_code == 302
    report = Report.objects.get(workshop=workshop)
    assert report.status == ReportStatus.DRAFT
    assert [(r.text, r.addressee, r.status, r.due_date) for r in report.recommendations.all()] == [
        (
            "Lutter contre les fausses nouvelles.",
            "media",
            RecommendationStatus.PROPOSED,
            datetime.date(2023, 6, 30),
        )
    ]


def _update_form(recommendation, **entry):
    prefix = "updates"
    data = {
        "report": recommendation.report_id,
        "position": recommendation.position,
        "text": recommendation.text,
        "addressee": recommendation.addressee,
        "owner": recommendation.owner,
        "due_date": "",
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-0-date": "03/10/2022",
        f"{prefix}-0-status": "",
        f"{prefix}-0-note": "",
    }
    data.update({f"{prefix}-0-{key}": value for key, value in entry.items()})
    return data


def test_staff_follow_up_entry_moves_the_status_of_a_recommendation(staff_client, staff_user):
    recommendation = RecommendationFactory()
    url = reverse("admin:reports_recommendation_change", args=[recommendation.pk])
    response = staff_client.post(url, _update_form(recommendation, status="done", note="Campagne réalisée."))
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.DONE
    assert [(u.date, u.status, u.note, u.created_by) for u in recommendation.updates.all()] == [
        (datetime.date(2022, 10, 3), "done", "Campagne réalisée.", staff_user)
    ]


def test_staff_empty_follow_up_entry_is_refused_next_to_the_field(staff_client):
    recommendation = RecommendationFactory()
    url = reverse("admin:reports_recommendation_change", args=[recommendation.pk])
    response = staff_client.post(url, _update_form(recommendation, date="04/10/2022"))
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors != [{}]
    assert recommendation.updates.count() == 0


def test_staff_marks_recommendations_done_in_bulk_with_a_follow_up_entry(staff_client):
    first, second = RecommendationFactory(), RecommendationFactory(status=RecommendationStatus.DONE)
    response = _action(staff_client, Recommendation, "mark_done", [first, second])
    assert [str(m) for m in response.context["messages"]] == ["1 recommandation mise à jour."]
    first.refresh_from_db()
    assert first.status == RecommendationStatus.DONE
    assert [u.status for u in first.updates.all()] == ["done"]
    assert second.updates.count() == 0


def test_staff_finds_the_preview_and_pdf_links_on_a_draft_report(staff_client):
    report = ReportFactory()
    html = staff_client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert f'href="{report.get_absolute_url()}">Aperçu de la page (brouillon)</a>' in html
    assert f'href="{reverse("reports:pdf", args=[report.workshop.slug])}">PDF</a>' in html


def _admin_pages():
    from tests.factories import PartnerFactory, SpeakerFactory

    recommendation = RecommendationFactory()
    objects = [
        recommendation.report.workshop,
        recommendation.report,
        recommendation,
        SpeakerFactory(),
        VenueFactory(),
        PartnerFactory(),
        ThemeFactory(),
    ]
    for obj in objects:
        name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
        yield reverse(f"{name}_changelist")
        yield reverse(f"{name}_add")
        yield reverse(f"{name}_change", args=[obj.pk])
        yield reverse(f"{name}_history", args=[obj.pk])
    yield reverse("admin:workshops_workshop_export")
    yield reverse("admin:workshops_speaker_export")
    yield reverse("admin:workshops_speaker_import")


def test_staff_opens_every_page_of_the_back_office_in_french(staff_client):
    for url in _admin_pages():
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="fr"' in response.content.decode(), url


def test_staff_find_a_delegate_by_name_when_enrolling_them(staff_client):
    from tests.factories import DelegateFactory, PartyFactory

    party = PartyFactory(acronym="UPP")
    wanted = DelegateFactory(party=party, first_name="Adjoa", last_name="Akpovi")
    DelegateFactory(party=party, first_name="Bio", last_name="Zannou")
    add_form = staff_client.get(reverse("admin:workshops_enrollment_add")).content.decode()
    assert 'data-field-name="delegate"' in add_form and "admin-autocomplete" in add_form
    found = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "workshops", "model_name": "enrollment", "field_name": "delegate", "term": "akpo"},
    )
    assert [item["id"] for item in found.json()["results"]] == [str(wanted.pk)]


def test_staff_open_a_busy_workshops_page_in_a_bounded_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    from tests.factories import CommunicationFactory, EnrollmentFactory

    workshop = WorkshopFactory(capacity=100)
    for _ in range(60):
        EnrollmentFactory(workshop=workshop)
    for _ in range(5):
        CommunicationFactory(workshop=workshop)
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    staff_client.get(url)
    with django_assert_max_num_queries(10):  # measured 9, with 60 enrollments and 5 talks listed
        response = staff_client.get(url)
    formsets = {
        f.formset.model._meta.model_name: len(f.formset.forms)
        for f in response.context["inline_admin_formsets"]
    }
    assert (formsets["enrollment"], formsets["communication"]) == (60, 5)


def test_staff_find_the_session_of_a_communication_by_searching(staff_client):
    from tests.factories import SessionFactory

    wanted = SessionFactory(title="Désinformation en période électorale")
    SessionFactory(title="Rôle des partis", workshop=wanted.workshop)
    found = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "library", "model_name": "communication", "field_name": "session", "term": "désinfo"},
    )
    assert [item["id"] for item in found.json()["results"]] == [str(wanted.pk)]
    index = staff_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:workshops_session_changelist") not in index  # edited on the workshop's page
