"""A ministry organiser runs a workshop from the admin in a real browser (desktop and phone):
publishes it, sends its invitations, marks attendance and publishes its report, reading the
database after each step.

axe runs on the portal's own page (the login) and on the back office's own templates (the
workshop dashboard and the printable attendance sheet); the rest of Django's admin is Django's
markup and is not checked here."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from portal.ground.notifications.models import Outbox
from tests.factories import MediaActorFactory, ReportFactory, VerifiedUserFactory, WorkshopFactory
from tests.plugins.browser import accessibility_violations, sign_in
from workshops import services
from workshops.models import Attendance, Campaign, Workshop, WorkshopStatus
from workshops.reports.models import ReportStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _run_action(page, label, rows):
    """Ticks the rows whose links read `rows` on a changelist, chooses the action, runs it."""
    for row in rows:
        page.get_by_role("row").filter(has=page.get_by_role("link", name=row, exact=True)).get_by_role(
            "checkbox"
        ).check()
    page.locator("select[name=action]").select_option(label=label)
    page.locator("button[name=index]").click()


def test_organiser_publishes_invites_marks_attendance_and_publishes_the_report(live_server, page):
    organiser = VerifiedUserFactory(is_staff=True, email="organisatrice@misp.bj", first_name="Rachida")
    # The organiser of the workshops also edits its report: both groups.
    organiser.groups.add(Group.objects.get(name="organisateur"), Group.objects.get(name="éditeur"))
    now, hour = timezone.now(), datetime.timedelta(hours=1)
    today = timezone.localdate(now)
    # Under way (late registrations still open), so that presence can be marked today.
    workshop = WorkshopFactory(
        title="Élections apaisées à Parakou",
        status=WorkshopStatus.DRAFT,
        capacity=20,
        starts_at=now - hour,
        ends_at=now + 3 * hour,
        registration_opens_at=now - 240 * hour,
        registration_closes_at=now + 2 * hour,
    )
    actors = [
        MediaActorFactory(user__first_name=name, user__last_name="Agbo").user
        for name in ["Fifamè", "Gildas", "Hortense"]
    ]
    report = ReportFactory(workshop=workshop, summary="Les participants ont débattu de la désinformation.")

    sign_in(page, live_server, organiser)
    assert accessibility_violations(page) == []

    # 1. Publish the workshop from the list.
    page.goto(live_server.url + "/admin/workshops/workshop/")
    _run_action(page, "Publier les ateliers sélectionnés", [workshop.title])
    expect(page.get_by_text("1 atelier publié.")).to_be_visible()
    workshop.refresh_from_db()
    assert (workshop.status, workshop.published_at is not None) == (WorkshopStatus.PUBLISHED, True)

    # 2. From its dashboard, invite every social-media actor.
    page.get_by_role("row").filter(has=page.get_by_role("link", name=workshop.title, exact=True)).get_by_role(
        "link", name="Tableau de bord"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Tableau de bord — {workshop.title}"
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Envoyer les invitations…").click()
    page.get_by_label("Public invité").select_option("media")
    page.get_by_role("button", name="Confirmer").click()
    expect(
        page.get_by_text(
            "campagne « Tous les acteurs des médias sociaux » lancée, 3 invitations mises en file"
        )
    ).to_be_visible()
    [campaign] = Campaign.objects.all()
    assert (campaign.workshop, campaign.audience, campaign.created_by) == (workshop, "media", organiser)
    assert sorted(Outbox.objects.filter(batch=campaign.batch).values_list("user_id", flat=True)) == sorted(
        u.pk for u in actors
    )

    # Two of them enroll; on the day, the organiser marks them present.
    enrolled = [
        services.enrollment_create_for_media_actor(workshop=workshop, user=user, by=user)
        for user in actors[:2]
    ]
    page.goto(f"{live_server.url}/admin/workshops/workshop/{workshop.pk}/tableau-de-bord/")
    page.get_by_role(
        "link", name="Inscrits confirmés : marquer les présences, annuler, déplacer, exporter"
    ).click()
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label="Marquer présents pour une journée")
    page.locator("button[name=index]").click()
    page.get_by_label("Journée (JJ/MM/AAAA)").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("2 lignes traitées.")).to_be_visible()
    assert sorted(
        Attendance.objects.values_list("enrollment_id", "day", "method", "checked_in_by")
    ) == sorted((e.pk, today, "admin", organiser.pk) for e in enrolled)

    # The dashboard says so, and the printable sheet lists them.
    page.goto(f"{live_server.url}/admin/workshops/workshop/{workshop.pk}/tableau-de-bord/")
    presence = page.get_by_role("table", name="Personnes présentes sur les inscrits confirmés")
    today_row = presence.get_by_role("row").filter(has_text=f"{today:%d/%m/%Y}")
    assert today_row.get_by_role("cell").all_inner_texts()[:2] == ["2", "2"]
    page.get_by_role("link", name=f"À imprimer, le {today:%d/%m/%Y}").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Feuille de présence"
    assert sorted(page.get_by_role("table").get_by_role("rowheader").all_inner_texts()) == [
        "Fifamè Agbo",
        "Gildas Agbo",
    ]
    assert accessibility_violations(page) == []

    # 3. Publish the report from the reports' list.
    page.goto(live_server.url + "/admin/reports/report/")
    _run_action(page, "Publier les rapports sélectionnés", [str(workshop.title)])
    expect(page.get_by_text("1 rapport publié.")).to_be_visible()
    report.refresh_from_db()
    assert (report.status, report.published_by) == (ReportStatus.PUBLISHED, organiser)
    assert Workshop.objects.get(pk=workshop.pk).status == WorkshopStatus.PUBLISHED
