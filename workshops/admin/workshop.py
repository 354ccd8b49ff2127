"""A workshop's admin: its page, its dashboard, its attendance sheet and contact list, and the
actions that move its status or send its invitations (all through the services)."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from import_export.admin import ExportMixin

from portal.ground.admin import HistoryAdmin
from portal.ground.http import attachment_response

from .. import exports, selectors, services
from ..forms import ReasonForm
from ..library.models import Communication
from ..messaging.admin import CampaignForm
from ..messaging.campaigns import campaign_create
from ..models import Campaign, Enrollment, Workshop
from ..participation import participation_breakdown, parties_without_delegates, workshop_has_begun
from ..questions.admin import RegistrationQuestionInline
from ..reports.models import Report
from ..resources import ParticipantContactResource, WorkshopResource
from .actions import action_page, bulk_run, intermediate_page
from .catalogue import SessionInline


class ReadOnlyInline(admin.TabularInline):
    """A list of related rows on the workshop's page: read here, changed on their own pages."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommunicationInline(ReadOnlyInline):
    model = Communication
    fields = ["title", "date", "visibility", "language", "download_count"]
    readonly_fields = fields
    verbose_name_plural = _("communications de l'atelier (modifiées dans la bibliothèque)")


class EnrollmentInline(ReadOnlyInline):
    model = Enrollment
    fields = ["person", "party", "status", "checkin_code", "created_at"]
    readonly_fields = fields
    verbose_name_plural = _("inscriptions (modifiées par les actions de la liste des inscriptions)")

    def get_queryset(self, request):
        enrollments = super().get_queryset(request).select_related("workshop", "user", "delegate", "party")
        return enrollments.order_by("status", "created_at")

    @admin.display(description=_("personne"))
    def person(self, obj):
        return obj.person_name


class InvitationForm(CampaignForm):
    """The audience of the invitations sent from the workshops' list: a hand-picked list of
    people is made in « Campagnes d'invitation » itself, where people can be searched."""

    class Meta(CampaignForm.Meta):
        fields = ["audience", "communes"]
        widgets = {"communes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [
            c for c in Campaign.Audience.choices if c[0] != Campaign.Audience.USERS
        ]


