"""Open data: published workshops, published reports and their recommendations, and the
communications of the library (metadata), as JSON and CSV
at stable addresses under /donnees/ (outside the language prefix: they are machine endpoints).

Nothing personal is ever exported: no names of participants, delegates or staff, no contacts.
Each data set is a list of flat rows built from one or two queries; the JSON of the reports also
nests their recommendations. Anonymous requests are served from the public page cache, which is
invalidated exactly whenever a workshop, a report, a recommendation or a communication changes.

The field lists below are the documentation (README, "Open data"); change them together.
To add a data set, add an entry to DATASETS. The communications are described (metadata only);
their files' addresses are given for public ones alone, the others being for participants.
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from portal.ground.http import absolute_url
from portal.ground.pagecache import cache_public_page
from portal.ground.spreadsheets import safe_cell

from . import opendata_package as package
from .library.models import Communication, Visibility
from .models import Workshop
from .participation import participation_breakdown
from .reports.models import Recommendation, Report
from .reports.selectors import participation_totals

# The CSV columns, in order; their types and meanings are in opendata_package (the dictionary).
WORKSHOP_FIELDS = [f.name for f in package.WORKSHOP]
REPORT_FIELDS = [f.name for f in package.REPORT]
RECOMMENDATION_FIELDS = [f.name for f in package.RECOMMENDATION]
COMMUNICATION_FIELDS = [f.name for f in package.COMMUNICATION]
PARTICIPATION_FIELDS = [f.name for f in package.PARTICIPATION]


def _local(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def workshop_rows():
    """Every public workshop (cancelled ones too, with their status). Two queries."""
    workshops = (
        Workshop.objects.published()
        .for_listing()
        .select_related("report")
        .prefetch_related("partners")
        .order_by("starts_at", "pk")
    )
    rows = []
    for workshop in workshops:
        report = getattr(workshop, "report", None)
        rows.append(
            {
                "identifiant": workshop.slug,
                "titre": workshop.title,
                "theme": workshop.theme.name,
                "resume": workshop.summary,
                "public": workshop.audience,
                "statut": workshop.status,
                "debut": _local(workshop.starts_at),
                "fin": _local(workshop.ends_at),
                "lieu": workshop.venue.name,
                "commune": workshop.venue.commune.name,
                "departement": workshop.venue.commune.get_department_display(),
                "places": workshop.capacity,
                "quota_par_parti": workshop.party_quota,
                "structure_organisatrice": workshop.organiser,
                "partenaires": " ; ".join(partner.name for partner in workshop.partners.all()),
                "adresse_page": absolute_url(workshop.get_absolute_url()),
                "adresse_rapport": absolute_url(report.get_absolute_url())
                if report and report.is_published
                else None,
                "exemple_fictif": workshop.is_illustrative,
            }
        )
    return rows


def _recommendations_public():
    return (
        Recommendation.objects.filter(report__status="published")
        .select_related("report__workshop")
        .annotate(last_update=Max("updates__date"))
        .order_by("report__workshop__starts_at", "report_id", "position", "pk")
    )


def _recommendation_row(recommendation):
    return {
        "identifiant": recommendation.pk,
        "atelier": recommendation.report.workshop.slug,
        "ordre": recommendation.position,
        "texte": recommendation.text,
        "destinataire": recommendation.addressee,
        "destinataire_libelle": recommendation.get_addressee_display(),
        "structure_suivi": recommendation.owner,
        "statut": recommendation.status,
        "statut_libelle": recommendation.get_status_display(),
        "echeance": recommendation.due_date.isoformat() if recommendation.due_date else None,
        "dernier_suivi": recommendation.last_update.isoformat() if recommendation.last_update else None,
        "adresse_rapport": absolute_url(recommendation.report.get_absolute_url()),
        "exemple_fictif": recommendation.is_illustrative,
    }


def recommendation_rows():
    """Every recommendation of a published report. One query."""
    return [_recommendation_row(recommendation) for recommendation in _recommendations_public()]


def report_rows(*, nested=False):
    """Every published report with its participation totals (computed from the attendance, as on
    the report page); with `nested`, each carries its recommendations. One or two queries."""
    reports = (
        Report.objects.published()
        .select_related("workshop__venue__commune")
        .annotate(recommendation_count=Count("recommendations"), **participation_totals())
        .order_by("workshop__starts_at", "pk")
    )
    if nested:
        reports = reports.prefetch_related(Prefetch("recommendations", queryset=_recommendations_public()))
    rows = []
    for report in reports:
        workshop = report.workshop
        row = {
            "identifiant": workshop.slug,
            "atelier": workshop.title,
            "debut": _local(workshop.starts_at),
            "fin": _local(workshop.ends_at),
            "commune": workshop.venue.commune.name,
            "publie_le": _local(report.published_at),
            "synthese": report.summary,
            "nombre_recommandations": report.recommendation_count,
            "delegues_inscrits": report.delegates_enrolled,
            "delegues_presents": report.delegates_present,
            "acteurs_medias_inscrits": report.media_enrolled,
            "acteurs_medias_presents": report.media_present,
            "participation_exemple_fictif": report.participation_illustrative,
            "adresse_page": absolute_url(report.get_absolute_url()),
            "adresse_pdf": absolute_url(reverse("reports:pdf", kwargs={"slug": workshop.slug})),
        }
        if nested:
            row["recommandations"] = [_recommendation_row(r) for r in report.recommendations.all()]
        rows.append(row)
    return rows


def communication_rows(*, nested=False):
    """Every communication the library lists (of public workshops, never the staff-only ones),
    with its files' kinds and sizes; a file's download address only when the communication is
    public. CSV joins the files with " ; " (`nature:octets`); with `nested` (JSON) each file is an
    object. Three queries."""
    communications = (
        Communication.objects.listed()
        .select_related("workshop")
        .prefetch_related("speakers", "files")
        .order_by("date", "pk")
    )
    rows = []
    for communication in communications:
        public = communication.visibility == Visibility.PUBLIC
        files = [
            {
                "nature": item.kind,
                "type": item.mime_type,
                "taille_octets": item.size,
                "adresse_telechargement": absolute_url(item.get_absolute_url()) if public else None,
            }
            for item in communication.files.all()
        ]
        row = {
            "identifiant": communication.slug,
            "titre": communication.title,
            "atelier": communication.workshop.slug,
            "atelier_titre": communication.workshop.title,
            "intervenants": " ; ".join(speaker.name for speaker in communication.speakers.all()),
            "date": communication.date.isoformat(),
            "langue": communication.language,
            "mots_cles": " ; ".join(communication.keyword_list),
            "visibilite": communication.visibility,
            "fichiers": files if nested else " ; ".join(f"{f['nature']}:{f['taille_octets']}" for f in files),
            "adresses_telechargement": " ; ".join(f["adresse_telechargement"] for f in files if public),
            "adresse_page": absolute_url(communication.get_absolute_url()),
        }
        rows.append(row)
    return rows


def participation_rows():
    """For each published report's workshop, enrolled and present people by gender and by
    département, small counts hidden as on the report. Two queries per workshop, plus one."""
    rows = []
    workshops = Workshop.objects.filter(report__status="published").order_by("starts_at", "pk")
    for workshop in workshops.only("pk", "slug"):
        breakdown = participation_breakdown(workshop=workshop).public()
        for dimension, lines in (("genre", breakdown.by_gender), ("departement", breakdown.by_department)):
            rows.extend(
                {
                    "atelier": workshop.slug,
                    "dimension": dimension,
                    "categorie": line.code,
                    "categorie_libelle": line.label,
                    "inscrits": str(line.enrolled),
                    "presents": str(line.present),
                }
                for line in lines
            )
    return rows


# name → (field list, rows for CSV, rows for JSON)
DATASETS = {
    "ateliers": (WORKSHOP_FIELDS, workshop_rows, workshop_rows),
    "rapports": (REPORT_FIELDS, report_rows, lambda: report_rows(nested=True)),
    "recommandations": (RECOMMENDATION_FIELDS, recommendation_rows, recommendation_rows),
    "communications": (COMMUNICATION_FIELDS, communication_rows, lambda: communication_rows(nested=True)),
    "participation": (PARTICIPATION_FIELDS, participation_rows, participation_rows),
}


def _csv_response(fields, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    # Titles, summaries and recommendations are typed by people: a spreadsheet must not run them.
    writer.writerows(
        {key: ("" if value is None else safe_cell(value)) for key, value in row.items()} for row in rows
    )
    return HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")


@require_safe
@cache_public_page(at_the_door=True)
def dataset(request, name, extension):
    if name not in DATASETS or extension not in ("json", "csv"):
        raise Http404
    fields, csv_rows, json_rows = DATASETS[name]
    # The labels in the data are French whatever the visitor's browser asks for: stable files.
    with translation.override("fr"):
        if extension == "csv":
            return _csv_response(fields, csv_rows())
        rows = json_rows()
    content = json.dumps(
        {"jeu_de_donnees": name, "nombre": len(rows), "donnees": rows},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=1,
    )
    return HttpResponse(content, content_type="application/json; charset=utf-8")


@require_safe
def catalogue(request):
    """What the open data offers. A browser gets the page (licence, data sets, the dictionary of
    their fields); a program (no Accept, or JSON first) the JSON list it always had."""
    wants = request.get_preferred_type(["application/json", "text/html"])
    if wants == "text/html":
        with translation.override("fr"):
            response = render(
                request,
                "workshops/opendata.html",
                {
                    "licence": package.licence(),
                    "datasets": [
                        {
                            "name": name,
                            "title": title,
                            "description": description,
                            "fields": fields,
                            "csv": reverse("opendata:dataset", kwargs={"name": name, "extension": "csv"}),
                            "json": reverse("opendata:dataset", kwargs={"name": name, "extension": "json"}),
                        }
                        for name, (title, description, fields) in package.DICTIONARY.items()
                    ],
                },
            )
    else:
        response = _catalogue_json()
    patch_vary_headers(response, ["Accept"])
    return response


@require_safe
def datapackage(request):
    """The Frictionless Data Package describing the CSV files (opendata_package.datapackage).
    No query: built from the dictionary and the settings each time."""
    with translation.override("fr"):
        content = json.dumps(package.datapackage(), ensure_ascii=False, indent=1)
    return HttpResponse(content, content_type="application/json; charset=utf-8")


def _catalogue_json():
    return JsonResponse(
        {
            "licence": package.licence(),
            "datapackage": absolute_url(reverse("opendata:datapackage")),
            "jeux_de_donnees": [
                {
                    "nom": name,
                    "json": absolute_url(
                        reverse("opendata:dataset", kwargs={"name": name, "extension": "json"})
                    ),
                    "csv": absolute_url(
                        reverse("opendata:dataset", kwargs={"name": name, "extension": "csv"})
                    ),
                    "champs": fields,
                }
                for name, (fields, _csv, _json) in DATASETS.items()
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


app_name = "opendata"
urlpatterns = [
    path("", catalogue, name="catalogue"),
    path("datapackage.json", datapackage, name="datapackage"),
    path("<slug:name>.<str:extension>", dataset, name="dataset"),
]
