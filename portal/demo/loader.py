"""Demo data: the two real workshops of the press articles, three upcoming ones and the accounts.

The facts of the 2022 workshops (dates, places, people, titles of the talks) come from the press;
the hour of each agenda item is illustrative. Every object is looked up by a natural key before it
is written, so loading twice changes nothing and duplicates nothing.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.ground.geography import Commune
from workshops.models import Audience, Partner, Session, Speaker, Theme, Venue, Workshop, WorkshopStatus

TZ = ZoneInfo("Africa/Porto-Novo")

STAFF_EMAIL = "admin@misp.bj"
DEMO_PASSWORD = "coproduction-2026"

SPEAKERS = {
    "seidou": ("Alassane Séïdou", "Ministre de l'Intérieur et de la Sécurité Publique", "MISP"),
    "lafia": ("Sacca Lafia", "Président de la Commission Électorale Nationale Autonome", "CENA"),
    "gnaho": ("Vital Gnaho", "Directeur des partis politiques et des affaires électorales", "MISP"),
    "olochoumare": ("Abasse Olochoumaré", "Directeur de cabinet du ministre de l'Intérieur et de la Sécurité Publique", "MISP"),
    "agossounon": ("Eric Kossi Agossounon", "Contrôleur Général de Police, Conseiller Technique à la Sécurité du Ministre de l'Intérieur", "MISP"),
    "atchedemessi": ("Mathias Atchédemessi", "Contrôleur Général de Police", "Police républicaine"),
    "awoudo": ("François Awoudo", "Expert en communication et médias", ""),
    "ologou": ("Expédit B. Ologou", "Docteur en science politique", ""),
    "tokpon": ("Delphin Tokpon", "Secrétaire Général du ministère de l'Intérieur et de la Sécurité Publique", "MISP"),
    "akodjenou": ("Waidi Akodjènou", "Commissaire Principal de Police, Coordonnateur du Projet Police Communautaire", "Police républicaine"),
}


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def _speakers():
    speakers = {}
    for key, (name, title, organisation) in SPEAKERS.items():
        speakers[key], _ = Speaker.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "title": title, "organisation": organisation}
        )
    return speakers


def _venue(name, commune_slug, address=""):
    venue, _ = Venue.objects.update_or_create(
        name=name, commune=Commune.objects.get(slug=commune_slug), defaults={"address": address}
    )
    return venue


def _theme(name):
    theme, _ = Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return theme


def _agenda(workshop, items, speakers):
    for day, start, end, title, speaker_keys in items:
        session, _ = Session.objects.update_or_create(
            workshop=workshop, day=day, starts_at=start,
            defaults={"ends_at": end, "title": title},
        )
        session.speakers.set([speakers[key] for key in speaker_keys])


def _past_workshops(speakers):
    electoral, _ = Workshop.objects.update_or_create(
        slug="coproduction-securite-periode-electorale-2022",
        defaults={
            "title": "Coproduction de la sécurité en période électorale",
            "theme": _theme("Sécurité en période électorale"),
            "summary": (
                "Outiller les dirigeants et responsables des partis politiques régulièrement "
                "enregistrés sur la coproduction de la sécurité avant les législatives du 8 janvier 2023."
            ),
            "description": (
                "Initié par la Direction des partis politiques et des affaires électorales du ministère "
                "de l'Intérieur et de la Sécurité Publique, cet atelier vise à sensibiliser les partis "
                "aux comportements préventifs qui assurent la sécurité des candidats, des leaders "
                "politiques et des militants pendant tout le processus électoral.\n\n"
                "Les travaux ont été ouverts par le Ministre de l'Intérieur et de la Sécurité Publique, "
                "Alassane Séïdou, en présence du président de la CENA, Sacca Lafia, à quelques jours du "
                "lancement de la campagne des élections législatives du 8 janvier 2023."
            ),
            "organiser": "Direction des partis politiques et des affaires électorales (MISP)",
            "audience": Audience.PARTIES,
            "venue": _venue("Palais des Congrès", "cotonou"),
            "starts_at": _at(datetime.date(2022, 12, 12), 8, 30),
            "ends_at": _at(datetime.date(2022, 12, 12), 17, 0),
            "capacity": 200,
            "party_quota": 4,
            "registration_opens_at": _at(datetime.date(2022, 11, 28), 8),
            "registration_closes_at": _at(datetime.date(2022, 12, 9), 18),
            "status": WorkshopStatus.HELD,
            "published_at": _at(datetime.date(2022, 11, 28), 8),
        },
    )
    day = datetime.date(2022, 12, 12)
    _agenda(electoral, [
        (day, datetime.time(9), datetime.time(9, 45), "Cérémonie d'ouverture", ["seidou", "lafia"]),
        (day, datetime.time(9, 45), datetime.time(10, 30),
         "Le suivi des partis politiques par la Direction des partis politiques et des affaires électorales", ["gnaho"]),
        (day, datetime.time(10, 45), datetime.time(12, 30),
         "La coproduction de la sécurité : le rôle du monde politique", ["gnaho"]),
        (day, datetime.time(14), datetime.time(16, 30),
         "Comportements préventifs pour la sécurité des candidats, des leaders et des militants", []),
    ], speakers)

    hanns_seidel, _ = Partner.objects.update_or_create(
        name="Fondation Hanns Seidel", defaults={"website": "https://www.hss.de/"}
    )
    media, _ = Workshop.objects.update_or_create(
        slug="education-citoyenne-coproduction-securite-possotome-2022",
        defaults={
            "title": "L'éducation citoyenne à la coproduction de la sécurité",
            "theme": _theme("Médias sociaux et sécurité"),
            "summary": (
                "Deux jours avec les acteurs des médias sociaux sur les opportunités, les défis et "
                "l'éthique des médias sociaux pour la sécurité collective."
            ),
            "description": (
                "Organisé par le ministère de l'Intérieur et de la Sécurité Publique avec l'appui de la "
                "Fondation Hanns Seidel, cet atelier a réuni blogueurs, web-activistes et "
                "administrateurs de pages et de groupes pour renforcer leur compréhension des "
                "opportunités, des défis et des dimensions éthiques de l'utilisation des médias sociaux "
                "pour la sécurité collective, dans un monde confronté au terrorisme.\n\n"
                "Cinq communications ont été présentées, avec la contribution du Commissaire Principal "
                "de Police Waidi Akodjènou, Coordonnateur du Projet Police Communautaire. Un rapport "
                "assorti de recommandations a conclu les travaux."
            ),
            "audience": Audience.MEDIA,
            "venue": _venue("Possotomè", "bopa", "au bord du lac Ahémé"),
            "starts_at": _at(datetime.date(2022, 7, 21), 8, 30),
            "ends_at": _at(datetime.date(2022, 7, 22), 13, 0),
            "capacity": 50,
            "party_quota": None,
            "registration_opens_at": _at(datetime.date(2022, 7, 1), 8),
            "registration_closes_at": _at(datetime.date(2022, 7, 18), 18),
            "status": WorkshopStatus.HELD,
            "published_at": _at(datetime.date(2022, 7, 1), 8),
        },
    )
    media.partners.set([hanns_seidel])
    first, second = datetime.date(2022, 7, 21), datetime.date(2022, 7, 22)
    _agenda(media, [
        (first, datetime.time(9), datetime.time(9, 30), "Ouverture des travaux", ["olochoumare"]),
        (first, datetime.time(9, 30), datetime.time(10, 30),
         "État des lieux des menaces sécuritaires au Bénin et dans la sous-région", ["agossounon"]),
        (first, datetime.time(10, 45), datetime.time(11, 45),
         "Concepts de coproduction de la sécurité et de la police communautaire", ["atchedemessi", "akodjenou"]),
        (first, datetime.time(14), datetime.time(15, 30),
         "La participation des médias sociaux au renforcement de la conscience citoyenne à la "
         "coproduction de la sécurité au Bénin : enjeux et perspectives", ["awoudo"]),
        (second, datetime.time(9), datetime.time(10),
         "Médias sociaux : opportunités et risques pour la sécurité", ["ologou"]),
        (second, datetime.time(10, 15), datetime.time(11, 15),
         "Participation des médias sociaux au renforcement de la résilience des citoyens face aux "
         "nouvelles menaces sécuritaires", ["tokpon"]),
        (second, datetime.time(11, 30), datetime.time(12, 30), "Synthèse et recommandations", []),
    ], speakers)
    return electoral, media


UPCOMING = [
    {
        "slug": "securite-des-militants-pendant-les-campagnes",
        "title": "Sécurité des militants pendant les campagnes : le rôle des partis politiques",
        "theme": "Sécurité en période électorale",
        "summary": "Prévenir les violences lors des meetings, des caravanes et des tournées de proximité.",
        "audience": Audience.PARTIES, "venue": ("Salle de conférences de la mairie", "parakou"),
        "in_days": 30, "days": 1, "capacity": 60, "party_quota": 3,
    },
    {
        "slug": "verifier-avant-de-partager",
        "title": "Vérifier avant de partager : rumeurs, désinformation et sécurité",
        "theme": "Médias sociaux et sécurité",
        "summary": "Reconnaître une fausse alerte, vérifier une image, alerter les bons services.",
        "audience": Audience.MEDIA, "venue": ("Maison des médias", "cotonou"),
        "in_days": 45, "days": 2, "capacity": 40, "party_quota": None,
    },
    {
        "slug": "prevenir-extremisme-violent-communes-frontalieres",
        "title": "Prévenir l'extrémisme violent dans les communes frontalières",
        "theme": "Police communautaire et prévention",
        "summary": "Partis politiques et acteurs des médias sociaux face aux menaces dans le nord du pays.",
        "audience": Audience.BOTH, "venue": ("Salle de conférences de la préfecture", "natitingou"),
        "in_days": 60, "days": 2, "capacity": 80, "party_quota": 4,
    },
]


def _upcoming_workshops(speakers):
    created = []
    today = timezone.localdate()
    for spec in UPCOMING:
        if Workshop.objects.filter(slug=spec["slug"]).exists():
            continue  # keep the dates chosen the first time: loading again must change nothing
        first_day = today + datetime.timedelta(days=spec["in_days"])
        last_day = first_day + datetime.timedelta(days=spec["days"] - 1)
        workshop = Workshop.objects.create(
            slug=spec["slug"], title=spec["title"], theme=_theme(spec["theme"]), summary=spec["summary"],
            description=spec["summary"], audience=spec["audience"], venue=_venue(*spec["venue"]),
            starts_at=_at(first_day, 8, 30), ends_at=_at(last_day, 16, 30),
            capacity=spec["capacity"], party_quota=spec["party_quota"],
            registration_opens_at=_at(today, 0), registration_closes_at=_at(first_day - datetime.timedelta(days=3), 18),
            status=WorkshopStatus.PUBLISHED, published_at=timezone.now(),
        )
        _agenda(workshop, [
            (first_day, datetime.time(9), datetime.time(9, 30), "Ouverture", []),
            (first_day, datetime.time(9, 30), datetime.time(11), "Concepts de coproduction de la sécurité", ["atchedemessi"]),
            (last_day, datetime.time(14), datetime.time(15, 30), "Travaux de groupe et recommandations", []),
        ], speakers)
        created.append(workshop)
    return created


def _staff():
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        email=STAFF_EMAIL, defaults={"first_name": "Administrateur", "last_name": "MISP"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    # allauth signs in only confirmed addresses (mandatory verification).
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


POSSOTOME_REPORT = (
    "Les 21 et 22 juillet 2022, à Possotomè (commune de Bopa), le ministère de l'Intérieur et de la "
    "Sécurité Publique a réuni, avec l'appui de la Fondation Hanns Seidel, blogueurs, web-activistes et "
    "administrateurs de pages et de groupes autour de l'éducation citoyenne à la coproduction de la sécurité.\n\n"
    "Cinq communications ont été présentées : l'état des lieux des menaces sécuritaires au Bénin et dans la "
    "sous-région ; les concepts de coproduction de la sécurité et de police communautaire ; la participation "
    "des médias sociaux au renforcement de la conscience citoyenne ; les opportunités et les risques des "
    "médias sociaux pour la sécurité ; leur participation au renforcement de la résilience des citoyens face "
    "aux nouvelles menaces sécuritaires. Le Projet Police Communautaire y a apporté sa contribution.\n\n"
    "Les participants ont mesuré le rôle qui est désormais le leur dans un monde confronté au terrorisme et "
    "ont formulé les recommandations ci-dessous, pour une franche collaboration entre les Forces de défense "
    "et de sécurité et les populations."
)

# (position, text, addressee, owner, due date, follow-up entries as (date, status, note)).
# Recommendations 1 to 5 restate what the press reported of the workshop; the sixth and the
# follow-up entries are illustrative (the demo needs every status).
POSSOTOME_RECOMMENDATIONS = [
    (1, "Promouvoir auprès des acteurs des médias sociaux un usage responsable des réseaux sociaux, "
        "respectueux de l'éthique et de la sécurité collective.",
     "media", "Acteurs des médias sociaux (blogueurs, web-activistes, administrateurs de pages)",
     datetime.date(2023, 7, 31),
     [(datetime.date(2022, 10, 14), "in_progress",
       "Une charte de bonnes pratiques est en cours de rédaction avec les participants.")]),
    (2, "Mettre en place un cadre de concertation et de suivi entre le ministère et les web-activistes "
        "pour la coproduction de la sécurité.",
     "ministry", "Cabinet du ministre de l'Intérieur et de la Sécurité Publique", datetime.date(2023, 3, 31),
     [(datetime.date(2022, 9, 5), "", "Liste des points focaux établie à l'issue de l'atelier."),
      (datetime.date(2022, 11, 21), "in_progress", "Première réunion du cadre de concertation tenue à Cotonou.")]),
    (3, "Lutter contre les fausses nouvelles : vérifier toute information sécuritaire avant de la partager "
        "et relayer les communiqués officiels des Forces de défense et de sécurité.",
     "media", "Acteurs des médias sociaux", None,
     [(datetime.date(2023, 2, 6), "done",
       "Atelier « Vérifier avant de partager » programmé ; les participants relaient les communiqués officiels.")]),
    (4, "Renforcer la collaboration entre les Forces de défense et de sécurité et les populations, "
        "notamment à travers le Projet Police Communautaire.",
     "ministry", "Projet Police Communautaire (Police républicaine)", datetime.date(2023, 12, 31), []),
    (5, "Poursuivre le programme de renforcement des capacités des acteurs des médias sociaux sur la "
        "coproduction de la sécurité.",
     "partners", "Fondation Hanns Seidel", datetime.date(2023, 6, 30),
     [(datetime.date(2023, 1, 16), "done", "Nouvelle session de formation inscrite au programme 2023.")]),
    (6, "Créer un annuaire public des pages et groupes engagés dans la coproduction de la sécurité.",
     "ministry", "Direction de la communication du MISP", None,
     [(datetime.date(2023, 4, 3), "abandoned",
       "Les participants préfèrent un cadre de concertation sans liste publique (recommandation 2).")]),
]


def _possotome_report(staff):
    """The report of the Possotomè workshop, published, with its recommendations and follow-up.
    Recommendations are looked up by their position: a reload adds nothing and changes no status."""
    from workshops.reports import services as report_services
    from workshops.reports.models import Recommendation, Report

    workshop = Workshop.objects.get(slug="education-citoyenne-coproduction-securite-possotome-2022")
    report, _ = Report.objects.update_or_create(workshop=workshop, defaults={"summary": POSSOTOME_REPORT})
    for position, text, addressee, owner, due_date, follow_up in POSSOTOME_RECOMMENDATIONS:
        recommendation, created = Recommendation.objects.get_or_create(
            report=report, position=position,
            defaults={"text": text, "addressee": addressee, "owner": owner, "due_date": due_date},
        )
        if created:
            for day, status, note in follow_up:
                report_services.recommendation_add_update(
                    recommendation=recommendation, by=staff, note=note, status=status, date=day
                )
    report_services.report_publish(report=report, by=staff)
    return report
POSSOTOME_COMMUNICATIONS = [
    # (speaker key, title, keywords, visibility). Titles and speakers come from the press article;
    # the summaries and the PDF files are short illustrations generated at load time.
    ("agossounon", "État des lieux des menaces sécuritaires au Bénin et dans la sous-région",
     "terrorisme, menaces, sous-région, sécurité", "participants"),
    ("atchedemessi", "Concepts de coproduction de la sécurité et de la police communautaire",
     "coproduction, police communautaire, sécurité", "public"),
    ("awoudo", "La participation des médias sociaux au renforcement de la conscience citoyenne à la "
     "coproduction de la sécurité au Bénin : enjeux et perspectives",
     "médias sociaux, conscience citoyenne, coproduction", "participants"),
    ("ologou", "Médias sociaux : opportunités et risques pour la sécurité",
     "médias sociaux, désinformation, éthique, sécurité", "participants"),
    ("tokpon", "Participation des médias sociaux au renforcement de la résilience des citoyens face aux "
     "nouvelles menaces sécuritaires", "médias sociaux, résilience, menaces", "participants"),
]


def _communication_pdf(title, speaker):
    from django.utils.html import escape

    from portal.ground.pdf import render_pdf

    html = (
        "<html lang='fr'><head><meta charset='utf-8'><style>body{font-family:sans-serif;margin:2cm}"
        "h1{color:#006b3f;font-size:20pt}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(speaker.name)}, {escape(speaker.title)}</p>"
        "<p>Atelier « L'éducation citoyenne à la coproduction de la sécurité », Possotomè, 21 et 22 juillet 2022.</p>"
        "<p>Document de démonstration du portail Coproduction Sécurité.</p></body></html>"
    )
    return render_pdf(html)


def _possotome_communications(workshop, speakers):
    from django.core.files.base import ContentFile

    from workshops.library.models import Communication
    from workshops.library.services import communication_file_add

    sessions = {session.title: session for session in workshop.sessions.all()}
    for key, title, keywords, visibility in POSSOTOME_COMMUNICATIONS:
        session = sessions.get(title)
        speaker = speakers[key]
        communication, _ = Communication.objects.update_or_create(
            slug=slugify(title)[:200],
            defaults={
                "workshop": workshop, "session": session, "title": title,
                "summary": f"Communication présentée par {speaker.name} aux acteurs des médias sociaux à Possotomè.",
                "date": session.day if session else timezone.localdate(workshop.starts_at),
                "keywords": keywords, "visibility": visibility,
            },
        )
        communication.speakers.set([speaker])
        if not communication.files.exists():
            pdf = _communication_pdf(title, speaker)
            communication_file_add(
                communication=communication, upload=ContentFile(pdf, name=f"{slugify(title)[:60]}.pdf"),
                kind="slides", label="Diaporama (PDF)",
            )


# --- Parties, their officials and delegates, a social-media actor (all fictitious) -------------

DEMO_PARTIES = [
    # name, acronym, registration number, head-office commune, status, responsable, membre
    ("Parti démo A", "PDA", "MISP/DPPAE/DEMO/0001", "porto-novo", "verified",
     ("responsable.pda@exemple.bj", "Rachida", "Adjovi"), ("membre.pda@exemple.bj", "Koffi", "Zinsou")),
    ("Parti démo B", "PDB", "MISP/DPPAE/DEMO/0002", "parakou", "pending",
     ("responsable.pdb@exemple.bj", "Issa", "Bio Tchané"), None),
]
DEMO_DELEGATES = [
    ("Élodie", "Kpadonou", "F", "cotonou", "Chargée de la mobilisation"),
    ("Sènan", "Gbèdji", "F", "seme-kpodji", "Trésorière adjointe"),
    ("Rémi", "Hounkpè", "M", "porto-novo", "Secrétaire à l'organisation"),
    ("Aïcha", "Moussa", "F", "parakou", "Responsable des jeunes"),
    ("Gildas", "Ahouansou", "M", "abomey-calavi", "Délégué communal"),
    ("Mariam", "Yacoubou", "F", "djougou", "Déléguée communale"),
    ("Sylvain", "Dossou-Yovo", "M", "ouidah", "Chargé de la communication"),
    ("Blandine", "Agossa", "F", "bohicon", "Secrétaire aux affaires sociales"),
]
MEDIA_ACTOR = ("blogueuse@exemple.bj", "Fifamè", "Hounsou", "bohicon")


def _person(email, first_name, last_name, phone, commune_slug=None):
    from allauth.account.models import EmailAddress

    User = get_user_model()
    user, _ = User.objects.get_or_create(email=email, defaults={"first_name": first_name, "last_name": last_name})
    user.first_name, user.last_name, user.phone = first_name, last_name, phone
    if commune_slug:
        user.commune = Commune.objects.get(slug=commune_slug)
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _parties(staff):
    from accounts.parties.models import Delegate, OfficialRole, Party, PartyOfficial
    from workshops.models import PartyAllocation

    accounts = []
    for index, (name, acronym, number, commune_slug, status, responsable, membre) in enumerate(DEMO_PARTIES):
        party, _ = Party.objects.update_or_create(registration_number=number, defaults={
            "name": name, "acronym": acronym, "registration_date": datetime.date(2019, 3, 14),
            "head_office_commune": Commune.objects.get(slug=commune_slug), "status": status,
            "reviewed_by": staff if status == "verified" else None,
            "reviewed_at": _at(datetime.date(2026, 1, 15), 10) if status == "verified" else None,
        })
        for person, role in ((responsable, OfficialRole.RESPONSABLE), (membre, OfficialRole.MEMBRE)):
            if person:
                user = _person(*person, phone=f"+2290197{index:02d}{len(accounts):04d}")
                PartyOfficial.objects.update_or_create(user=user, defaults={"party": party, "role": role})
                accounts.append((f"{party.acronym}, {role.label.lower()} ({party.get_status_display().lower()})", user.email))
        if status == "verified":
            for number_, (first_name, last_name, gender, town, role) in enumerate(DEMO_DELEGATES, start=1):
                Delegate.objects.update_or_create(party=party, phone=f"+22901961000{number_:02d}", defaults={
                    "first_name": first_name, "last_name": last_name, "gender": gender,
                    "commune": Commune.objects.get(slug=town), "party_role": role,
                })
            for workshop in Workshop.objects.filter(party_quota__isnull=False, status=WorkshopStatus.PUBLISHED):
                PartyAllocation.objects.get_or_create(workshop=workshop, party=party,
                                                      defaults={"seats_allowed": workshop.party_quota})
    return accounts


def _media_actor():
    from accounts.models import MediaActorProfile, Platform

    email, first_name, last_name, commune_slug = MEDIA_ACTOR
    user = _person(email, first_name, last_name, phone="+2290161234567", commune_slug=commune_slug)
    profile, _ = MediaActorProfile.objects.update_or_create(
        user=user, defaults={"is_page_admin": True, "is_blogger": True, "is_web_activist": False}
    )
    for kind, handle, audience in (("facebook", "Bohicon Infos Citoyennes", 15400), ("blog", "https://blog.exemple.bj", 2300)):
        Platform.objects.update_or_create(profile=profile, kind=kind, handle=handle, defaults={"audience_size": audience})
    return [("Acteur des médias sociaux (blogueuse)", user.email)]


# --- Participants: enrollments and attendance (all fictitious) ----------------------------------

POSSOTOME_SLUG = "education-citoyenne-coproduction-securite-possotome-2022"
ELECTORAL_SLUG = "coproduction-securite-periode-electorale-2022"
# Eleven fictitious social-media actors who, with the demo blogger, attended Possotomè:
# (first name, last name, commune, role, present on the second day too).
POSSOTOME_PARTICIPANTS = [
    ("Arnaud", "Houngbédji", "cotonou", "is_web_activist", True),
    ("Chantal", "Dégbé", "porto-novo", "is_blogger", True),
    ("Fidèle", "Sossou", "abomey-calavi", "is_page_admin", True),
    ("Nafissatou", "Alidou", "parakou", "is_web_activist", True),
    ("Romaric", "Zannou", "ouidah", "is_page_admin", True),
    ("Estelle", "Gnonlonfoun", "lokossa", "is_blogger", True),
    ("Hermann", "Azonhiho", "bohicon", "is_web_activist", True),
    ("Laurette", "Kiki", "cotonou", "is_page_admin", True),
    ("Ismaël", "Bako", "djougou", "is_blogger", True),
    ("Prisca", "Aholou", "come", "is_web_activist", False),
    ("Yannick", "Tossou", "seme-kpodji", "is_page_admin", False),
]
UPCOMING_PARTIES_SLUG = "securite-des-militants-pendant-les-campagnes"
UPCOMING_MEDIA_SLUG = "verifier-avant-de-partager"
UPCOMING_PARTY_SEATS = 2  # of the workshop's quota of 3: the party can still add one
ELECTORAL_DELEGATES = 4  # the workshop's quota; the fourth was absent


def _fictitious_media_actor(number, first_name, last_name, commune_slug, role):
    """A social-media actor's account that nobody signs in to (no password)."""
    from accounts.models import MediaActorProfile

    User = get_user_model()
    email = f"participant{number:02d}.possotome@exemple.bj"
    user, created = User.objects.get_or_create(email=email, defaults={
        "first_name": first_name, "last_name": last_name, "phone": f"+22901972000{number:02d}",
        "commune": Commune.objects.filter(slug=commune_slug).first(),
    })
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    MediaActorProfile.objects.get_or_create(user=user, defaults={role: True})
    return user


