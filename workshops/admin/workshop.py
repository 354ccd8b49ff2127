import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from import_export.admin import ExportMixin, ImportExportModelAdmin

from portal.ground.admin import HistoryAdmin
from portal.ground.notifications.models import Campaign

from . import exports, selectors, services
from .forms import DayForm, MoveForm, ReasonForm, ReleaseForm
from .library.models import Communication
from .messaging.admin import CampaignForm
from .messaging.campaigns import campaign_create
from .models import (
    Attendance,
    Certificate,
    Commune,
    Enrollment,
    Partner,
    PartyAllocation,
    SeatRelease,
    Session,
    Speaker,
    Theme,
    Venue,
    Workshop,
)
from .reports.models import Report
from .resources import EnrollmentResource, ParticipantContactResource, SpeakerResource, WorkshopResource


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "department"]
    list_filter = ["department"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "address"]
    list_select_related = ["commune"]
    list_filter = ["commune__department"]
    search_fields = ["name", "commune__name", "address"]
    autocomplete_fields = ["commune"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name", "description"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a bare "hss.de" means https


@admin.register(Speaker)
class SpeakerAdmin(ImportExportModelAdmin):
    """Speakers can be imported from a spreadsheet (CSV or XLSX) and exported likewise."""

    resource_classes = [SpeakerResource]
    list_display = ["name", "title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "title", "organisation"]
    prepopulated_fields = {"slug": ["name"]}


class SessionInline(admin.TabularInline):
    model = Session
    extra = 1
    fields = ["day", "starts_at", "ends_at", "title", "room", "speakers"]
    autocomplete_fields = ["speakers"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """Sessions are edited on their workshop's page (SessionInline); registered, out of the menu,
    so that a communication's form finds its session by searching instead of listing them all."""

    list_display = ["__str__", "workshop"]
    list_select_related = ["workshop"]
    search_fields = ["title", "workshop__title"]
    autocomplete_fields = ["workshop", "speakers"]

    def has_module_permission(self, request):
        return False


def _run_bulk(modeladmin, request, queryset, service, done, skipped):
    """Applies `service(workshop=..., by=...)` to each selected workshop and says how many changed
    and how many were left as they were (the service decides; nothing is changed here)."""
    selected = list(queryset)
    changed = sum(1 for workshop in selected if service(workshop=workshop, by=request.user))
    left = len(selected) - changed
    if changed:
        modeladmin.message_user(request, done % changed, messages.SUCCESS)
    if left:
        modeladmin.message_user(request, skipped % left, messages.WARNING)


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
        self.fields["audience"].choices = [c for c in Campaign.Audience.choices if c[0] != Campaign.Audience.USERS]


@admin.register(Workshop)
class WorkshopAdmin(ExportMixin, HistoryAdmin):
    resource_classes = [WorkshopResource]
    list_display = ["title", "starts_at", "venue", "audience", "status", "seats_taken", "capacity", "dashboard_link"]
    list_select_related = ["venue__commune", "theme"]
    list_filter = ["status", "audience", "theme", "venue__commune", ("starts_at", admin.DateFieldListFilter)]
    search_fields = ["title", "summary", "venue__name", "venue__commune__name"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue", "theme", "partners"]
    # The status moves only through the actions (services): a cancellation must cancel the
    # enrollments and tell each person, a publication date the public sees must be recorded.
    readonly_fields = ["status", "cancellation_reason", "seats_taken", "published_at", "created_at", "updated_at",
                       "attendance_links", "dashboard_link"]
    inlines = [SessionInline, CommunicationInline, EnrollmentInline]
    actions = ["publish", "close_registration", "mark_held", "send_invitations", "cancel"]
    change_form_template = "admin/workshops/workshop/change_form.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "theme", "summary", "description", "organiser", "dashboard_link"]}),
        (_("Public et places"), {"fields": ["audience", "capacity", "party_quota", "seats_taken"]}),
        (_("Lieu et dates"), {"fields": ["venue", "starts_at", "ends_at"]}),
        (_("Inscriptions"), {"fields": ["registration_opens_at", "registration_closes_at"]}),
        (_("Partenaires"), {"fields": ["partners"]}),
        (_("Statut"), {"fields": ["status", "cancellation_reason", "published_at", "created_at", "updated_at"]}),
        (_("Émargement et attestations"), {"fields": ["attendance_rule", "attendance_links"]}),
    ]

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("<int:object_id>/tableau-de-bord/", view(self.dashboard_view), name="workshops_workshop_dashboard"),
            path("<int:object_id>/feuille-de-presence/", view(self.attendance_print_view),
                 name="workshops_workshop_attendance_print"),
            path("<int:object_id>/contacts.<str:fmt>", view(self.contacts_view), name="workshops_workshop_contacts"),
            *super().get_urls(),
        ]

    @admin.display(description=_("tableau de bord"))
    def dashboard_link(self, obj):
        if obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:workshops_workshop_dashboard", args=[obj.pk]),
                           _("Tableau de bord"))

    @admin.display(description=_("page d'émargement et feuilles de présence"))
    def attendance_links(self, obj):
        if obj.pk is None:
            return "—"
        sheets = format_html_join(
            " ", '<a href="{}?jour={}">{} {}</a>',
            ((reverse("workshops:attendance_sheet", args=[obj.pk, fmt]), day.isoformat(), day.strftime("%d/%m/%Y"),
              fmt.upper()) for day in obj.days() for fmt in ("csv", "xlsx")),
        )
        return format_html('<a href="{}">{}</a> · {}', reverse("workshops:checkin", args=[obj.pk]),
                           _("Ouvrir la page d'émargement"), sheets)

    def _workshop_or_404(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Workshop.objects.select_related("venue__commune"), pk=object_id)

    def dashboard_view(self, request, object_id):
        """Seats, quota ledger, attendance per day, invitations and downloads of one workshop."""
        workshop = self._workshop_or_404(request, object_id)
        user = request.user
        report = Report.objects.filter(workshop=workshop).first()
        return TemplateResponse(request, "admin/workshops/workshop/dashboard.html", {
            **self.admin_site.each_context(request),
            "title": _("Tableau de bord — %(workshop)s") % {"workshop": workshop.title},
            "opts": self.model._meta, "original": workshop, "workshop": workshop,
            "figures": selectors.workshop_dashboard(workshop=workshop),
            "report": report,
            "can": {
                "checkin": user.has_perm("workshops.add_attendance"),
                "sheets": user.has_perm("workshops.view_attendance"),
                "enrollments": user.has_perm("workshops.view_enrollment"),
                "invite": self.has_invite_permission(request),
                "campaigns": user.has_perm("notifications.view_campaign"),
                "report": user.has_perm("reports.view_report"),
                "add_report": user.has_perm("reports.add_report"),
            },
        })

    def attendance_print_view(self, request, object_id):
        """The attendance sheet of one day, to print, with a column for each signature."""
        workshop = self._workshop_or_404(request, object_id)
        if not request.user.has_perm("workshops.view_attendance"):
            raise PermissionDenied
        day = _day_of(request, workshop)
        return TemplateResponse(request, "admin/workshops/workshop/attendance_print.html", {
            "workshop": workshop, "day": day, "days": workshop.days(), "header": exports.HEADER,
            "rows": exports.attendance_rows(workshop=workshop, day=day),
        })

    def contacts_view(self, request, object_id, fmt):
        """The contact list of a workshop's confirmed participants, as CSV or XLSX."""
        workshop = self._workshop_or_404(request, object_id)
        if fmt not in ("csv", "xlsx"):
            raise Http404
        if not request.user.has_perm("workshops.view_enrollment"):
            raise PermissionDenied
        dataset = ParticipantContactResource().export_workshop(workshop)
        if fmt == "xlsx":
            response = HttpResponse(dataset.xlsx, content_type=exports.XLSX)
        else:
            response = HttpResponse("\ufeff" + dataset.csv, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="contacts-{workshop.slug}.{fmt}"'
        return response

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # seats_taken moves under the enrollment services' lock while the form is open: never
        # write back the copy this form read.
        obj._history_user = request.user
        obj.save(update_fields=[f.name for f in obj._meta.concrete_fields if not f.primary_key and f.name != "seats_taken"])

    @admin.action(description=_("Publier les ateliers sélectionnés"), permissions=["change"])
    def publish(self, request, queryset):
        _run_bulk(
            self, request, queryset, services.workshop_publish,
            ngettext_lazy("%d atelier publié.", "%d ateliers publiés."),
            ngettext_lazy("%d atelier ignoré : seul un brouillon peut être publié.",
                          "%d ateliers ignorés : seul un brouillon peut être publié."),
        )

    @admin.action(description=_("Clore les inscriptions des ateliers sélectionnés"), permissions=["change"])
    def close_registration(self, request, queryset):
        _run_bulk(
            self, request, queryset, services.workshop_close_registration,
            ngettext_lazy("Inscriptions closes pour %d atelier.", "Inscriptions closes pour %d ateliers."),
            ngettext_lazy("%d atelier ignoré : seules les inscriptions d'un atelier publié peuvent être closes.",
                          "%d ateliers ignorés : seules les inscriptions d'un atelier publié peuvent être closes."),
        )

    @admin.action(description=_("Annuler les ateliers sélectionnés (avec un motif affiché au public)"),
                  permissions=["change"])
    def cancel(self, request, queryset):
        return _intermediate(self, request, queryset, form_class=ReasonForm, title=_("Annuler des ateliers"),
                             apply=lambda w, data: services.workshop_cancel(workshop=w, reason=data["reason"],
                                                                             by=request.user))

    @admin.action(description=_("Marquer les ateliers sélectionnés comme tenus"), permissions=["change"])
    def mark_held(self, request, queryset):
        _run_bulk(
            self, request, queryset, services.workshop_mark_held,
            ngettext_lazy("%d atelier marqué comme tenu.", "%d ateliers marqués comme tenus."),
            ngettext_lazy("%d atelier ignoré : seul un atelier publié et déjà commencé peut être marqué comme tenu.",
                          "%d ateliers ignorés : seul un atelier publié et déjà commencé peut être marqué comme tenu."),
        )

    @admin.action(description=_("Envoyer les invitations (choisir le public)"), permissions=["invite"])
    def send_invitations(self, request, queryset):
        form = InvitationForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return _action_page(self, request, queryset, form=form, title=_("Envoyer les invitations"))
        for workshop in queryset:
            try:
                campaign, queued = campaign_create(
                    workshop=workshop, audience=form.cleaned_data["audience"], communes=form.cleaned_data["communes"],
                    by=request.user,
                )
            except ValidationError as refused:
                self.message_user(request, f"{workshop} : {' '.join(refused.messages)}", messages.ERROR)
                continue
            self.message_user(request, ngettext(
                "%(workshop)s : campagne « %(audience)s » lancée, %(n)d invitation mise en file.",
                "%(workshop)s : campagne « %(audience)s » lancée, %(n)d invitations mises en file.", queued,
            ) % {"workshop": workshop, "audience": campaign.get_audience_display(), "n": queued}, messages.SUCCESS)
        return None

    def has_invite_permission(self, request):
        return request.user.has_perm("notifications.add_campaign")


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


# --- Enrollments, the quota ledger and attendance -----------------------------------------------


def _intermediate(modeladmin, request, queryset, *, form_class, title, apply):
    """Shows an intermediate form (reason, target, day…) for an action, then applies it to each
    selected row through `apply(obj, cleaned_data)`, which calls one service and may raise
    EnrollmentRefused; refusals are listed, the rest is done."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        done, refusals = 0, []
        for obj in queryset:
            try:
                apply(obj, form.cleaned_data)
                done += 1
            except services.WorkshopRefused as refused:
                refusals.append(f"{obj} : {refused.message}")
        if done:
            modeladmin.message_user(request, ngettext("%d ligne traitée.", "%d lignes traitées.", done) % done, messages.SUCCESS)
        for refusal in refusals:
            modeladmin.message_user(request, refusal, messages.ERROR)
        return None
    return _action_page(modeladmin, request, queryset, form=form, title=title)


def _action_page(modeladmin, request, queryset, *, form, title):
    """The intermediate page of an action: the selected rows and the form that completes it."""
    return TemplateResponse(request, "admin/workshops/action_form.html", {
        **modeladmin.admin_site.each_context(request), "title": title, "form": form, "objects": queryset,
        "action": request.POST.get("action"), "opts": modeladmin.model._meta,
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
    })


class StaffEnrollmentForm(forms.ModelForm):
    """Staff enroll one person: a media actor's account or a party delegate, with a reason."""

    staff_user = None
    staff_reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    class Meta:
        model = Enrollment
        fields = ["workshop", "user", "delegate"]

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("delegate")):
            raise ValidationError(_("Choisissez soit un acteur des médias sociaux, soit un délégué."))
        if self.errors:
            return data
        try:
            # A trial run of the service in a savepoint, undone at once, so that a refusal shows
            # on the form; the enrollment itself is written by save_model.
            with transaction.atomic():
                services.enrollment_create_by_staff(workshop=data["workshop"], user=data.get("user"), delegate=data.get("delegate"),
                                      by=self.staff_user, reason=data.get("staff_reason") or "-")
                transaction.set_rollback(True)
        except services.WorkshopRefused as refused:
            raise ValidationError(refused.message) from refused
        return data


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["day", "checked_in_at", "method", "checked_in_by"]
    readonly_fields = ["checked_in_at", "checked_in_by"]
    can_delete = False


@admin.register(Enrollment)
class EnrollmentAdmin(ExportMixin, HistoryAdmin):
    """Enrollments are exported (CSV, XLSX) with the list's filters applied: one workshop's, one
    party's, the waiting list…"""

    resource_classes = [EnrollmentResource]
    list_display = ["__str__", "workshop", "party", "status", "checkin_code", "created_at"]
    list_select_related = ["workshop", "party", "user", "delegate"]
    list_filter = ["status", "workshop", "party", ("workshop__starts_at", admin.DateFieldListFilter)]
    search_fields = ["user__email", "user__last_name", "delegate__last_name", "delegate__first_name",
                     "person_phone", "checkin_code", "workshop__title", "party__acronym"]
    autocomplete_fields = ["workshop", "user", "delegate"]
    readonly_fields = ["party", "person_phone", "status", "waiting_since", "checkin_code", "created_by", "reason",
                       "created_at", "updated_at"]
    inlines = [AttendanceInline]
    actions = ["cancel", "move", "mark_present"]
    history_list_display = ["status", "reason"]

    def has_change_permission(self, request, obj=None):
        # Changes go through the actions (services), never through a raw edit of the row.
        return False if obj is not None else super().has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["workshop", "user", "delegate", "staff_reason"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = StaffEnrollmentForm
        form = super().get_form(request, obj, **kwargs)
        form.staff_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        # The add form of the admin enrolls through the service; its clean() already proved that
        # the service accepts, so a refusal here would be a race, reported as an error page.
        data = form.cleaned_data
        created = services.enrollment_create_by_staff(workshop=data["workshop"], user=data.get("user"), delegate=data.get("delegate"),
                                        by=request.user, reason=data["staff_reason"])
        obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        pass  # nothing else to save: the service wrote the enrollment

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.action(description=_("Annuler les inscriptions (avec un motif)"), permissions=["delete"])
    def cancel(self, request, queryset):
        return _intermediate(self, request, queryset, form_class=ReasonForm, title=_("Annuler des inscriptions"),
                             apply=lambda e, data: services.enrollment_cancel_by_staff(enrollment=e, by=request.user, reason=data["reason"]))

    @admin.action(description=_("Déplacer vers un autre atelier (avec un motif)"), permissions=["delete"])
    def move(self, request, queryset):
        return _intermediate(self, request, queryset, form_class=MoveForm, title=_("Déplacer des inscriptions"),
                             apply=lambda e, data: services.enrollment_move_by_staff(enrollment=e, to_workshop=data["to_workshop"],
                                                                       by=request.user, reason=data["reason"]))

    @admin.action(description=_("Marquer présents pour une journée"), permissions=["mark"])
    def mark_present(self, request, queryset):
        def apply(enrollment, data):
            if data["day"] not in enrollment.workshop.days():
                raise services.EnrollmentRefused(_("L'atelier n'a pas lieu ce jour-là."))
            services.attendance_mark(enrollments=[enrollment], day=data["day"], by=request.user)

        return _intermediate(self, request, queryset, form_class=DayForm, title=_("Marquer la présence"), apply=apply)

    def has_mark_permission(self, request):
        return request.user.has_perm("workshops.add_attendance")

    def has_delete_permission(self, request, obj=None):
        # Enrollments are cancelled (kept, with their history), never deleted; the permission
        # name is reused to say who may cancel and move.
        return super().has_delete_permission(request, obj) and obj is None

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class PartyAllocationForm(forms.ModelForm):
    class Meta:
        model = PartyAllocation
        fields = ["seats_allowed"]

    def clean_seats_allowed(self):
        seats_allowed = self.cleaned_data["seats_allowed"]
        if self.instance.pk and seats_allowed < self.instance.seats_taken:
            raise ValidationError(
                _("Le parti occupe déjà %(taken)d places : son quota ne peut pas descendre en dessous.")
                % {"taken": self.instance.seats_taken}
            )
        return seats_allowed


@admin.register(PartyAllocation)
class PartyAllocationAdmin(admin.ModelAdmin):
    form = PartyAllocationForm
    list_display = ["workshop", "party", "seats_allowed", "seats_taken", "present"]
    list_select_related = ["workshop", "party"]
    list_filter = ["workshop", "party"]
    search_fields = ["workshop__title", "party__name", "party__acronym"]
    readonly_fields = ["workshop", "party", "seats_taken"]
    actions = ["release"]

    def get_queryset(self, request):
        return selectors.allocations_with_presence()

    @admin.display(description=_("présents"), ordering="present")
    def present(self, obj):
        return obj.present

    def has_add_permission(self, request):
        return False  # lines are created by the enrollment services, with the workshop's quota

    def save_model(self, request, obj, form, change):
        # Only the seats allowed are edited here, under the workshop's lock: a plain save would
        # write back a seat counter read before an enrollment made meanwhile.
        services.allocation_set_allowed(allocation=obj, seats_allowed=obj.seats_allowed, by=request.user)

    @admin.action(description=_("Libérer les places non utilisées"), permissions=["change"])
    def release(self, request, queryset):
        return _intermediate(self, request, queryset, form_class=ReleaseForm, title=_("Libérer les places non utilisées"),
                             apply=lambda a, data: services.allocation_release_unused(workshop=a.workshop, party=a.party,
                                                                                 to=data["to"], by=request.user))


@admin.register(SeatRelease)
class SeatReleaseAdmin(admin.ModelAdmin):
    list_display = ["workshop", "party", "seats", "target", "released_by", "created_at"]
    list_select_related = ["workshop", "party", "released_by"]
    list_filter = ["target", "workshop"]
    readonly_fields = ["workshop", "party", "seats", "target", "rule", "released_by", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "day", "checked_in_at", "method", "checked_in_by"]
    list_select_related = ["enrollment__workshop", "enrollment__user", "enrollment__delegate", "checked_in_by"]
    list_filter = ["day", "method", "enrollment__workshop"]
    search_fields = ["enrollment__checkin_code", "enrollment__delegate__last_name", "enrollment__user__email"]
    readonly_fields = ["enrollment", "day", "checked_in_at", "checked_in_by", "method"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False  # presence is recorded by the check-in page or the enrollments' bulk action


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "enrollment", "issued_at"]
    list_select_related = ["enrollment__workshop", "enrollment__user", "enrollment__delegate"]
    search_fields = ["code", "enrollment__delegate__last_name", "enrollment__user__email"]
    readonly_fields = ["code", "enrollment", "issued_at"]

    def has_add_permission(self, request):
        return False
