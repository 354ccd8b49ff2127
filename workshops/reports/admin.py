from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from portal.ground.admin import HistoryAdmin

from . import services
from .models import Recommendation, RecommendationStatus, RecommendationUpdate, Report


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 1
    fields = [
        ("position", "addressee", "status"),
        "text",
        ("owner", "due_date"),
        ("organisation", "followed_by"),
    ]
    autocomplete_fields = ["organisation"]
    # The status changes through dated follow-up entries (on the recommendation's own page).
    readonly_fields = ["status"]
    show_change_link = True


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    list_display = [
        "workshop",
        "workshop_date",
        "status",
        "recommendation_count",
        "published_at",
        "published_by",
    ]
    list_select_related = ["workshop", "published_by"]
    list_filter = ["status", ("workshop__starts_at", admin.DateFieldListFilter)]
    search_fields = ["workshop__title", "summary"]
    autocomplete_fields = ["workshop"]
    readonly_fields = ["status", "published_at", "published_by", "created_at", "updated_at", "pages"]
    fields = [
        "workshop",
        "summary",
        "status",
        "pages",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
    ]
    inlines = [RecommendationInline]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recommendation_total=Count("recommendations"))

    @admin.display(description=_("pages publiques"))
    def pages(self, report):
        if not report.pk:
            return "—"
        label = _("Page du rapport") if report.is_published else _("Aperçu de la page (brouillon)")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            report.get_absolute_url(),
            label,
            reverse("reports:pdf", kwargs={"slug": report.workshop.slug}),
            _("PDF"),
        )

    @admin.display(description=_("date de l'atelier"), ordering="workshop__starts_at")
    def workshop_date(self, report):
        return report.workshop.starts_at.date()

    @admin.display(description=_("recommandations"), ordering="recommendation_total")
    def recommendation_count(self, report):
        return report.recommendation_total

    @admin.action(description=_("Publier les rapports sélectionnés"), permissions=["change"])
    def publish(self, request, queryset):
        published, refused = 0, []
        for report in queryset.select_related("workshop"):
            try:
                published += services.report_publish(report=report, by=request.user)
            except ValidationError as error:
                refused.append(f"{report.workshop} : {' '.join(error.messages)}")
        if published:
            self.message_user(
                request,
                ngettext_lazy("%d rapport publié.", "%d rapports publiés.") % published,
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Repasser les rapports sélectionnés en brouillon"), permissions=["change"])
    def unpublish(self, request, queryset):
        done = sum(services.report_unpublish(report=report, by=request.user) for report in queryset)
        self.message_user(
            request,
            ngettext_lazy("%d rapport retiré du site.", "%d rapports retirés du site.") % done,
            messages.SUCCESS,
        )


class RecommendationUpdateInline(admin.TabularInline):
    """The follow-up log: entries are added, never rewritten (has_change_permission is False)."""

    model = RecommendationUpdate
    extra = 1
    fields = ["date", "status", "note", "created_by"]
    readonly_fields = ["created_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _status_action(status, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        changed = sum(
            services.recommendation_set_status(recommendation=recommendation, status=status, by=request.user)
            is not None
            for recommendation in queryset
        )
        modeladmin.message_user(
            request,
            ngettext_lazy("%d recommandation mise à jour.", "%d recommandations mises à jour.") % changed,
            messages.SUCCESS,
        )

    action.__name__ = f"mark_{status}"
    return action


@admin.register(Recommendation)
class RecommendationAdmin(HistoryAdmin):
    list_display = ["__str__", "workshop", "addressee", "owner", "status", "due_date"]
    list_select_related = ["report__workshop"]
    list_filter = ["status", "addressee", "report__status", "due_date", "organisation"]
    search_fields = ["text", "owner", "report__workshop__title"]
    autocomplete_fields = ["report", "organisation"]
    readonly_fields = ["status", "created_at", "updated_at"]
    fields = [
        "report",
        "position",
        "text",
        "addressee",
        "organisation",
        "owner",
        "followed_by",
        "due_date",
        "status",
        "created_at",
        "updated_at",
    ]
    inlines = [RecommendationUpdateInline]
    actions = [
        _status_action(RecommendationStatus.IN_PROGRESS, _("Marquer « en cours »")),
        _status_action(RecommendationStatus.DONE, _("Marquer « réalisée »")),
        _status_action(RecommendationStatus.ABANDONED, _("Marquer « abandonnée »")),
    ]

    @admin.display(description=_("atelier"), ordering="report__workshop__starts_at")
    def workshop(self, recommendation):
        return recommendation.report.workshop

    def save_formset(self, request, form, formset, change):
        if formset.model is not RecommendationUpdate:
            return super().save_formset(request, form, formset, change)
        # New follow-up entries go through the service, which also moves the status.
        for entry_form in formset.extra_forms:
            if not entry_form.has_changed() or entry_form.cleaned_data.get("DELETE"):
                continue
            data = entry_form.cleaned_data
            try:
                services.recommendation_add_update(
                    recommendation=form.instance,
                    by=request.user,
                    note=data.get("note", ""),
                    status=data.get("status", ""),
                    date=data.get("date"),
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


from .followup import admin as _followup_admin  # noqa: E402,F401 -- registers the follow-up's admin pages
