"""The demo data carries the five communications of the Possotomè workshop, with real PDF files."""

import io

import pytest
from pypdf import PdfReader

from portal import demo
from workshops.library.models import Communication, CommunicationFile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]


def test_demo_loads_the_five_possotome_communications_once(library_storage, client):
    demo.load()
    demo.load()  # loading again changes nothing and duplicates nothing

    communications = Communication.objects.filter(
        workshop__slug="education-citoyenne-coproduction-securite-possotome-2022"
    ).order_by("session__pk")
    assert [(c.title, [s.name for s in c.speakers.all()], c.visibility) for c in communications] == [
        (
            "État des lieux des menaces sécuritaires au Bénin et dans la sous-région",
            ["Eric Kossi Agossounon"],
            "participants",
        ),
        (
            "Concepts de coproduction de la sécurité et de la police communautaire",
            ["Mathias Atchédemessi"],
            "public",
        ),
        (
            "La participation des médias sociaux au renforcement de la conscience citoyenne à la coproduction de la "
            "sécurité au Bénin : enjeux et perspectives",
            ["François Awoudo"],
            "participants",
        ),
        ("Médias sociaux : opportunités et risques pour la sécurité", ["Expédit B. Ologou"], "participants"),
        (
            "Participation des médias sociaux au renforcement de la résilience des citoyens face aux nouvelles menaces "
            "sécuritaires",
            ["Delphin Tokpon"],
            "participants",
        ),
    ]
    assert all(c.session.title == c.title for c in communications)
    files = list(CommunicationFile.objects.all())
    assert len(files) == 5
    assert len(list((library_storage / "communications").iterdir())) == 5
    assert {(f.mime_type, f.kind) for f in files} == {("application/pdf", "slides")}

    public = CommunicationFile.objects.get(communication__visibility="public")
    response = client.get(public.get_absolute_url())
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert "Concepts de coproduction de la sécurité" in " ".join(pdf.pages[0].extract_text().split())
