"""Import and export of the back office's tables (django-import-export), with French headers.

Exports: workshops, speakers, enrollments, a workshop's contact list. Imports: speakers (matched
on their identifier, made from the name when the file has none). The parties' register and
rosters: accounts/parties/resources.py; the shared bases: portal/ground/resources.py.
"""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from portal.ground.resources import AllOrNothingResource, SpreadsheetSafeResource, text_field

from .models import Enrollment, EnrollmentStatus, Speaker, Workshop


class WorkshopResource(SpreadsheetSafeResource):
    """Export only: workshops are created and changed through the admin's forms and services."""

    slug = fields.Field(attribute="slug", column_name=_("identifiant"))
    title = fields.Field(attribute="title", column_name=_("titre"))
    theme = fields.Field(attribute="theme__name", column_name=_("thème"))
    audience = fields.Field(attribute="get_audience_display", column_name=_("public"))
    status = fields.Field(attribute="get_status_display", column_name=_("statut"))
    starts_at = fields.Field(
        attribute="starts_at", column_name=_("début"), widget=widgets.DateTimeWidget("%d/%m/%Y %H:%M")
    )
    ends_at = fields.Field(
        attribute="ends_at", column_name=_("fin"), widget=widgets.DateTimeWidget("%d/%m/%Y %H:%M")
    )
    venue = fields.Field(attribute="venue__name", column_name=_("lieu"))
    commune = fields.Field(attribute="venue__commune__name", column_name=_("commune"))
    capacity = fields.Field(attribute="capacity", column_name=_("places"), widget=widgets.IntegerWidget())
    seats_taken = fields.Field(
        attribute="seats_taken", column_name=_("places occupées"), widget=widgets.IntegerWidget()
    )
    party_quota = fields.Field(
        attribute="party_quota", column_name=_("quota par parti"), widget=widgets.IntegerWidget()
    )
    organiser = fields.Field(attribute="organiser", column_name=_("structure organisatrice"))

    class Meta:
        model = Workshop
        fields = [
            "slug",
            "title",
            "theme",
            "audience",
            "status",
            "starts_at",
            "ends_at",
            "venue",
            "commune",
            "capacity",
            "seats_taken",
            "party_quota",
            "organiser",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("theme", "venue__commune").order_by("starts_at", "pk")


class SpeakerResource(AllOrNothingResource):
    name = text_field("name", _("nom"))
    slug = text_field("slug", _("identifiant"))
    title = text_field("title", _("titre ou fonction"))
    organisation = text_field("organisation", _("organisation"))
    bio = text_field("bio", _("courte biographie"))

    class Meta:
        model = Speaker
        fields = ["name", "slug", "title", "organisation", "bio"]
        export_order = fields
        import_id_fields = ["slug"]

    def before_import_row(self, row, **kwargs):
        # A file typed by hand often has no identifier: make it from the name, as the admin does.
        slug_column, name_column = str(self.fields["slug"].column_name), str(self.fields["name"].column_name)
        if not str(row.get(slug_column) or "").strip():
            row[slug_column] = slugify(str(row.get(name_column) or ""))[:200]


# --- People: enrollments, delegates, a workshop's contact list (exports only) --------------------


def _phone_of(enrollment):
    # Accounts without a phone and anonymised people hold a placeholder key, not a number.
    phone = enrollment.person_phone
    return "" if phone.startswith(("compte-", "anonyme-")) else phone


def _person(enrollment):
    """(e-mail, commune) of the person enrolled, a delegate or a media actor's account."""
    person = enrollment.delegate if enrollment.delegate_id else enrollment.user
    return person.email, person.commune.name if person.commune_id else ""


class EnrollmentResource(SpreadsheetSafeResource):
    """The enrollments of the admin's list (its filters applied): one row per enrollment."""

    workshop = fields.Field(attribute="workshop__title", column_name=_("atelier"))
    person = fields.Field(column_name=_("nom"))
    kind = fields.Field(column_name=_("catégorie"))
    party = fields.Field(attribute="party__acronym", column_name=_("parti"))
    phone = fields.Field(column_name=_("téléphone"))
    email = fields.Field(column_name=_("adresse e-mail"))
    commune = fields.Field(column_name=_("commune"))
    status = fields.Field(attribute="get_status_display", column_name=_("statut"))
    checkin_code = fields.Field(attribute="checkin_code", column_name=_("code d'émargement"))
    gender = fields.Field(column_name=_("genre"))
    answers = fields.Field(column_name=_("réponses aux questions"))
    created_at = fields.Field(
        attribute="created_at", column_name=_("inscrit le"), widget=widgets.DateTimeWidget("%d/%m/%Y %H:%M")
    )

    class Meta:
        model = Enrollment
        fields = [
            "workshop",
            "person",
            "kind",
            "party",
            "phone",
            "email",
            "commune",
            "status",
            "checkin_code",
            "gender",
            "answers",
            "created_at",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return (
            queryset.select_related(
                "workshop", "party", "user__commune", "user__media_profile", "delegate__commune"
            )
            .prefetch_related("answers__question")
            .order_by("workshop__starts_at", "workshop_id", "created_at", "pk")
        )

    def dehydrate_gender(self, enrollment):
        if enrollment.delegate_id:
            return enrollment.delegate.get_gender_display()
        profile = getattr(enrollment.user, "media_profile", None)
        return profile.get_gender_display() if profile else ""

    def dehydrate_answers(self, enrollment):
        """Every answer as « question : réponse », separated by « ; », in the questions' order."""
        answers = sorted(enrollment.answers.all(), key=lambda a: (a.question.position, a.question_id))
        return " ; ".join(f"{answer.question.label} : {answer.value}" for answer in answers)

    def dehydrate_person(self, enrollment):
        return enrollment.person_name

    def dehydrate_kind(self, enrollment):
        return str(_("délégué de parti") if enrollment.delegate_id else _("acteur des médias sociaux"))

    def dehydrate_phone(self, enrollment):
        return _phone_of(enrollment)

    def dehydrate_email(self, enrollment):
        return _person(enrollment)[0]

    def dehydrate_commune(self, enrollment):
        return _person(enrollment)[1]


class ParticipantContactResource(EnrollmentResource):
    """A workshop's contact list: its confirmed participants, by name (staff who may view the
    enrollments only)."""

    class Meta:
        model = Enrollment
        fields = ["person", "party", "phone", "email", "commune"]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        # By name, as people look for one another on a printed list: sorted here, since the name
        # is a delegate's or an account's.
        rows = queryset.select_related("party", "user__commune", "delegate__commune")
        return sorted(rows, key=lambda e: (e.person_name.lower(), e.pk))

    def export_workshop(self, workshop):
        return self.export(
            queryset=Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED)
        )
