"""A person's data across the portal: everything it holds on them (the export of Mon espace), and
the deletion of their account, which walks every app that names them."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MediaActorProfile, User
from accounts.parties.models import OfficialRole, PartyOfficial
from accounts.selectors import media_profile_of
from portal.ground.notifications.models import ReminderOptOut
from portal.ground.notifications.selectors import outbox_rows_of
from portal.ground.notifications.services import outbox_forget_person
from workshops.evaluation.models import Answer
from workshops.evaluation.models import Response as EvaluationResponse
from workshops.models import ACTIVE_ENROLLMENT, Attendance, Certificate, Enrollment
from workshops.perdiem.models import PaymentLine
from workshops.relay.models import RelayLink, RelayPost
from workshops.reports.followup.models import OrganisationInvitation, OrganisationMember, ProgressNote
from workshops.selectors import enrollment_list_for_media_actor
from workshops.services import enrollment_anonymise


def _iso(value):
    return value.isoformat() if value else None


def user_data_export(*, user):
    """Everything the portal holds about this person, as plain JSON-ready values."""
    data = {
        "generated_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone.as_e164 if user.phone else "",
            "commune": user.commune.name if user.commune else None,
            "language": user.language,
            "preferred_channel": user.preferred_channel,
            "reminders_enabled": user.reminders_enabled,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_staff": user.is_staff,
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
            {
                "kind": kind,
                "channel": channel,
                "status": status,
                "created_at": _iso(created_at),
                "sent_at": _iso(sent_at),
            }
            for kind, channel, status, created_at, sent_at in outbox_rows_of(user=user)
            .order_by("created_at", "pk")
            .values_list("kind", "channel", "status", "created_at", "sent_at")
        ],
        "reminder_opt_outs": [
            {"address": address, "since": _iso(since)}
            for address, since in ReminderOptOut.objects.filter(
                address__in=[a for a in (user.email.lower(), user.phone.as_e164 if user.phone else "") if a]
            )
            .order_by("address")
            .values_list("address", "created_at")
        ],
        "certificates": [
            {"workshop": c.enrollment.workshop.title, "code": c.printed_code, "issued_at": _iso(c.issued_at)}
            for c in Certificate.objects.filter(enrollment__user=user)
            .select_related("enrollment__workshop")
            .order_by("issued_at")
        ],
    }
    profile = media_profile_of(user)
    if profile:
        data["media_profile"] = {
            "is_page_admin": profile.is_page_admin,
            "is_web_activist": profile.is_web_activist,
            "is_blogger": profile.is_blogger,
            "gender": profile.gender,
            "created_at": _iso(profile.created_at),
            "platforms": [
                {"kind": platform.kind, "handle": platform.handle, "audience_size": platform.audience_size}
                for platform in profile.platforms.order_by("kind", "handle")
            ],
        }
    official = PartyOfficial.objects.select_related("party").filter(user=user).first()
    if official:
        data["party"] = {
            "name": official.party.name,
            "acronym": official.party.acronym,
            "role": official.role,
            "since": _iso(official.created_at),
        }
    attendances = {}
    for attendance in Attendance.objects.filter(enrollment__user=user).order_by("day"):
        attendances.setdefault(attendance.enrollment_id, []).append(
            {
                "day": attendance.day.isoformat(),
                "checked_in_at": _iso(attendance.checked_in_at),
                "method": attendance.method,
            }
        )
    for enrollment in enrollment_list_for_media_actor(user=user):
        data["enrollments"].append(
            {
                "workshop": enrollment.workshop.title,
                "workshop_slug": enrollment.workshop.slug,
                "starts_at": _iso(enrollment.workshop.starts_at),
                "status": enrollment.status,
                "checkin_code": enrollment.checkin_code,
                "person_phone": enrollment.person_phone,
                "created_at": _iso(enrollment.created_at),
                "attendance": attendances.get(enrollment.pk, []),
                "answers": [
                    {"question": answer.question.label, "answer": answer.value}
                    for answer in enrollment.answers.select_related("question")
                ],
            }
        )
    data["relay"] = _relay_export(user)
    data["addressee"] = _addressee_export(user)
    data["per_diem"] = _per_diem_export(user)
    data["evaluation"] = _evaluation_export(user)
    return data


def _evaluation_export(user):
    """Their answers to the workshops' questionnaires, phase by phase."""
    responses = (
        EvaluationResponse.objects.filter(enrollment__user=user)
        .select_related("questionnaire__workshop")
        .prefetch_related("answers__question", "answers__choices")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "workshop": response.questionnaire.workshop.title,
            "phase": response.phase,
            "submitted_at": _iso(response.submitted_at),
            "answers": [
                {
                    "question": answer.question.text,
                    "score": answer.scale,
                    "choices": [choice.text for choice in answer.choices.all()],
                    "text": answer.text,
                }
                for answer in response.answers.all()
            ],
        }
        for response in responses
    ]


def _per_diem_export(user):
    """The rows of validated payment sheets that name this person (per diem and transport)."""
    return [
        {
            "workshop": line.sheet.workshop.title,
            "reference": line.reference,
            "days": line.days.split(",") if line.days else [],
            "per_diem": line.per_diem,
            "transport": line.transport,
            "total": line.total,
            "phone": line.phone,
            "validated_at": _iso(line.sheet.validated_at),
        }
        for line in PaymentLine.objects.filter(enrollment__user=user)
        .select_related("sheet__workshop")
        .order_by("sheet__validated_at", "pk")
    ]