def _past_attendance(workshop, people, *, party=None):
    """Confirmed enrollments of `people` ((user or delegate, days present)) in a workshop already
    held, and their attendance, written as rows (the services refuse past workshops); then the
    seat counters are set from the rows so that they agree with them."""
    from workshops.models import Attendance, CheckinMethod, Enrollment, EnrollmentStatus, PartyAllocation

    for person, days in people:
        who = {"user": person} if party is None else {"delegate": person, "party": party}
        enrollment = Enrollment.objects.filter(workshop=workshop, **who).first()
        if enrollment is None:
            enrollment = Enrollment.objects.create(
                workshop=workshop, person_phone=str(person.phone), status=EnrollmentStatus.CONFIRMED, **who
            )
        for day in days:
            Attendance.objects.get_or_create(enrollment=enrollment, day=day, defaults={"method": CheckinMethod.QR})
    confirmed = Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED)
    Workshop.objects.filter(pk=workshop.pk).update(seats_taken=confirmed.count())
    if party is not None:
        allocation, _ = PartyAllocation.objects.get_or_create(
            workshop=workshop, party=party, defaults={"seats_allowed": workshop.party_quota}
        )
        PartyAllocation.objects.filter(pk=allocation.pk).update(seats_taken=confirmed.filter(party=party).count())
    # Certificates are issued when a workshop is marked held; these were held before the portal.
    from workshops.services import certificates_issue

    certificates_issue(workshop=workshop)


