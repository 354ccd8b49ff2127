"""The relay in the back office: the kits' additions (extract, text in the talk's language), and
for staff the figures per actor, platform and communication. The short codes are never shown: a
code read in the admin and followed would count a visit that no post brought."""

from django.contrib import admin
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import RelayKit, RelayLink, RelayPost
from .selectors import estimated_reach, relay_links_with_figures


@admin.register(RelayKit)
class RelayKitAdmin(admin.ModelAdmin):
    list_display = ["communication", "has_audio", "has_local_text", "updated_at"]
    list_select_related = ["communication"]
    search_fields = ["communication__title"]
    autocomplete_fields = ["communication"]
    fields = [
        "communication",
        "local_text",
        "audio",
        "audio_name",
        "audio_mime_type",
        "human_size",
        "updated_at",
    ]
    readonly_fields = ["audio_name", "audio_mime_type", "human_size", "updated_at"]

    @admin.display(description=_("extrait audio"), boolean=True)
    def has_audio(self, obj):
        return bool(obj.audio)

    @admin.display(description=_("texte dans la langue de la communication"), boolean=True)
    def has_local_text(self, obj):
        return bool(obj.local_text.strip())

    @admin.display(description=_("taille de l'extrait"))
    def human_size(self, obj):
        return filesizeformat(obj.audio_size) if obj.audio_size else "—"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _reach_rows(link):
    return [
        (link.communication_id, link.actor_id, post.platform_kind, post.platform_handle, post.audience_size)
        for post in link.posts.all()
    ]


@admin.register(RelayLink)
class RelayLinkAdmin(ReadOnlyAdmin):
    """One row per actor and communication: visits brought by the link, posts declared, the
    platforms that carried them and the estimated reach. Filter by workshop, communication or
    platform; the totals of what is shown sit above the list."""

    list_display = ["actor", "communication", "click_total", "post_total", "platforms", "reach"]
    # "Voir sur le site" would lead staff through the actor's own short link: its code, and a visit.
    view_on_site = False
    list_filter = [
        ("communication__workshop", admin.RelatedOnlyFieldListFilter),
        ("communication", admin.RelatedOnlyFieldListFilter),
        "posts__platform_kind",
    ]
    search_fields = ["actor__email", "actor__first_name", "actor__last_name", "communication__title"]
    fields = ["actor", "communication", "created_at", "click_total", "post_total", "platforms", "reach"]
    readonly_fields = fields
    ordering = ["-created_at"]
    change_list_template = "admin/relay/relaylink/change_list.html"

    def get_queryset(self, request):
        links = (
            super().get_queryset(request).select_related("actor", "communication").prefetch_related("posts")
        )
        return relay_links_with_figures(links=links)

    @admin.display(description=_("visites"), ordering="click_total")
    def click_total(self, obj):
        return obj.click_total

    @admin.display(description=_("publications"), ordering="post_total")
    def post_total(self, obj):
        return obj.post_total

    @admin.display(description=_("plateformes"))
    def platforms(self, obj):
        names = sorted(
            {f"{post.get_platform_kind_display()} : {post.platform_handle}" for post in obj.posts.all()}
        )
        return ", ".join(names) or "—"

    @admin.display(description=_("portée estimée"))
    def reach(self, obj):
        return estimated_reach(_reach_rows(obj))

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            shown = changelist.queryset
            posts = RelayPost.objects.filter(link__in=shown.values("pk"))
            response.context_data["relay_totals"] = {
                "links": shown.count(),
                "clicks": RelayLink.objects.filter(pk__in=shown.values("pk")).aggregate(
                    n=Sum("clicks__count")
                )["n"]
                or 0,
                "posts": posts.count(),
                "reach": estimated_reach(
                    posts.values_list(
                        "link__communication_id",
                        "link__actor_id",
                        "platform_kind",
                        "platform_handle",
                        "audience_size",
                    )
                ),
            }
        return response


@admin.register(RelayPost)
class RelayPostAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "actor",
        "communication",
        "platform_kind",
        "platform_handle",
        "audience_size",
        "url",
    ]
    list_select_related = ["link__actor", "link__communication"]
    list_filter = [
        "platform_kind",
        ("link__communication__workshop", admin.RelatedOnlyFieldListFilter),
        ("link__communication", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["link__actor__email", "link__actor__first_name", "link__actor__last_name", "url"]
    fields = [
        "actor",
        "communication",
        "platform_kind",
        "platform_handle",
        "audience_size",
        "url",
        "created_at",
    ]
    readonly_fields = fields
    date_hierarchy = "created_at"

    @admin.display(description=_("acteur des médias sociaux"), ordering="link__actor__last_name")
    def actor(self, obj):
        return obj.link.actor

    @admin.display(description=_("communication"), ordering="link__communication__title")
    def communication(self, obj):
        return obj.link.communication
