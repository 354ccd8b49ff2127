"""What the open data means: every field of every data set, its Table Schema type and its
description, and the Data Package (Frictionless Data, v1) that describes the CSV files.

The field lists of workshops/opendata.py are the order of the CSV columns; this dictionary is
their documentation, shown on /donnees/ and served as /donnees/datapackage.json. A test
(tests/test_opendata_package.py) reads the CSV files back and checks every value against it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .library.models import Language
from .models import Audience, WorkshopStatus
from .reports.models import Addressee, RecommendationStatus

DATETIME = _("Date et heure ISO 8601 avec le décalage horaire de Porto-Novo (+01:00).")
URL = _("Adresse web complète.")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, date, datetime
    description: str
    required: bool = False
    format: str = ""  # "uri" for addresses; "any" for datetimes (ISO 8601 with an offset)
    enum: tuple = field(default=())
    note: str = ""  # what every field of its kind says (the datetime format, a full address)

    @property
    def full_description(self):
        return f"{self.description} {self.note}".strip()

    def descriptor(self):
        described = {"name": self.name, "type": self.type, "description": self.full_description}
        if self.format:
            described["format"] = self.format
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            described["constraints"] = constraints
        return described


def _text(name, description, **kwargs):
    return Field(name, "string", description, **kwargs)


def _url(name, description, **kwargs):
    return Field(name, "string", description, format="uri", note=URL, **kwargs)


def _moment(name, description, **kwargs):
    return Field(name, "datetime", description, format="any", note=DATETIME, **kwargs)


def _count(name, description, **kwargs):
    return Field(name, "integer", description, **kwargs)


WORKSHOP = [
    _text("identifiant", _("Identifiant stable de l'atelier (celui de son adresse)."), required=True),
    _text("titre", _("Titre de l'atelier."), required=True),
    _text("theme", _("Thème de l'atelier."), required=True),
    _text("resume", _("Résumé de l'atelier.")),
    _text(
        "public",
        _("Public visé : parties (partis politiques), media (acteurs des médias sociaux), both (les deux)."),
        required=True,
        enum=tuple(Audience.values),
    ),
    _text(
        "statut",
        _(
            "Statut : published (inscriptions ouvertes ou à venir), registration_closed, held (tenu), "
            "cancelled (annulé)."
        ),
        required=True,
        enum=tuple(v for v in WorkshopStatus.values if v != WorkshopStatus.DRAFT),
    ),
    _moment("debut", _("Début de l'atelier."), required=True),
    _moment("fin", _("Fin de l'atelier."), required=True),
    _text("lieu", _("Lieu de l'atelier."), required=True),
    _text("commune", _("Commune du lieu."), required=True),
    _text("departement", _("Département du lieu."), required=True),
    _count("places", _("Nombre de places."), required=True),
    _count("quota_par_parti", _("Places par parti politique ; vide quand l'atelier n'a pas de quota.")),
    _text("structure_organisatrice", _("Structure du ministère qui organise l'atelier.")),
    _text("partenaires", _("Partenaires, séparés par « ; ».")),
    _url("adresse_page", _("Page de l'atelier."), required=True),
    _url("adresse_rapport", _("Page du rapport, vide tant qu'il n'est pas publié.")),
    Field(
        "exemple_fictif",
        "boolean",
        _("Vrai pour un atelier de démonstration, qui n'a pas eu lieu."),
        required=True,
    ),
]
REPORT = [
    _text("identifiant", _("Identifiant de l'atelier dont c'est le rapport."), required=True),
    _text("atelier", _("Titre de l'atelier."), required=True),
    _moment("debut", _("Début de l'atelier."), required=True),
    _moment("fin", _("Fin de l'atelier."), required=True),
    _text("commune", _("Commune du lieu."), required=True),
    _moment("publie_le", _("Publication du rapport."), required=True),
    _text("synthese", _("Synthèse des travaux."), required=True),
    _count("nombre_recommandations", _("Nombre de recommandations du rapport."), required=True),
    _count(
        "delegues_inscrits",
        _("Délégués des partis inscrits (calculé à partir des inscriptions)."),
        required=True,
    ),
    _count(
        "delegues_presents",
        _("Délégués des partis présents (calculé à partir des émargements)."),
        required=True,
    ),
    _count("acteurs_medias_inscrits", _("Acteurs des médias sociaux inscrits."), required=True),
    _count("acteurs_medias_presents", _("Acteurs des médias sociaux présents."), required=True),
    Field(
        "participation_exemple_fictif",
        "boolean",
        _("Vrai quand les chiffres de participation comptent des personnes de démonstration."),
        required=True,
    ),
    _url("adresse_page", _("Page du rapport."), required=True),
    _url("adresse_pdf", _("Rapport en PDF."), required=True),
]
RECOMMENDATION = [
    _count("identifiant", _("Identifiant stable de la recommandation."), required=True),
    _text("atelier", _("Identifiant de l'atelier dont elle est issue."), required=True),
    _count("ordre", _("Rang de la recommandation dans le rapport."), required=True),
    _text("texte", _("Texte de la recommandation."), required=True),
    _text(
        "destinataire",
        _("Catégorie de destinataire : ministry, parties, media, partners."),
        required=True,
        enum=tuple(Addressee.values),
    ),
    _text("destinataire_libelle", _("Libellé de la catégorie de destinataire."), required=True),
    _text("structure_suivi", _("Structure chargée du suivi.")),
    _text(
        "statut",
        _("Statut : proposed (proposée), in_progress (en cours), done (réalisée), abandoned (abandonnée)."),
        required=True,
        enum=tuple(RecommendationStatus.values),
    ),
    _text("statut_libelle", _("Libellé du statut."), required=True),
    Field("echeance", "date", _("Échéance (AAAA-MM-JJ), vide s'il n'y en a pas.")),
    Field("dernier_suivi", "date", _("Date de la dernière note de suivi publiée (AAAA-MM-JJ).")),
    _url("adresse_rapport", _("Page du rapport."), required=True),
    Field(
        "exemple_fictif",
        "boolean",
        _("Vrai pour une recommandation de démonstration, que le rapport ne contient pas."),
        required=True,
    ),
]
COMMUNICATION = [
    _text("identifiant", _("Identifiant stable de la communication."), required=True),
    _text("titre", _("Titre de la communication."), required=True),
    _text("atelier", _("Identifiant de l'atelier."), required=True),
    _text("atelier_titre", _("Titre de l'atelier."), required=True),
    _text("intervenants", _("Intervenants, séparés par « ; ».")),
    Field("date", "date", _("Date de la communication (AAAA-MM-JJ)."), required=True),
    _text("langue", _("Langue : fr, en, fon, yo, other."), required=True, enum=tuple(Language.values)),
    _text("mots_cles", _("Mots-clés, séparés par « ; ».")),
    _text(
        "visibilite",
        _("Visibilité : public, participants (fichiers réservés aux participants)."),
        required=True,
        enum=("public", "participants"),
    ),
    _text("fichiers", _("Fichiers, « nature:octets » séparés par « ; ».")),
    _text(
        "adresses_telechargement",
        _("Adresses des fichiers, pour les communications publiques seulement, séparées par « ; »."),
    ),
    _url("adresse_page", _("Page de la communication."), required=True),
]

PARTICIPATION = [
    _text("atelier", _("Identifiant de l'atelier dont le rapport est publié."), required=True),
    _text("dimension", _("genre ou departement."), required=True, enum=("genre", "departement")),
    _text(
        "categorie",
        _("F, M, N (préfère ne pas répondre) pour le genre ; code du département ; vide : non renseigné."),
    ),
    _text("categorie_libelle", _("Libellé de la catégorie."), required=True),
    _text("inscrits", _("Personnes inscrites (confirmées) ; « < 5 » de 1 à 4."), required=True),
    _text("presents", _("Personnes présentes au moins un jour ; « < 5 » de 1 à 4."), required=True),
]

# data set name -> (title, description, fields)
DICTIONARY = {
    "ateliers": (
        _("Ateliers"),
        _("Chaque atelier public, annulés compris (jamais les brouillons)."),
        WORKSHOP,
    ),
    "rapports": (
        _("Rapports"),
        _("Chaque rapport publié, avec la participation calculée à partir des émargements."),
        REPORT,
    ),
    "recommandations": (
        _("Recommandations"),
        _("Chaque recommandation d'un rapport publié et son statut."),
        RECOMMENDATION,
    ),
    "communications": (
        _("Communications"),
        _("Les communications de la médiathèque (métadonnées seulement)."),
        COMMUNICATION,
    ),
    "participation": (
        _("Participation par genre et par département"),
        _(
            "Pour chaque rapport publié, les inscrits et présents par genre déclaré et par département "
            "d'origine ; de 1 à 4 personnes, « < 5 »."
        ),
        PARTICIPATION,
    ),
}


def licence():
    return {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def datapackage():
    """The Data Package descriptor of the CSV files (Frictionless Data Package v1): one tabular
    resource per data set, its path, format, encoding, schema (fields with name, type and
    description) and the licence. Call it under the French language: descriptions are French."""
    return {
        "name": "coproduction-securite-misp",
        "title": str(_("Ateliers de coproduction de la sécurité — données ouvertes")),
        "description": str(
            _(
                "Ateliers, rapports, recommandations et communications du ministère de l'Intérieur "
                "et de la Sécurité Publique du Bénin. Aucune donnée personnelle."
            )
        ),
        "homepage": _absolute(reverse("opendata:catalogue")),
        "licenses": [
            {
                "name": settings.OPEN_DATA_LICENCE_NAME,
                "path": settings.OPEN_DATA_LICENCE_URL,
                "title": settings.OPEN_DATA_LICENCE_NAME,
            }
        ],
        "resources": [
            {
                "name": name,
                "title": str(title),
                "description": str(description),
                "path": _absolute(reverse("opendata:dataset", kwargs={"name": name, "extension": "csv"})),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": {"fields": [f.descriptor() for f in fields], "missingValues": [""]},
            }
            for name, (title, description, fields) in DICTIONARY.items()
        ],
    }
