"""Marks a phone took at the door, offline perhaps, and sent later: the roster it keeps, the
marks it sends (the same twice, or from two phones, is one attendance, even at the same instant),
and the days on which no presence exists — outside the workshop, or still to come — whatever
path writes it."""

import datetime
import json
import threading
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import EnrollmentFactory, UserFactory, WorkshopFactory, workshop_days_come
from workshops import services
from workshops.models import Attendance, Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_way(party_official):
    """A two-day workshop whose second day is today, Adjoa and Bio confirmed, Chabi withdrawn."""
    workshop = WorkshopFactory(title="Coproduction à Ouidah")
    workshop.ends_at = workshop.starts_at + datetime.timedelta(days=1, hours=2)
    workshop.save()
    people = [
        EnrollmentFactory(workshop=workshop, delegate=party_official.party.delegates.get(first_name=name))
        for name in ["Adjoa", "Bio", "Chabi"]
    ]
    people[2].status = "withdrawn"
    people[2].save()
    return workshop_days_come(workshop), people


def _clerk():
    clerk = UserFactory(is_staff=True, email="accueil@misp.bj")
    clerk.user_permissions.add(Permission.objects.get(codename="add_attendance"))
    return clerk


def _send(client, workshop, *marks):
    return client.post(
        reverse("workshops:checkin_marks", args=[workshop.pk]),
        json.dumps({"marks": list(marks)}),
        content_type="application/json",
    )


def _mark(enrollment, day, mark_id=None, code=None):
    return {
        "id": str(mark_id or uuid.uuid4()),
        "code": code or enrollment.checkin_code,
        "day": day.isoformat(),
    }


def test_clerk_phone_keeps_only_what_the_door_needs(client, under_way):
    workshop, [adjoa, bio, _chabi] = under_way
    services.attendance_mark(enrollments=[adjoa], day=workshop.days()[0], by=None)
    client.force_login(_clerk())

    response = client.get(reverse("workshops:checkin_roster", args=[workshop.pk]))

    roster = response.json()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert roster["days"] == [d.isoformat() for d in workshop.days()]
    assert roster["today"] == timezone.localdate().isoformat()
    assert sorted(p["code"] for p in roster["people"]) == sorted([adjoa.checkin_code, bio.checkin_code])
    assert {key for p in roster["people"] for key in p} == {"code", "token", "name", "party", "phone"}
    assert roster["present"] == {workshop.days()[0].isoformat(): [adjoa.checkin_code]}
    assert "@" not in response.content.decode()  # no e-mail address


def test_roster_and_marks_are_for_staff_who_check_people_in(client, under_way, party_official):
    workshop, [adjoa, *_] = under_way
    roster_url = reverse("workshops:checkin_roster", args=[workshop.pk])
    assert client.get(roster_url).status_code == 302
    client.force_login(party_official.user)
    assert client.get(roster_url).status_code == 403
    assert _send(client, workshop, _mark(adjoa, timezone.localdate())).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.get(roster_url).status_code == 403
    assert Attendance.objects.count() == 0


def test_the_same_mark_sent_twice_is_one_attendance_and_both_answers_say_recorded(client, under_way):
    workshop, [adjoa, *_] = under_way
    client.force_login(_clerk())
    mark = _mark(adjoa, timezone.localdate())

    first = _send(client, workshop, mark).json()["results"]
    again = _send(client, workshop, mark).json()["results"]

    assert [r["status"] for r in first + again] == ["recorded", "recorded"]
    assert list(Attendance.objects.values_list("enrollment", "day", "client_id")) == [
        (adjoa.pk, timezone.localdate(), uuid.UUID(mark["id"]))
    ]


def test_a_second_phone_marking_the_same_person_changes_nothing(client, under_way):
    workshop, [adjoa, *_] = under_way
    client.force_login(_clerk())
    today = timezone.localdate()

    first = _send(client, workshop, _mark(adjoa, today)).json()["results"]
    second = _send(client, workshop, _mark(adjoa, today, code=_token(adjoa))).json()["results"]

    assert [(r["status"], r["name"]) for r in first + second] == [
        ("recorded", adjoa.person_name),
        ("already", adjoa.person_name),
    ]
    assert Attendance.objects.count() == 1


def _token(enrollment):
    from workshops.documents import convocation_token  # the QR code printed on the convocation

    return convocation_token(enrollment)


def test_a_forged_mark_for_a_day_to_come_is_refused_in_french_and_records_nothing(client, party_official):
    # On 4 December 2026 the page took a presence for 3 January 2027: never again.
    workshop = WorkshopFactory(title="Coproduction à Natitingou")
    [adjoa] = services.enrollment_create_for_delegates(
        workshop=workshop,
        party=party_official.party,
        delegates=[party_official.party.delegates.get(first_name="Adjoa")],
        by=party_official.user,
    )
    client.force_login(_clerk())
    day = workshop.days()[0]

    [answer] = _send(client, workshop, _mark(adjoa, day)).json()["results"]
    form = client.post(
        reverse("workshops:checkin", args=[workshop.pk]), {"day": day.isoformat(), "code": adjoa.checkin_code}
    )

    assert answer["status"] == "refused"
    assert answer["message"] == (
        f"Le {day.day} {_french_month(day)} {day.year} est un jour à venir : "
        "une présence ne s'enregistre que le jour même ou après."
    )
    assert "L'émargement ouvre le premier jour de l'atelier" in form.content.decode()
    assert Attendance.objects.count() == 0