def _participants():
    """The demo's enrollments: Parti démo A's delegates in the upcoming parties workshop (through
    the services, part of the quota) and in the December 2022 electoral workshop; the demo blogger
    in the upcoming media workshop; twelve social-media actors, the blogger among them, at
    Possotomè, most of them present both days. Nothing is added on a second load."""
    from accounts.parties.models import OfficialRole, Party
    from portal.ground.pagecache import public_pages_changed
    from workshops import services
    from workshops.models import ACTIVE_ENROLLMENT, Enrollment

    party = Party.objects.get(acronym="PDA")
    responsable = party.officials.get(role=OfficialRole.RESPONSABLE).user
    blogger = get_user_model().objects.get(email=MEDIA_ACTOR[0])
    delegates = list(party.delegates.order_by("phone"))

    upcoming = Workshop.objects.get(slug=UPCOMING_PARTIES_SLUG)
    enrolled = Enrollment.objects.filter(ACTIVE_ENROLLMENT, workshop=upcoming, party=party)
    missing = UPCOMING_PARTY_SEATS - enrolled.count()
    if missing > 0:
        taken = set(enrolled.values_list("delegate_id", flat=True))
        services.enrollment_create_for_delegates(workshop=upcoming, party=party, by=responsable,
                                  delegates=[d for d in delegates if d.pk not in taken][:missing])
    media_workshop = Workshop.objects.get(slug=UPCOMING_MEDIA_SLUG)
    if not Enrollment.objects.filter(ACTIVE_ENROLLMENT, workshop=media_workshop, user=blogger).exists():
        services.enrollment_create_for_media_actor(workshop=media_workshop, user=blogger, by=blogger)

    possotome = Workshop.objects.get(slug=POSSOTOME_SLUG)
    first, second = possotome.days()
    people = [(blogger, [first, second])]
    for number, (first_name, last_name, town, role, both_days) in enumerate(POSSOTOME_PARTICIPANTS, start=1):
        actor = _fictitious_media_actor(number, first_name, last_name, town, role)
        people.append((actor, [first, second] if both_days else [first]))
    _past_attendance(possotome, people)

    electoral = Workshop.objects.get(slug=ELECTORAL_SLUG)
    [day] = electoral.days()
    _past_attendance(electoral, [(delegate, [day] if index < ELECTORAL_DELEGATES - 1 else [])
                                 for index, delegate in enumerate(delegates[:ELECTORAL_DELEGATES])], party=party)
    public_pages_changed()


@transaction.atomic
def load():
    """Loads (or refreshes) the demo data; returns the demo accounts as (role, e-mail) pairs."""
    speakers = _speakers()
    _, possotome = _past_workshops(speakers)
    _possotome_communications(possotome, speakers)
    _upcoming_workshops(speakers)
    staff = _staff()
    _possotome_report(staff)
    accounts = [("Personnel du ministère (administration)", staff.email)]
    accounts += _parties(staff)
    accounts += _media_actor()
    _participants()
    return accounts
