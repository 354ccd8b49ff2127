"""Everything that changes a report or a recommendation. Admin actions, the demo data and tests
call these. Cached public pages are invalidated by the model signals (signals.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Recommendation, RecommendationStatus, RecommendationUpdate, Report, ReportStatus


def report_publish(*, report, by):
    """Publishes a draft report: it gets its public page, its PDF and its place in the open data.

    Returns False, changing nothing, if it is already published. Raises ValidationError if its
    workshop is still a draft (the report would reveal it). Locks the report row, so two staff
    members publishing at once record one publication.
    """
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("workshop").get(pk=report.pk)
        if locked.status == ReportStatus.PUBLISHED:
            return False
        if not locked.workshop.is_public:
            raise ValidationError(
                _("Publiez d'abord l'atelier : le rapport d'un atelier en brouillon ne peut pas être public.")
            )
        locked.status = ReportStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = by
        locked._history_user = by
        locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    report.refresh_from_db()
    return True


def report_unpublish(*, report, by):
    """Takes a published report back to draft (its page then answers 404). Returns False if it
    was already a draft. Locks the report row."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status == ReportStatus.DRAFT:
            return False
        locked.status = ReportStatus.DRAFT
        locked.published_at = None
        locked.published_by = None
        locked._history_user = by
        locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    report.refresh_from_db()
    return True


def recommendation_add_update(*, recommendation, by, note="", status="", date=None):
    """Records a dated follow-up note; when `status` differs from the current one, the
    recommendation takes it and the entry records the change. Returns the new RecommendationUpdate,
    or None when the recommendation already has `status` and there is no note (someone else just
    set it: nothing to record).

    Raises ValidationError when the entry would say nothing (no note, no status) or names an
    unknown status. Locks the recommendation row, so that two follow-ups entered at once each see
    the status the other left and a status change is recorded once.
    """
    note = (note or "").strip()
    if status and status not in RecommendationStatus.values:
        raise ValidationError({"status": _("Statut inconnu.")})
    if not note and not status:
        raise ValidationError({"note": _("Écrivez une note de suivi ou choisissez un nouveau statut.")})
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if status == locked.status:
            status = ""  # not a change: keep the note alone
        if not note and not status:
            return None
        update = RecommendationUpdate.objects.create(
            recommendation=locked, date=date or timezone.localdate(), note=note, status=status, created_by=by
        )
        if status:
            locked.status = status
            locked._history_user = by
            locked.save(update_fields=["status", "updated_at"])
    recommendation.refresh_from_db()
    return update


def recommendation_set_status(*, recommendation, status, by, note="", date=None):
    """Changes a recommendation's status with a dated follow-up entry (see recommendation_add_update).
    Returns the entry, or None if the recommendation already had this status and there is no note."""
    return recommendation_add_update(
        recommendation=recommendation, by=by, note=note, status=status, date=date
    )