def _relay_export(user):
    """Their short links (with the visits counted, never the visitors) and the posts they declared."""
    links = (
        RelayLink.objects.filter(actor=user)
        .select_related("communication")
        .annotate(visits=Sum("clicks__count"))
    )
    posts = RelayPost.objects.filter(link__actor=user).select_related("link__communication")
    return {
        "links": [
            {
                "communication": link.communication.title,
                "created_at": _iso(link.created_at),
                "visits": link.visits or 0,
            }
            for link in links.order_by("created_at", "pk")
        ],
        "posts": [
            {
                "communication": post.link.communication.title,
                "url": post.url,
                "platform": post.platform_kind,
                "page": post.platform_handle,
                "audience_size": post.audience_size,
                "declared_at": _iso(post.created_at),
            }
            for post in posts.order_by("created_at", "pk")
        ],
    }


def _addressee_export(user):
    """The organisation they answer for, the invitations sent to their address and the progress
    notes they wrote, with the names of the files they attached."""
    member = OrganisationMember.objects.select_related("organisation").filter(user=user).first()
    invitations = OrganisationInvitation.objects.filter(email__iexact=user.email).select_related(
        "organisation"
    )
    notes = (
        ProgressNote.objects.filter(author=user).select_related("organisation").prefetch_related("evidence")
    )
    return {
        "organisation": {"name": member.organisation.name, "since": _iso(member.created_at)}
        if member
        else None,
        "invitations": [
            {
                "organisation": invitation.organisation.name,
                "sent_at": _iso(invitation.created_at),
                "accepted_at": _iso(invitation.accepted_at),
                "revoked_at": _iso(invitation.revoked_at),
            }
            for invitation in invitations.order_by("created_at", "pk")
        ],
        "progress_notes": [
            {
                "organisation": note.organisation.name,
                "recommendation": note.recommendation_id,
                "text": note.text,
                "proposed_status": note.proposed_status,
                "state": note.state,
                "written_at": _iso(note.created_at),
                "files": [evidence.original_name for evidence in note.evidence.all()],
            }
            for note in notes.order_by("created_at", "pk")
        ],
    }


def _anonymous_email(user):
    return f"compte-supprime-{user.pk}@anonyme.invalid"


@transaction.atomic
def user_account_delete(*, user):
    """Deletes the person's account, or anonymises it when the ministry must keep their presence
    in past workshops. Returns "deleted" or "anonymised".

    Refused (ValidationError) while the person holds an active enrollment in a workshop not over
    yet (they withdraw first, which frees the seat through the enrollment services), or while they
    are the last responsable of a party that has other officials.

    Anonymising keeps the account row (enrollments and attendance point to it and are protected)
    but removes everything that identifies the person: names, e-mail (replaced by a unique
    placeholder), phone, commune, password, e-mail addresses, profile and platforms, party role;
    the phone copied on their enrollments and in their history is erased too. Either way the
    journal of messages keeps no address, number, subject or body of theirs (outbox_forget_person).
    Locks the user row.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    upcoming = Enrollment.objects.filter(ACTIVE_ENROLLMENT, user=user, workshop__ends_at__gte=timezone.now())
    if upcoming.exists():
        titles = ", ".join(upcoming.values_list("workshop__title", flat=True))
        raise ValidationError(
            _("Retirez-vous d'abord de vos inscriptions aux ateliers à venir : %(titles)s.")
            % {"titles": titles}
        )
    official = PartyOfficial.objects.filter(user=user).first()
    if official and official.role == OfficialRole.RESPONSABLE:
        others = PartyOfficial.objects.filter(party_id=official.party_id).exclude(pk=official.pk)
        if others.exists() and not others.filter(role=OfficialRole.RESPONSABLE).exists():
            raise ValidationError(
                _("Désignez d'abord un autre responsable du parti : il ne peut rester sans responsable.")
            )

    outbox_forget_person(user=user)
    # Invitations name the address, not the account: they would outlive it in the back office.
    OrganisationInvitation.objects.filter(email__iexact=user.email).update(email=_anonymous_email(user))
    OrganisationMember.objects.filter(user=user).delete()  # an erased person answers for no one
    PartyOfficial.objects.filter(user=user).delete()
    MediaActorProfile.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    # What they wrote in a questionnaire may name them; their scores and choices stay in the figures.
    Answer.objects.filter(response__enrollment__user=user).exclude(text="").update(text="")
    if not Enrollment.objects.filter(user=user).exists():
        user.delete()
        return "deleted"

    for enrollment in Enrollment.objects.filter(user=user):
        enrollment_anonymise(
            enrollment=enrollment, by=None, why="compte supprimé à la demande de la personne"
        )
    Enrollment.history.filter(user_id=user.pk).update(person_phone="")  # rows of enrollments moved away
    user.email = _anonymous_email(user)
    user.first_name = user.last_name = ""
    user.phone = ""
    user.commune = None
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return "anonymised"