def _french_month(day):
    return [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ][day.month - 1]  # fmt: skip


def test_a_mark_for_a_day_outside_the_workshop_is_refused(client, under_way):
    workshop, [adjoa, *_] = under_way
    client.force_login(_clerk())
    before = workshop.days()[0] - datetime.timedelta(days=1)

    [answer] = _send(client, workshop, _mark(adjoa, before)).json()["results"]

    assert answer["status"] == "refused"
    assert answer["message"].startswith(f"L'atelier n'a pas lieu le {before.day} {_french_month(before)}")
    assert Attendance.objects.count() == 0


def test_unreadable_marks_are_answered_not_crashed(client, under_way):
    workshop, [adjoa, *_] = under_way
    client.force_login(_clerk())
    url = reverse("workshops:checkin_marks", args=[workshop.pk])

    assert client.post(url, "pas du json", content_type="application/json").status_code == 400
    assert client.post(url, json.dumps({"marks": "x"}), content_type="application/json").status_code == 400
    answers = _send(client, workshop, {"id": "x", "code": adjoa.checkin_code, "day": "hier"}, "x").json()
    assert [r["status"] for r in answers["results"]] == ["refused", "refused"]
    assert Attendance.objects.count() == 0


def test_no_path_writes_a_presence_outside_the_workshop_or_ahead(under_way):
    """The admin, a script, raw SQL: the database refuses the row itself."""
    workshop, [adjoa, *_] = under_way
    for day in [
        workshop.days()[0] - datetime.timedelta(days=1),
        timezone.localdate() + datetime.timedelta(days=1),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Attendance.objects.create(enrollment=adjoa, day=day, method="admin")
    with pytest.raises(services.CheckinRefused, match="n'a pas lieu"):
        services.attendance_mark(
            enrollments=[adjoa], day=timezone.localdate() + datetime.timedelta(days=1), by=None
        )
    assert Attendance.objects.count() == 0


def test_a_door_mark_after_the_workshop_was_held_issues_the_certificate(client, under_way, staff_user):
    workshop, [adjoa, bio, _chabi] = under_way
    first, second = workshop.days()
    services.attendance_mark(enrollments=[adjoa, bio], day=first, by=staff_user)
    services.attendance_mark(enrollments=[adjoa], day=second, by=staff_user)
    assert services.workshop_mark_held(workshop=workshop, by=staff_user, now=workshop.ends_at) is True
    assert list(Certificate.objects.values_list("enrollment", flat=True)) == [adjoa.pk]
    client.force_login(_clerk())

    # Bio's second day, taken offline at the door, reaches the server after the workshop was held.
    [answer] = _send(client, workshop, _mark(bio, second)).json()["results"]

    assert answer["status"] == "recorded"
    assert sorted(Certificate.objects.values_list("enrollment", flat=True)) == sorted([adjoa.pk, bio.pk])


@pytest.mark.django_db(transaction=True)
def test_two_phones_sending_the_same_person_at_the_same_instant_make_one_attendance(party_official):
    """Two real connections, released together by a barrier, each from its own phone (its own
    client id), and twice the same client id: one attendance each time."""
    workshop = WorkshopFactory()
    adjoa, bio = (
        EnrollmentFactory(workshop=workshop, delegate=party_official.party.delegates.get(first_name=name))
        for name in ["Adjoa", "Bio"]
    )
    workshop_days_come(workshop)
    clerk = _clerk()
    today = timezone.localdate()
    same_id = uuid.uuid4()
    rounds = [
        [_mark(adjoa, today), _mark(adjoa, today)],  # two phones
        [_mark(bio, today, mark_id=same_id), _mark(bio, today, mark_id=same_id)],  # one mark sent twice
    ]
    answers = []
    for marks in rounds:
        barrier = threading.Barrier(len(marks))
        results = [None] * len(marks)

        def run(index, mark):
            try:
                phone = Client()
                phone.force_login(clerk)
                barrier.wait(timeout=30)
                results[index] = _send(phone, workshop, mark).json()["results"][0]["status"]
            except Exception as exc:  # noqa: BLE001 -- any failure is what the test looks for
                results[index] = repr(exc)
            finally:
                connection.close()  # this thread's own connection

        threads = [threading.Thread(target=run, args=(n, mark)) for n, mark in enumerate(marks)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        answers.append(sorted(results))

    assert answers == [["already", "recorded"], ["recorded", "recorded"]]
    assert sorted(Attendance.objects.values_list("enrollment", flat=True)) == sorted([adjoa.pk, bio.pk])


def test_the_service_worker_is_served_from_the_check_in_folder(client, under_way):
    workshop, _people = under_way
    client.force_login(_clerk())
    worker_url = reverse("workshops:checkin_worker")
    page = client.get(reverse("workshops:checkin", args=[workshop.pk])).content.decode()

    worker = client.get(worker_url)

    # Its scope is the folder of its address: the check-in pages, nothing else of the site.
    assert worker_url == "/ateliers/emargement/hors-ligne.js"
    assert reverse("workshops:checkin", args=[workshop.pk]).startswith(worker_url.rsplit("/", 1)[0] + "/")
    assert worker["Content-Type"].startswith("text/javascript")
    assert b'addEventListener("fetch"' in worker.content
    assert f'data-worker="{worker_url}"' in page
    assert "<script>" not in page and "unsafe-inline" not in worker.get("Content-Security-Policy", "")
