"""Reads of the relay kits: who has kits for what, where a short link leads, and the figures.

Who gets kits: a social-media actor (an account with a MediaActorProfile) with a confirmed
enrollment in the workshop, or whose presence was recorded there — the library's rule for
"took part" (workshops/library/access.py). Attendance alone would be too late: actors relay the
talks while the workshop runs, and the attendance sheet is often completed days after it. The
talk is public anyway, so a confirmed actor who missed the day gains no access by it: the kit
only helps them share, and the link measures what their share brings.

Only a public communication of a published workshop has a kit (Communication.objects.listed()
and visibility "public"): a participants-only or staff-only talk has no kit and no short link.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import MediaActorProfile, PlatformKind
from portal.ground.pagecache import PAGE_TIMEOUT, VERSION_KEY, page_cache, public_pages_version
from workshops.library.models import Communication, Visibility
from workshops.models import Enrollment, EnrollmentStatus, WorkshopStatus

from .models import RelayClick, RelayKit, RelayLink, RelayPost


def communications_with_kits():
    """Every communication that has a relay kit: public, of a published workshop."""
    return Communication.objects.listed().filter(visibility=Visibility.PUBLIC)


def communication_has_kit(communication):
    return communication.visibility == Visibility.PUBLIC and communication.workshop.is_public


def is_media_actor(user):
    return user.is_authenticated and MediaActorProfile.objects.filter(user=user).exists()


def _took_part_workshop_ids(user):
    took_part = Q(status=EnrollmentStatus.CONFIRMED) | Q(attendances__isnull=False)
    # A party delegate has no account: only a media actor's own enrollments count.
    return Enrollment.objects.filter(took_part, user=user, user__media_profile__isnull=False).values(
        "workshop_id"
    )


def relay_communications_for_actor(*, user):
    """The communications this media actor has kits for, latest workshop first; none for anybody
    who is not a media actor. One query."""
    if not user.is_authenticated:
        return Communication.objects.none()
    return (
        communications_with_kits()
        .filter(workshop_id__in=_took_part_workshop_ids(user))
        .select_related("workshop")
        .order_by("-workshop__starts_at", "date", "title")
    )


def relay_communication_get_for_actor(*, user, slug):
    """The communication `slug` if this person has its kit; 404 for anybody else, whatever the
    reason (not a media actor, did not take part, not public, unknown)."""
    communication = relay_communications_for_actor(user=user).filter(slug=slug).first()
    if communication is None:
        raise Http404
    return communication


def relay_kit_of(communication):
    """The staff's additions to this communication's kit (audio extract, text), or None."""
    return RelayKit.objects.filter(communication=communication).first()


def relay_communication_get_public(*, slug):
    """A communication that has a kit, for its card and extract (which anybody may fetch: they
    are made to be shared); 404 otherwise."""
    communication = communications_with_kits().select_related("workshop").filter(slug=slug).first()
    if communication is None:
        raise Http404
    return communication


def relay_link_target(*, code):
    """(link id, communication slug, communication language) for a short code whose communication
    still has a kit; None for an unknown code or a communication withdrawn from the public.

    Kept in the cache with the public pages' stamp (portal/pagecache.py), which any change to a
    communication or a workshop replaces: a known link costs one round trip to the cache, as a
    cached page does, and a withdrawn talk stops answering at once. Unknown codes are not kept
    (forged ones would fill the cache); each costs one query."""
    key = f"relay:link:{code}"
    pages = page_cache()  # the stamp lives there: one round trip for it and the entry
    found = pages.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or public_pages_version()
    cached = found.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    target = (
        RelayLink.objects.filter(code=code, communication__visibility=Visibility.PUBLIC)
        .exclude(communication__workshop__status=WorkshopStatus.DRAFT)
        .values_list("pk", "communication__slug", "communication__language")
        .first()
    )
    if target is not None:
        pages.set(key, (version, tuple(target)), PAGE_TIMEOUT)
    return target


def _clicks_of_link():
    clicks = (
        RelayClick.objects.filter(link=OuterRef("pk"))
        .order_by()
        .values("link")
        .annotate(n=Sum("count"))
        .values("n")
    )
    return Coalesce(Subquery(clicks, output_field=IntegerField()), 0)


def relay_links_with_figures(*, links):
    """`links` (a RelayLink queryset) annotated with `click_total` and `post_total`."""
    posts = (
        RelayPost.objects.filter(link=OuterRef("pk"))
        .order_by()
        .values("link")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return links.annotate(
        click_total=_clicks_of_link(), post_total=Coalesce(Subquery(posts, output_field=IntegerField()), 0)
    )


def relay_link_daily_clicks(*, link, days=14):
    """(day, visits) of the link's latest `days` days with visits, oldest first."""
    rows = list(RelayClick.objects.filter(link=link).order_by("-day").values_list("day", "count")[:days])
    return rows[::-1]


def estimated_reach(posts):
    """The declared audience of every distinct platform that carried a communication: a page that
    published the same talk twice reaches its audience once. `posts` are (communication id, actor
    id, platform kind, handle, audience) rows."""
    seen = {}
    for communication_id, actor_id, kind, handle, audience in posts:
        seen[(communication_id, actor_id, kind, handle)] = audience or 0
    return sum(seen.values())


def _post_rows(posts):
    return list(
        posts.values_list(
            "link__communication_id", "link__actor_id", "platform_kind", "platform_handle", "audience_size"
        )
    )


@dataclass
class PlatformFigures:
    kind: str
    label: str
    posts: int
    reach: int


@dataclass
class RelayFigures:
    """What a workshop's talks became on social media, without a name: for its report."""

    actors: int = 0
    posts: int = 0
    clicks: int = 0
    reach: int = 0
    platforms: list = field(default_factory=list)

    @property
    def any(self):
        return bool(self.actors or self.posts or self.clicks)


def relay_figures_for_workshop(*, workshop):
    """Aggregates of the relay of `workshop`'s talks: actors who took their links, visits those
    brought, posts declared per platform with the estimated reach (see estimated_reach). Two
    queries, whatever the numbers. The public report page is cached: its figures are those of
    the last change of the public pages (a declared post is one), visits included."""
    totals = RelayLink.objects.filter(communication__workshop=workshop).aggregate(
        actors=Count("actor", distinct=True), clicks=Sum("clicks__count")
    )
    rows = _post_rows(RelayPost.objects.filter(link__communication__workshop=workshop))
    platforms = []
    for kind, label in PlatformKind.choices:
        mine = [row for row in rows if row[2] == kind]
        if mine:
            platforms.append(
                PlatformFigures(kind=kind, label=label, posts=len(mine), reach=estimated_reach(mine))
            )
    return RelayFigures(
        actors=totals["actors"],
        posts=len(rows),
        clicks=totals["clicks"] or 0,
        reach=estimated_reach(rows),
        platforms=platforms,
    )
