"""« Viendrez-vous ? » three days before a workshop: the question by SMS or e-mail, the SMS replies
posted by the gateway to the incoming-messages callback (real HTTP to a live server), the e-mail's
personal link, and the dashboard's counts."""

import datetime
import itertools
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.ground.notifications.models import InboundSms, Outbox
from portal.ground.notifications.sms import sms_segments
from tests.factories import (
    DelegateFactory,
    MediaActorFactory,
    PartyFactory,
    PartyOfficialFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.messaging.presence import presence_checks_plan, presence_token
from workshops.models import Enrollment, PartyAllocation
from workshops.services import (
    enrollment_create_by_staff,
    enrollment_create_for_delegates,
    enrollment_create_for_media_actor,
)

SECRET = "secret-de-la-passerelle-2026"
_ids = itertools.count(1)


def _workshop(days=3, **kwargs):
    start = timezone.now() + datetime.timedelta(days=days) - datetime.timedelta(hours=2)
    return WorkshopFactory(
        title="Atelier de Parakou",
        slug=f"atelier-de-parakou-{next(_ids)}",
        starts_at=start,
        registration_opens_at=start - datetime.timedelta(days=30),
        registration_closes_at=start - datetime.timedelta(days=4),  # the deadline has passed
        **kwargs,
    )


def _delegate_enrolled(workshop, *, phone="", email="", party=None, delegate=None):
    party = party or (delegate.party if delegate else PartyFactory())
    delegate = delegate or DelegateFactory(
        party=party, phone=phone, email=email, first_name="Koffi", last_name="Agbo"
    )
    [enrollment] = enrollment_create_for_delegates(
        workshop=workshop, party=party, delegates=[delegate], by=None, staff=True
    )
    return enrollment


class Gateway:
    """Posts to the portal's callback as Africa's Talking does (form fields from, to, text, date,
    id, linkId), over real HTTP to the live server."""

    def __init__(self, base_url, sent, mailed):
        self.base_url = base_url
        self.sent, self.mailed, self.posted = sent, mailed, False

    def post(self, phone, text, *, message_id=None, secret=SECRET, fields=None):
        if not self.posted:
            self.sent.requests.clear()
            self.mailed.clear()
            self.posted = True
        form = (
            fields
            if fields is not None
            else {
                "from": phone,
                "to": "MISP",
                "text": text,
                "date": "2026-12-04 08:00:00",
                "id": message_id or f"ATXid_in_{next(_ids)}",
                "linkId": "",
            }
        )
        request = urllib.request.Request(
            f"{self.base_url}/sms/entrants/{secret}/",
            data=urllib.parse.urlencode(form).encode(),
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as refusal:
            return refusal.code, refusal.read().decode()


@pytest.fixture
def gateway(live_server, settings, sms_gateway, mailoutbox):
    """The callback, opened with its secret; what was sent while the test set things up (the
    confirmations of enrollment) is forgotten at the first post, so that a test reads only the
    messages its replies caused."""
    settings.SMS_INBOUND_SECRET = SECRET
    settings.SMS_INBOUND_ALLOWED_ADDRESSES = []
    return Gateway(live_server.url, sms_gateway, mailoutbox)


def _sms_to(sms_gateway, phone):
    return [r["form"]["message"] for r in sms_gateway.requests if r["form"]["to"] == phone]


# --- The question ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_participants_are_asked_three_days_before_by_sms_or_by_a_personal_link_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    workshop = _workshop()
    by_sms = _delegate_enrolled(workshop, phone="+2290197000001")
    actor = MediaActorFactory(user__email="awa@exemple.bj").user
    by_mail = enrollment_create_by_staff(workshop=workshop, user=actor, by=None, reason="invitée")
    _delegate_enrolled(_workshop(days=8), phone="+2290197000002")  # too far away: not yet

    with django_capture_on_commit_callbacks(execute=True):
        assert presence_checks_plan() == 2
    assert presence_checks_plan() == 0  # beat running twice asks nothing twice

    sms = Outbox.objects.get(key=f"presence-check:{by_sms.pk}")
    assert sms.phone == "+2290197000001"
    assert "Répondez 1 pour confirmer votre présence, 2 pour libérer votre place" in sms.sms_text
    assert "Atelier de Parakou" in sms.sms_text and sms_segments(sms.sms_text) <= 2
    mail = Outbox.objects.get(key=f"presence-check:{by_mail.pk}")
    assert mail.carries_secret and "/ateliers/presence/" not in mail.text  # the journal keeps no link
    [message] = [m for m in mailoutbox if m.to == ["awa@exemple.bj"]]
    assert message.subject == "Confirmez votre présence : Atelier de Parakou"
    assert f"/ateliers/presence/{presence_token(by_mail.pk)}/" in message.body


@pytest.mark.django_db
def test_e_mail_link_shows_the_question_on_get_and_answers_only_on_post(client):
    workshop = _workshop()
    enrollment = enrollment_create_by_staff(workshop=workshop, user=UserFactory(), by=None, reason="invitée")
    link = reverse("workshops:presence", args=[presence_token(enrollment.pk)])

    page = client.get(link)
    assert page.status_code == 200 and "Je libère ma place" in page.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.presence_confirmed_at is None  # a mail scanner following the link changes nothing

    done = client.post(link, {"choice": "confirm"})
    assert done.status_code == 200 and "votre présence est confirmée" in done.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.presence_confirmed_at is not None

    assert client.post(link, {"choice": "peut-être"}).status_code == 400
    assert client.get(link[:-6] + "abcde/").status_code == 400  # a tampered token
    released = client.post(link, {"choice": "release"})
    assert "votre place est libérée" in released.content.decode()
    assert client.get(link).status_code == 400  # the seat is gone: the link no longer works


@pytest.mark.django_db
def test_e_mail_link_expires_when_the_workshop_starts(client):
    workshop = _workshop()
    enrollment = enrollment_create_by_staff(workshop=workshop, user=UserFactory(), by=None, reason="invitée")
    type(workshop).objects.filter(pk=workshop.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    link = reverse("workshops:presence", args=[presence_token(enrollment.pk)])
    assert client.get(link).status_code == 400
    assert client.post(link, {"choice": "release"}).status_code == 400
    enrollment.refresh_from_db()
    assert enrollment.status == "confirmed"


# --- The replies, through the gateway's callback ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_actor_replies_2_after_the_deadline_and_the_first_waiting_person_gets_the_seat_and_is_told(
    gateway, sms_gateway
):
    workshop = _workshop(capacity=1, party_quota=0)
    holder_user = MediaActorFactory(user__phone="+2290197000011", user__preferred_channel="sms").user
    holder = enrollment_create_by_staff(workshop=workshop, user=holder_user, by=None, reason="invitée")
    waiting_user = MediaActorFactory(user__phone="+2290197000012", user__preferred_channel="sms").user
    closes = workshop.registration_closes_at
    type(workshop).objects.filter(pk=workshop.pk).update(
        registration_closes_at=timezone.now() + datetime.timedelta(days=1)
    )
    waiting = enrollment_create_for_media_actor(
        workshop=workshop, user=waiting_user, by=waiting_user, join_waiting_list=True
    )
    type(workshop).objects.filter(pk=workshop.pk).update(registration_closes_at=closes)
    assert waiting.status == "waiting"

    assert gateway.post("+2290197000011", " 2. ") == (200, "ok")

    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, waiting.status) == ("withdrawn", "confirmed")
    assert holder.presence_released_at is not None
    [promoted] = _sms_to(sms_gateway, "+2290197000012")
    assert "Atelier de Parakou" in promoted
    # The holder (SMS only) is told by the usual message, and no second SMS says the same.
    [told] = _sms_to(sms_gateway, "+2290197000011")
    assert "retirée" in told  # é is in the GSM 7-bit alphabet: kept
    assert InboundSms.objects.get().outcome == "released"


@pytest.mark.django_db(transaction=True)
def test_reply_2_without_waiting_list_gives_the_seat_back_to_the_party_and_its_officials_are_told(
    gateway, sms_gateway, mailoutbox
):
    workshop = _workshop()
    party = PartyFactory()
    PartyOfficialFactory(party=party, user__email="chef@exemple.bj")
    enrollment = _delegate_enrolled(workshop, phone="+2290197000021", party=party)
    allocation = PartyAllocation.objects.get(workshop=workshop, party=party)
    assert allocation.seats_taken == 1

    assert gateway.post("+2290197000021", "deux")[0] == 200

    allocation.refresh_from_db()
    enrollment.refresh_from_db()
    assert (enrollment.status, allocation.seats_taken) == ("withdrawn", 0)
    [told] = [m for m in mailoutbox if m.to == ["chef@exemple.bj"]]
    assert told.subject.startswith("Inscription retirée : Atelier de Parakou")


@pytest.mark.django_db(transaction=True)
def test_reply_1_confirms_presence_and_the_dashboard_counts_the_answers(gateway, sms_gateway, staff_client):
    workshop = _workshop()
    confirmed = _delegate_enrolled(workshop, phone="+2290197000031")
    _delegate_enrolled(workshop, phone="+2290197000032")  # no answer
    released = _delegate_enrolled(workshop, phone="+2290197000033")

    assert gateway.post("+2290197000031", "1")[0] == 200
    assert gateway.post("+2290197000033", "2")[0] == 200

    confirmed.refresh_from_db()
    released.refresh_from_db()
    assert confirmed.presence_confirmed_at is not None and released.status == "withdrawn"
    [thanks] = _sms_to(sms_gateway, "+2290197000031")
    assert "votre présence est confirmée" in thanks
    html = staff_client.get(
        reverse("admin:workshops_workshop_dashboard", args=[workshop.pk])
    ).content.decode()
    assert 'data-figure="presence-confirmed">1<' in html
    assert 'data-figure="presence-released">1<' in html
    assert 'data-figure="presence-unanswered">1<' in html


@pytest.mark.django_db(transaction=True)
def test_other_text_gets_the_question_again_once_a_day_never_a_storm(gateway, sms_gateway):
    workshop = _workshop()
    enrollment = _delegate_enrolled(workshop, phone="+2290197000041")

    for text in ["peut-être", "Je viendrai", "?"]:
        assert gateway.post("+2290197000041", text)[0] == 200

    [help_sms] = _sms_to(sms_gateway, "+2290197000041")
    assert "réponse non comprise" in help_sms and "répondez 1" in help_sms
    enrollment.refresh_from_db()
    assert enrollment.status == "confirmed" and enrollment.presence_confirmed_at is None
    assert sorted(InboundSms.objects.values_list("outcome", flat=True)) == [
        "help",
        "help-already-sent",
        "help-already-sent",
    ]


@pytest.mark.django_db(transaction=True)
def test_unknown_number_is_recorded_without_its_text_and_ignored(gateway, sms_gateway):
    _delegate_enrolled(_workshop(), phone="+2290197000051")

    assert gateway.post("+2290197000059", "2") == (200, "ok")

    row = InboundSms.objects.get()
    assert (row.phone, row.text, row.outcome) == ("+2290197000059", "", "unknown")
    # The gateway's "2026-12-04 08:00:00" is UTC: 09:00 in Porto-Novo.
    assert timezone.localtime(row.sent_at).strftime("%d/%m %H:%M") == "04/12 09:00"
    assert sms_gateway.requests == []
    assert Enrollment.objects.get().status == "confirmed"


@pytest.mark.django_db(transaction=True)
def test_a_callback_repeated_by_the_gateway_acts_once(gateway, sms_gateway):
    workshop = _workshop(capacity=2, party_quota=2)
    enrollment = _delegate_enrolled(workshop, phone="+2290197000061")

    assert gateway.post("+2290197000061", "2", message_id="ATXid_repete")[0] == 200
    assert gateway.post("+2290197000061", "2", message_id="ATXid_repete")[0] == 200

    enrollment.refresh_from_db()
    assert enrollment.status == "withdrawn"
    assert InboundSms.objects.count() == 1
    assert Enrollment.history.filter(id=enrollment.pk, status="withdrawn").count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_phone_with_two_workshops_answers_about_the_nearest_and_says_so(gateway, sms_gateway):
    sooner = _delegate_enrolled(_workshop(days=3), phone="+2290197000071")
    later = _delegate_enrolled(_workshop(days=10), delegate=sooner.delegate)

    assert gateway.post("+2290197000071", "1")[0] == 200

    sooner.refresh_from_db()
    later.refresh_from_db()
    assert sooner.presence_confirmed_at is not None and later.presence_confirmed_at is None
    [thanks] = _sms_to(sms_gateway, "+2290197000071")
    assert "Votre prochain atelier" in thanks and "1 autre" in thanks


@pytest.mark.django_db(transaction=True)
def test_callback_refuses_a_wrong_secret_a_stranger_address_and_bad_input(gateway, settings, live_server):
    enrollment = _delegate_enrolled(_workshop(), phone="+2290197000081")

    assert gateway.post("+2290197000081", "2", secret="mauvais-secret") == (403, "forbidden")
    assert gateway.post("+2290197000081", "2", fields={"text": "2"})[0] == 400  # no sender, no id
    assert gateway.post("", "", fields={"from": "pas un numéro", "id": "x", "text": "2"})[0] == 400
    assert gateway.post("", "", fields={"from": "+2290197000081", "id": "x" * 500, "text": "2"})[0] == 400
    settings.SMS_INBOUND_ALLOWED_ADDRESSES = ["192.0.2.10"]
    assert gateway.post("+2290197000081", "2")[0] == 403
    settings.SMS_INBOUND_SECRET = ""
    settings.SMS_INBOUND_ALLOWED_ADDRESSES = []
    assert gateway.post("+2290197000081", "2", secret="")[0] == 404  # no secret: no address at all
    assert gateway.post("+2290197000081", "2")[0] == 403  # a door without a secret stays closed
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{live_server.url}/sms/entrants/{SECRET}/", timeout=20)
    assert refused.value.code == 405  # GET changes nothing and is not a callback

    enrollment.refresh_from_db()
    assert enrollment.status == "confirmed" and not InboundSms.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_sms_receive_command_posts_to_the_running_site_as_the_gateway_would(gateway, live_server, capsys):
    enrollment = _delegate_enrolled(_workshop(), phone="+2290197000091")

    call_command("sms_receive", "+2290197000091", "1", url=live_server.url)

    assert "reçu par le site : ok" in capsys.readouterr().out
    enrollment.refresh_from_db()
    assert enrollment.presence_confirmed_at is not None
