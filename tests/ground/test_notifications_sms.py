"""SMS: segment arithmetic, the development backends, Africa's Talking's API against a stand-in."""

import io

import pytest
from django.utils import timezone

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import notification_queue, outbox_deliver
from portal.ground.notifications.sms import SmsMessage, get_sms_backend, sms_segments
from portal.ground.notifications.sms.segments import sms_length
from tests.plugins.workers import wait_until


def test_french_accents_of_gsm7_keep_160_characters_others_switch_to_70():
    assert sms_length("Atelier à Cotonou, délégués attendus") == ("gsm7", 36)
    assert sms_segments("é" * 160) == 1
    assert sms_segments("é" * 161) == 2
    assert sms_segments("ê" + "a" * 69) == 1  # ê is not GSM-7: the whole text becomes UCS-2
    assert sms_segments("ê" + "a" * 70) == 2
    assert sms_segments("ç" * 134) == 2 and sms_segments("ç" * 135) == 3  # 67 per part
    assert sms_length("Prix : 10 €") == ("gsm7", 12)  # € is an escape: two septets
    assert sms_segments("a" * 306) == 2 and sms_segments("a" * 307) == 3  # 153 per part
    assert sms_segments("") == 0


def test_console_backend_prints_each_message():
    stream = io.StringIO()
    backend = get_sms_backend("portal.ground.notifications.sms.backends.console.SmsBackend", stream=stream)
    results = backend.send_messages([SmsMessage(to="+22997000000", body="Bonjour")])
    assert [r.ok for r in results] == [True]
    assert "SMS to +22997000000" in stream.getvalue() and "Bonjour" in stream.getvalue()


def test_file_backend_writes_into_the_sms_folder(tmp_path):
    backend = get_sms_backend(
        "portal.ground.notifications.sms.backends.filebased.SmsBackend", file_path=tmp_path
    )
    backend.send_messages([SmsMessage(to="+22997000000", body="Atelier demain")])
    [written] = list(tmp_path.iterdir())
    assert "Atelier demain" in written.read_text(encoding="utf-8")


def test_http_backend_posts_africas_talking_form_and_reads_each_status(sms_gateway):
    sms_gateway.statuses["+22997000002"] = (403, "InvalidPhoneNumber")
    sms_gateway.statuses["+22997000003"] = (500, "InternalServerError")
    results = get_sms_backend().send_messages(
        [
            SmsMessage(to="+22997000001", body="Rappel : atelier demain"),
            SmsMessage(to="+22997000002", body="x"),
            SmsMessage(to="+22997000003", body="y"),
        ]
    )
    assert [(r.ok, r.temporary, r.error) for r in results] == [
        (True, False, ""),
        (False, False, "403 InvalidPhoneNumber"),
        (False, True, "500 InternalServerError"),
    ]
    assert results[0].provider_id == "ATXid_1"
    first = sms_gateway.requests[0]
    assert first["path"] == "/version1/messaging"
    assert first["headers"]["apikey"] == "cle-de-test"
    assert first["form"] == {
        "username": "misp",
        "to": "+22997000001",
        "message": "Rappel : atelier demain",
        "from": "MISP",
    }


def test_http_backend_treats_an_unreachable_gateway_as_temporary(settings):
    from tests.plugins.mail import free_port

    settings.SMS_BACKEND = "portal.ground.notifications.sms.backends.africastalking.SmsBackend"
    settings.SMS_API_URL = f"http://127.0.0.1:{free_port()}/version1/messaging"
    [result] = get_sms_backend().send_messages([SmsMessage(to="+22997000001", body="x")])
    assert (result.ok, result.temporary) == (False, True)


@pytest.mark.django_db
def test_sms_outcomes_are_recorded_per_number(sms_gateway):
    sms_gateway.statuses["+22997000009"] = (406, "UserInBlacklist")
    notification_queue(kind="t", key="a", template="invitation", context={}, phone="+22997000008")
    notification_queue(kind="t", key="b", template="invitation", context={}, phone="+22997000009")

    assert outbox_deliver(outbox_ids=list(Outbox.objects.values_list("pk", flat=True))) == 1

    assert sorted(Outbox.objects.values_list("phone", "status", "last_error")) == [
        ("+22997000008", "sent", ""),
        ("+22997000009", "failed", "406 UserInBlacklist"),
    ]
    assert Outbox.objects.get(phone="+22997000008").provider_id.startswith("ATXid_")


@pytest.mark.django_db(transaction=True)
def test_sms_reaches_the_gateway_through_the_real_worker(sms_gateway, redis_server, outbox_worker):
    outbox_worker(
        broker_url=redis_server.url,
        smtp_port=1,
        extra_env={
            "SMS_BACKEND": "africastalking",
            "SMS_API_URL": sms_gateway.url,
            "SMS_USERNAME": "misp",
            "SMS_API_KEY": "cle-de-test",
            "SMS_SENDER_ID": "MISP",
        },
    )
    from tests.factories import UserFactory

    user = UserFactory(phone="+22997000077", preferred_channel="sms")
    notification_queue(
        kind="invitation",
        key="i",
        template="invitation",
        context={
            "workshop_title": "Élections apaisées",
            "workshop_date_short": "15/12/2026",
            "workshop_start_time": "09:00",
            "workshop_venue": "Salle des fêtes",
            "workshop_commune": "Parakou",
            "sms_link": "http://127.0.0.1:8000/a/1/",
        },
        user=user,
    )
    assert wait_until(lambda: Outbox.objects.filter(status="sent").exists(), timeout=30)
    assert [r["form"]["to"] for r in sms_gateway.requests] == ["+22997000077"]
    assert sms_gateway.requests[0]["form"]["message"] == (
        "MISP : invitation à l'atelier Élections apaisées, le 15/12/2026 à 09:00, Salle des fetes, Parakou. "
        "Détails : http://127.0.0.1:8000/a/1/"
    )
    assert Outbox.objects.get().sent_at <= timezone.now()


def test_french_characters_outside_gsm7_are_folded_so_the_sms_keeps_160_characters():
    from portal.ground.notifications.sms.segments import gsm7_fold

    folded = gsm7_fold("Fête de l’Indépendance à Abomey-Calavi, leçon 2…")
    assert folded == "Fete de l'Indépendance à Abomey-Calavi, lecon 2..."
