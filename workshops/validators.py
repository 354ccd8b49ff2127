"""Rules that need Python, called from Model.clean() (and so from admin and model forms).

The database constraints in models.py say the same things as a last line of defence; these
functions exist to put a French message next to the right field before the database refuses.
"""

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _


def validate_workshop(workshop):
    errors = {}
    if workshop.starts_at and workshop.ends_at and workshop.ends_at <= workshop.starts_at:
        errors["ends_at"] = _("La fin de l'atelier doit être postérieure à son début.")
    opens, closes = workshop.registration_opens_at, workshop.registration_closes_at
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = _(
            "La clôture des inscriptions doit être postérieure à leur ouverture."
        )
    elif closes and workshop.ends_at and closes > workshop.ends_at:
        errors["registration_closes_at"] = _(
            "La clôture des inscriptions ne peut pas être après la fin de l'atelier."
        )
    if workshop.party_quota is not None and workshop.capacity is not None:
        if workshop.party_quota > workshop.capacity:
            errors["party_quota"] = _(
                "Le quota par parti (%(quota)s) ne peut pas dépasser le nombre de places (%(capacity)s)."
            ) % {"quota": workshop.party_quota, "capacity": workshop.capacity}
    if workshop.capacity is not None and workshop.capacity < workshop.seats_taken:
        errors["capacity"] = _(
            "%(taken)s places sont déjà attribuées : la capacité ne peut pas descendre en dessous."
        ) % {"taken": workshop.seats_taken}
    if workshop.status == "cancelled" and not workshop.cancellation_reason.strip():
        errors["cancellation_reason"] = _("Indiquez le motif de l'annulation : il est affiché au public.")
    if errors:
        raise ValidationError(errors)


def validate_session_within_workshop(session):
    errors = {}
    if (session.starts_at is None) != (session.ends_at is None):
        field = "ends_at" if session.ends_at is None else "starts_at"
        errors[field] = _("Indiquez le début et la fin de la séance, ou laissez les deux vides.")
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors["ends_at"] = _("La fin de la séance doit être postérieure à son début.")
    workshop = session.workshop if session.workshop_id else None
    if workshop and workshop.starts_at and workshop.ends_at and session.day:
        first, last = workshop.local_start_date, workshop.local_end_date
        if not first <= session.day <= last:
            errors["day"] = _("La séance doit avoir lieu pendant l'atelier (du %(first)s au %(last)s).") % {
                "first": formats.date_format(first, "SHORT_DATE_FORMAT"),
                "last": formats.date_format(last, "SHORT_DATE_FORMAT"),
            }
    if errors:
        raise ValidationError(errors)
