"""Reads about one person: what "Mon espace" shows them and everything the portal holds on them."""

from allauth.account.models import EmailAddress
from django.utils import timezone

from portal.notifications.models import ReminderOptOut
from portal.notifications.selectors import outbox_rows_of
from workshops.models import Attendance, Certificate
from workshops.selectors import enrollment_list_for_media_actor

from .models import MediaActorProfile


def media_profile_of(user):
    return MediaActorProfile.objects.filter(user=user).prefetch_related("platforms").first()


def _iso(value):
    return value.isoformat() if value else None


def user_data_export(*, user):
    """Everything the portal holds about this person, as plain JSON-ready values."""
    from accounts.parties.models import PartyOfficial

    data = {
        "generated_at": timezone.now().isoformat(),
        "account": {
            "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
            "phone": user.phone.as_e164 if user.phone else "", "commune": user.commune.name if user.commune else None,
            "language": user.language, "preferred_channel": user.preferred_channel,
            "reminders_enabled": user.reminders_enabled, "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login), "is_staff": user.is_staff,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "media_profile": None,
        "party": None,
        "enrollments": [],
        # What was sent to them, not the bodies: those may carry links still valid.
        "messages": [
            {"kind": kind, "channel": channel, "status": status, "created_at": _iso(created_at), "sent_at": _iso(sent_at)}
            for kind, channel, status, created_at, sent_at in outbox_rows_of(user=user).order_by("created_at", "pk")
            .values_list("kind", "channel", "status", "created_at", "sent_at")
        ],
        "reminder_opt_outs": [
            {"address": address, "since": _iso(since)}
            for address, since in ReminderOptOut.objects.filter(
                address__in=[a for a in (user.email.lower(), user.phone.as_e164 if user.phone else "") if a]
            ).order_by("address").values_list("address", "created_at")
        ],
        "certificates": [
            {"workshop": c.enrollment.workshop.title, "code": c.printed_code, "issued_at": _iso(c.issued_at)}
            for c in Certificate.objects.filter(enrollment__user=user).select_related("enrollment__workshop").order_by("issued_at")
        ],
    }
    profile = media_profile_of(user)
    if profile:
        data["media_profile"] = {
            "is_page_admin": profile.is_page_admin, "is_web_activist": profile.is_web_activist,
            "is_blogger": profile.is_blogger, "created_at": _iso(profile.created_at),
            "platforms": [
                {"kind": platform.kind, "handle": platform.handle, "audience_size": platform.audience_size}
                for platform in profile.platforms.order_by("kind", "handle")
            ],
        }
    official = PartyOfficial.objects.select_related("party").filter(user=user).first()
    if official:
        data["party"] = {
            "name": official.party.name, "acronym": official.party.acronym, "role": official.role,
            "since": _iso(official.created_at),
        }
    attendances = {}
    for attendance in Attendance.objects.filter(enrollment__user=user).order_by("day"):
        attendances.setdefault(attendance.enrollment_id, []).append(
            {"day": attendance.day.isoformat(), "checked_in_at": _iso(attendance.checked_in_at), "method": attendance.method}
        )
    for enrollment in enrollment_list_for_media_actor(user=user):
        data["enrollments"].append({
            "workshop": enrollment.workshop.title, "workshop_slug": enrollment.workshop.slug,
            "starts_at": _iso(enrollment.workshop.starts_at), "status": enrollment.status,
            "checkin_code": enrollment.checkin_code, "person_phone": enrollment.person_phone,
            "created_at": _iso(enrollment.created_at), "attendance": attendances.get(enrollment.pk, []),
        })
    return data