@admin.register(Workshop)
class WorkshopAdmin(ExportMixin, HistoryAdmin):
    resource_classes = [WorkshopResource]
    list_display = [
        "title",
        "starts_at",
        "venue",
        "audience",
        "status",
        "seats_taken",
        "capacity",
        "dashboard_link",
    ]
    list_select_related = ["venue__commune", "theme"]
    list_filter = ["status", "audience", "theme", "venue__commune", ("starts_at", admin.DateFieldListFilter)]
    search_fields = ["title", "summary", "venue__name", "venue__commune__name"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue", "theme", "partners"]
    # The status moves only through the actions (services): a cancellation must cancel the
    # enrollments and tell each person, a publication date the public sees must be recorded.
    readonly_fields = [
        "status",
        "cancellation_reason",
        "seats_taken",
        "published_at",
        "created_at",
        "updated_at",
        "attendance_links",
        "dashboard_link",
    ]
    inlines = [SessionInline, RegistrationQuestionInline, CommunicationInline, EnrollmentInline]
    actions = ["publish", "close_registration", "mark_held", "send_invitations", "cancel"]
    change_form_template = "admin/workshops/workshop/change_form.html"
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "theme", "summary", "description", "organiser", "dashboard_link"]},
        ),
        (_("Public et places"), {"fields": ["audience", "capacity", "party_quota", "seats_taken"]}),
        (_("Lieu et dates"), {"fields": ["venue", "starts_at", "ends_at"]}),
        (_("Inscriptions"), {"fields": ["registration_opens_at", "registration_closes_at"]}),
        (_("Partenaires"), {"fields": ["partners"]}),
        (
            _("Statut"),
            {"fields": ["status", "cancellation_reason", "published_at", "created_at", "updated_at"]},
        ),
        (_("Émargement et attestations"), {"fields": ["attendance_rule", "attendance_links"]}),
    ]

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path(
                "<int:object_id>/tableau-de-bord/",
                view(self.dashboard_view),
                name="workshops_workshop_dashboard",
            ),
            path(
                "<int:object_id>/feuille-de-presence/",
                view(self.attendance_print_view),
                name="workshops_workshop_attendance_print",
            ),
            path(
                "<int:object_id>/contacts.<str:fmt>",
                view(self.contacts_view),
                name="workshops_workshop_contacts",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("tableau de bord"))
    def dashboard_link(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:workshops_workshop_dashboard", args=[obj.pk]),
            _("Tableau de bord"),
        )

    @admin.display(description=_("page d'émargement et feuilles de présence"))
    def attendance_links(self, obj):
        if obj.pk is None:
            return "—"
        sheets = format_html_join(
            " ",
            '<a href="{}?jour={}">{} {}</a>',
            (
                (
                    reverse("workshops:attendance_sheet", args=[obj.pk, fmt]),
                    day.isoformat(),
                    day.strftime("%d/%m/%Y"),
                    fmt.upper(),
                )
                for day in obj.days()
                for fmt in ("csv", "xlsx")
            ),
        )
        return format_html(
            '<a href="{}">{}</a> · {}',
            reverse("workshops:checkin", args=[obj.pk]),
            _("Ouvrir la page d'émargement"),
            sheets,
        )

    def _workshop_or_404(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Workshop.objects.select_related("venue__commune"), pk=object_id)

    def dashboard_view(self, request, object_id):
        """Seats, quota ledger, attendance per day, invitations and downloads of one workshop."""
        workshop = self._workshop_or_404(request, object_id)
        user = request.user
        report = Report.objects.filter(workshop=workshop).first()
        return TemplateResponse(
            request,
            "admin/workshops/workshop/dashboard.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Tableau de bord — %(workshop)s") % {"workshop": workshop.title},
                "opts": self.model._meta,
                "original": workshop,
                "workshop": workshop,
                "figures": selectors.workshop_dashboard(workshop=workshop),
                # Exact counts: staff see the names on the sheets anyway.
                "breakdown": participation_breakdown(workshop=workshop),
                "parties_not_enrolled": parties_without_delegates(workshop=workshop, present=False),
                "parties_absent": parties_without_delegates(workshop=workshop, present=True)
                if workshop_has_begun(workshop)
                else None,
                "presence_days": settings.PRESENCE_CHECK_DAYS,
                "report": report,
                "can": {
                    "checkin": user.has_perm("workshops.add_attendance"),
                    "sheets": user.has_perm("workshops.view_attendance"),
                    "enrollments": user.has_perm("workshops.view_enrollment"),
                    "invite": self.has_invite_permission(request),
                    "campaigns": user.has_perm("workshops.view_campaign"),
                    "report": user.has_perm("reports.view_report"),
                    "add_report": user.has_perm("reports.add_report"),
                },
            },
        )

    def attendance_print_view(self, request, object_id):
        """The attendance sheet of one day, to print, with a column for each signature."""
        workshop = self._workshop_or_404(request, object_id)
        if not request.user.has_perm("workshops.view_attendance"):
            raise PermissionDenied
        day = _day_of(request, workshop)
        return TemplateResponse(
            request,
            "admin/workshops/workshop/attendance_print.html",
            {
                "workshop": workshop,
                "day": day,
                "days": workshop.days(),
                "header": exports.HEADER,
                "rows": exports.attendance_rows(workshop=workshop, day=day),
            },
        )

    def contacts_view(self, request, object_id, fmt):
        """The contact list of a workshop's confirmed participants, as CSV or XLSX."""
        workshop = self._workshop_or_404(request, object_id)
        if fmt not in ("csv", "xlsx"):
            raise Http404
        if not request.user.has_perm("workshops.view_enrollment"):
            raise PermissionDenied
        dataset = ParticipantContactResource().export_workshop(workshop)
        if fmt == "xlsx":
            content, content_type = dataset.xlsx, exports.XLSX
        else:
            content, content_type = "\ufeff" + dataset.csv, "text/csv; charset=utf-8"
        return attachment_response(
            content, filename=f"contacts-{workshop.slug}.{fmt}", content_type=content_type
        )

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # seats_taken moves under the enrollment services' lock while the form is open: never
        # write back the copy this form read.
        obj._history_user = request.user
        obj.save(
            update_fields=[
                f.name for f in obj._meta.concrete_fields if not f.primary_key and f.name != "seats_taken"
            ]
        )

    @admin.action(description=_("Publier les ateliers sélectionnés"), permissions=["change"])
    def publish(self, request, queryset):
        bulk_run(
            self,
            request,
            queryset,
            services.workshop_publish,
            ngettext_lazy("%d atelier publié.", "%d ateliers publiés."),
            ngettext_lazy(
                "%d atelier ignoré : seul un brouillon peut être publié.",
                "%d ateliers ignorés : seul un brouillon peut être publié.",
            ),
        )

    @admin.action(description=_("Clore les inscriptions des ateliers sélectionnés"), permissions=["change"])
    def close_registration(self, request, queryset):
        bulk_run(
            self,
            request,
            queryset,
            services.workshop_close_registration,
            ngettext_lazy("Inscriptions closes pour %d atelier.", "Inscriptions closes pour %d ateliers."),
            ngettext_lazy(
                "%d atelier ignoré : seules les inscriptions d'un atelier publié peuvent être closes.",
                "%d ateliers ignorés : seules les inscriptions d'un atelier publié peuvent être closes.",
            ),
        )

    @admin.action(
        description=_("Annuler les ateliers sélectionnés (avec un motif affiché au public)"),
        permissions=["change"],
    )
    def cancel(self, request, queryset):
        return intermediate_page(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Annuler des ateliers"),
            apply=lambda w, data: services.workshop_cancel(
                workshop=w, reason=data["reason"], by=request.user
            ),
        )

    @admin.action(description=_("Marquer les ateliers sélectionnés comme tenus"), permissions=["change"])
    def mark_held(self, request, queryset):
        bulk_run(
            self,
            request,
            queryset,
            services.workshop_mark_held,
            ngettext_lazy("%d atelier marqué comme tenu.", "%d ateliers marqués comme tenus."),
            ngettext_lazy(
                "%d atelier ignoré : seul un atelier publié et déjà commencé peut être marqué comme tenu.",
                "%d ateliers ignorés : seul un atelier publié et déjà commencé peut être marqué comme tenu.",
            ),
        )

    @admin.action(description=_("Envoyer les invitations (choisir le public)"), permissions=["invite"])
    def send_invitations(self, request, queryset):
        form = InvitationForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return action_page(self, request, queryset, form=form, title=_("Envoyer les invitations"))
        for workshop in queryset:
            try:
                campaign, queued = campaign_create(
                    workshop=workshop,
                    audience=form.cleaned_data["audience"],
                    communes=form.cleaned_data["communes"],
                    by=request.user,
                )
            except ValidationError as refused:
                self.message_user(request, f"{workshop} : {' '.join(refused.messages)}", messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "%(workshop)s : campagne « %(audience)s » lancée, %(n)d invitation mise en file.",
                    "%(workshop)s : campagne « %(audience)s » lancée, %(n)d invitations mises en file.",
                    queued,
                )
                % {"workshop": workshop, "audience": campaign.get_audience_display(), "n": queued},
                messages.SUCCESS,
            )
        return None

    def has_invite_permission(self, request):
        return request.user.has_perm("workshops.add_campaign")


def _day_of(request, workshop):
    """The day named by ?jour=AAAA-MM-JJ, the first day when there is none; 404 for a day the
    workshop does not run."""
    value = request.GET.get("jour")
    if not value:
        return workshop.days()[0]
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None
    if day not in workshop.days():
        raise Http404
    return day
