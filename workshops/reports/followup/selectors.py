"""Reads of the addressees' follow-up, with who may see what built in: a member reads their own
organisation's recommendations, notes and files, and nothing of any other (404)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Recommendation, ReportStatus
from .models import NoteEvidence, OrganisationMember, ProgressNote


def member_of(user):
    """The OrganisationMember row of `user`, or None."""
    if not user.is_authenticated:
        return None
    return OrganisationMember.objects.select_related("organisation").filter(user=user).first()


def member_recommendations(*, member):
    """The recommendations of published reports addressed to the member's organisation."""
    return (
        Recommendation.objects.filter(
            organisation_id=member.organisation_id, report__status=ReportStatus.PUBLISHED
        )
        .select_related("report__workshop")
        .order_by("due_date", "-report__workshop__starts_at", "position", "pk")
    )


def member_recommendation_get(*, member, pk):
    """One recommendation of the member's organisation with its notes and their evidence; 404
    for anybody else's. Three queries."""
    notes = (
        ProgressNote.objects.filter(organisation_id=member.organisation_id)
        .select_related("author")
        .prefetch_related(Prefetch("evidence", queryset=NoteEvidence.objects.order_by("created_at", "pk")))
    )
    return get_object_or_404(
        member_recommendations(member=member).prefetch_related(Prefetch("progress_notes", queryset=notes)),
        pk=pk,
    )


def evidence_get_for(*, user, public_id):
    """An evidence file `user` may download: staff, or a member of the note's organisation. 404
    for anybody else, whether the file exists or not."""
    evidence = get_object_or_404(NoteEvidence.objects.select_related("note"), public_id=public_id)
    if user.is_authenticated and user.is_staff:
        return evidence
    member = member_of(user)
    if member is None or member.organisation_id != evidence.note.organisation_id:
        raise Http404
    return evidence


def recommendations_due_between(*, start, end, statuses, report_status):
    """Recommendations due between `start` and `end` (dates, inclusive) in `statuses`, of reports
    in `report_status`, with their organisation and follower."""
    return (
        Recommendation.objects.filter(
            due_date__range=(start, end), status__in=statuses, report__status=report_status
        )
        .select_related("report__workshop", "organisation", "followed_by")
        .order_by("due_date", "pk")
    )
