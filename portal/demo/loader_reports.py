"""Writes the demo's report and library (portal/demo/data_reports.py), looked up by natural keys
like everything the loader writes: loading twice changes nothing and duplicates nothing."""

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from portal.ground.pdf import render_pdf
from workshops.library.models import Communication
from workshops.library.services import communication_file_add, communications_import_finish
from workshops.models import Workshop
from workshops.reports import services as report_services
from workshops.reports.models import Recommendation, Report

from .data import POSSOTOME_SLUG, at
from .data_reports import (
    POSSOTOME_COMMUNICATIONS,
    POSSOTOME_RECOMMENDATIONS,
    POSSOTOME_REPORT,
    POSSOTOME_REPORT_PUBLISHED,
)


def possotome_report_write(*, staff):
    """The report of the Possotomè workshop, published, with its recommendations and follow-up.
    Recommendations are looked up by their position: a reload adds nothing and changes no status."""
    workshop = Workshop.objects.get(slug=POSSOTOME_SLUG)
    report, _ = Report.objects.update_or_create(workshop=workshop, defaults={"summary": POSSOTOME_REPORT})
    for position, text, addressee, owner, due_date, follow_up in POSSOTOME_RECOMMENDATIONS:
        recommendation, created = Recommendation.objects.get_or_create(
            report=report,
            position=position,
            defaults={
                "text": text,
                "addressee": addressee,
                "owner": owner,
                "due_date": due_date,
                "is_illustrative": True,
            },
        )
        if created:
            for day, status, note in follow_up:
                report_services.recommendation_add_update(
                    recommendation=recommendation, by=staff, note=note, status=status, date=day
                )
    # A demo loaded by an earlier version kept its recommendations unmarked.
    Recommendation.objects.filter(report=report).update(is_illustrative=True)
    report_services.report_publish(report=report, by=staff)
    # Dated when the article says it was made, not on the day the demo is loaded.
    Report.objects.filter(pk=report.pk).update(published_at=at(POSSOTOME_REPORT_PUBLISHED, 18))
    report.refresh_from_db()
    return report


def _communication_pdf(title, speaker):

    html = (
        "<html lang='fr'><head><meta charset='utf-8'><style>body{font-family:sans-serif;margin:2cm}"
        "h1{color:#006b3f;font-size:20pt}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(speaker.name)}, {escape(speaker.title)}</p>"
        "<p>Atelier « L'éducation citoyenne à la coproduction de la sécurité », Possotomè, 21 et 22 juillet 2022.</p>"
        "<p><strong>Exemple fictif</strong> : document de démonstration du portail Coproduction Sécurité ; "
        "le support réel de cette communication n'est pas publié.</p></body></html>"
    )
    return render_pdf(html)


def possotome_communications_write(*, workshop, speakers):
    """The communications of the Possotomè workshop, each with a generated PDF (made once)."""
    sessions = {session.title: session for session in workshop.sessions.all()}
    for key, title, keywords, visibility in POSSOTOME_COMMUNICATIONS:
        session = sessions.get(title)
        speaker = speakers[key]
        communication, _ = Communication.objects.update_or_create(
            slug=slugify(title)[:200],
            defaults={
                "workshop": workshop,
                "session": session,
                "title": title,
                "summary": f"Communication présentée par {speaker.name} aux acteurs des médias sociaux à Possotomè.",
                "date": session.day if session and session.day else timezone.localdate(workshop.starts_at),
                "keywords": keywords,
                "visibility": visibility,
            },
        )
        communication.speakers.set([speaker])
        if not communication.files.exists():
            pdf = _communication_pdf(title, speaker)
            communication_file_add(
                communication=communication,
                upload=ContentFile(pdf, name=f"{slugify(title)[:60]}.pdf"),
                kind="slides",
                label="Diaporama (PDF) — exemple fictif",
            )
    communications_import_finish()
