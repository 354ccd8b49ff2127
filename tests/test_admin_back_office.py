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


# Measured: 8, 4 and 4 (session, user, count, rows, the filters' choices); a query per row would be 100+.
@pytest.mark.parametrize(
    ("model", "bound"), [(Workshop, 10), (Report, 6), (Recommendation, 6)], ids=["ateliers", "rapports", "recommandations"]
)
def test_staff_changelists_of_100_rows_issue_a_bounded_number_of_queries(
    staff_client, hundred_reports, model, bound, django_assert_max_num_queries
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
    assert [report.workshop.title for report in response.context["cl"].result_list] == ["Atelier de Possotomè"]
    assert "Publier les rapports sélectionnés" in response.content.decode()


def _action(client, model, action, objects):
    return client.post(
        _changelist(model), {"action": action, "_selected_action": [obj.pk for obj in objects]}, follow=True
    )


def test_staff_closes_registration_and_marks_workshops_as_held_in_bulk(staff_client):
    now = timezone.now()
    started = WorkshopFactory(
        title="Commencé", starts_at=now - datetime.timedelta(hours=2),
        registration_opens_at=now - datetime.timedelta(days=10), registration_closes_at=now - datetime.timedelta(days=1),
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
        "Commencé": WorkshopStatus.HELD, "À venir": WorkshopStatus.REGISTRATION_CLOSED, "Brouillon": WorkshopStatus.PUBLISHED,
    }


def test_staff_publishes_and_unpublishes_reports_from_the_list(staff_client, staff_user):
    ready = ReportFactory()
    hidden = ReportFactory(workshop=WorkshopFactory(title="Atelier en brouillon", status=WorkshopStatus.DRAFT))
    response = _action(staff_client, Report, "publish", [ready, hidden])
    assert [str(m) for m in response.context["messages"]] == [
        "1 rapport publié.",
        "Atelier en brouillon : Publiez d'abord l'atelier : le rapport d'un atelier en brouillon ne peut pas être public.",
    ]
    ready.refresh_from_db(), hidden.refresh_from_db()
    assert (ready.status, ready.published_by, hidden.status) == (ReportStatus.PUBLISHED, staff_user, ReportStatus.DRAFT)
    _action(staff_client, Report, "unpublish", [ready])
    ready.refresh_from_db()
    assert (ready.status, ready.published_at) == (ReportStatus.DRAFT, None)
    assert staff_client.get(reverse("admin:reports_report_history", args=[ready.pk])).status_code == 200


def test_staff_drafts_a_report_with_recommendations_in_one_form(staff_client):
    workshop = WorkshopFactory(status=WorkshopStatus.HELD)
    prefix = "recommendations"
    response = staff_client.post(reverse("admin:reports_report_add"), {
        "workshop": workshop.pk, "summary": "Synthèse.",
        f"{prefix}-TOTAL_FORMS": 2, f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-0-position": 1, f"{prefix}-0-text": "Lutter contre les fausses nouvelles.",
        f"{prefix}-0-addressee": "media", f"{prefix}-0-owner": "", f"{prefix}-0-due_date": "30/06/2023",
        f"{prefix}-1-position": 1, f"{prefix}-1-text": "", f"{prefix}-1-addressee": "",
    })
    assert response.status_code == 302
    report = Report.objects.get(workshop=workshop)
    assert report.status == ReportStatus.DRAFT
    assert [(r.text, r.addressee, r.status, r.due_date) for r in report.recommendations.all()] == [
        ("Lutter contre les fausses nouvelles.", "media", RecommendationStatus.PROPOSED, datetime.date(2023, 6, 30))
    ]


def _update_form(recommendation, **entry):
    prefix = "updates"
    data = {
        "report": recommendation.report_id, "position": recommendation.position, "text": recommendation.text,
        "addressee": recommendation.addressee, "owner": recommendation.owner, "due_date": "",
        f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-0-date": "03/10/2022", f"{prefix}-0-status": "", f"{prefix}-0-note": "",
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
    objects = [recommendation.report.workshop, recommendation.report, recommendation, SpeakerFactory(),
               VenueFactory(), PartnerFactory(), ThemeFactory()]
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
