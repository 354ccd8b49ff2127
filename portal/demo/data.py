"""The demo's data, workshops and people: the two real workshops of the press articles, three
upcoming ones, fictitious parties, delegates and social-media actors. The report of Possotomè and
its communications are in data_reports.py.

The facts of the 2022 workshops (dates, places, people, titles of the talks) come from the press,
and nothing else is said of them: their agendas carry no hours. The upcoming workshops, the
parties, delegates, social-media actors and their enrollments are illustrative: the loader
(portal/demo/loader.py) marks them « Exemple fictif » (is_illustrative).
"""

import datetime
from zoneinfo import ZoneInfo

from workshops.models import Audience, WorkshopStatus

TZ = ZoneInfo("Africa/Porto-Novo")


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


STAFF_EMAIL = "admin@misp.bj"
DEMO_PASSWORD = "coproduction-2026"

# The speakers as the articles name them, with the titles the articles give and nothing more.
# Sacca Lafia (president of the CENA) attended the December opening but did not speak: he is named
# in the description, not in the agenda. Abasse Olochoumare (spelled as in the article) is quoted
# on the workshop's aims, in its description.
SPEAKERS = {
    "seidou": ("Alassane Séïdou", "Ministre de l'Intérieur et de la Sécurité Publique", "MISP"),
    "gnaho": ("Vital Gnaho", "Directeur des partis politiques et des affaires électorales", "MISP"),
    "agossounon": (
        "Eric Kossi Agossounon",
        "Contrôleur Général de Police, Conseiller Technique à la Sécurité du Ministre de l'Intérieur",
        "MISP",
    ),
    "atchedemessi": ("Mathias Atchédemessi", "Contrôleur Général de Police", ""),
    "awoudo": ("François Awoudo", "Expert", ""),
    "ologou": ("Expédit B. Ologou", "Docteur", ""),
    "tokpon": (
        "Delphin Tokpon",
        "Secrétaire Général du ministère de l'Intérieur et de la Sécurité Publique",
        "MISP",
    ),
    "akodjenou": (
        "Waidi Akodjènou",
        "Commissaire Principal de Police, Coordonnateur du Projet Police Communautaire",
        "",
    ),
}

# --- The two workshops of 2022 -------------------------------------------------------------------
# Each: the Workshop's fields (theme by name, venue as (name, commune[, address[, details]])), then
# its agenda as (day, start, end, title, speaker keys). The venues say what the articles say: the
# Palais des Congrès in Cotonou, Possotomè in the commune of Bopa; no address, landmark or position.

ELECTORAL_SLUG = "coproduction-securite-periode-electorale-2022"
ELECTORAL_DAY = datetime.date(2022, 12, 12)
ELECTORAL = {
    "title": "Coproduction de la sécurité en période électorale",
    "theme": "Sécurité en période électorale",
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
        "lancement de la campagne des élections législatives du 8 janvier 2023. À sa suite, le "
        "Directeur des partis politiques et des affaires électorales, Vital Gnaho, a rappelé la "
        "responsabilité de sa direction dans le suivi des partis politiques."
    ),
    "organiser": "Direction des partis politiques et des affaires électorales (MISP)",
    "audience": Audience.PARTIES,
    "venue": ("Palais des Congrès", "cotonou"),
    "starts_at": at(datetime.date(2022, 12, 12), 8, 30),
    "ends_at": at(datetime.date(2022, 12, 12), 17, 0),
    "capacity": 200,
    "party_quota": 4,
    "registration_opens_at": at(datetime.date(2022, 11, 28), 8),
    "registration_closes_at": at(datetime.date(2022, 12, 9), 18),
    "status": WorkshopStatus.HELD,
    "published_at": at(datetime.date(2022, 11, 28), 8),
}
# The article reports the minister's opening speech, followed by the director's; no hours.
ELECTORAL_AGENDA = [
    (ELECTORAL_DAY, None, None, "Ouverture des travaux", ["seidou", "gnaho"]),
]

POSSOTOME_SLUG = "education-citoyenne-coproduction-securite-possotome-2022"
POSSOTOME_FIRST_DAY, POSSOTOME_SECOND_DAY = datetime.date(2022, 7, 21), datetime.date(2022, 7, 22)
POSSOTOME_PARTNER = ("Fondation Hanns Seidel", "https://www.hss.de/")
POSSOTOME = {
    "title": "L'éducation citoyenne à la coproduction de la sécurité",
    "theme": "Médias sociaux et sécurité",
    "summary": (
        "Deux jours avec les acteurs des médias sociaux sur les opportunités, les défis et "
        "l'éthique des médias sociaux pour la sécurité collective."
    ),
    "description": (
        "Organisé par le ministère de l'Intérieur et de la Sécurité Publique avec l'appui de la "
        "Fondation Hanns Seidel, cet atelier a réuni blogueurs, web-activistes et "
        "administrateurs de pages et de groupes pour renforcer leur compréhension des "
        "opportunités, des défis et des dimensions éthiques de l'utilisation des médias sociaux "
        "pour la sécurité collective, dans un monde confronté au terrorisme. Pour le directeur de "
        "cabinet du ministre, Abasse Olochoumare, il s'agit d'établir les bases d'une fondation "
        "solide avec les acteurs des médias sociaux pour une coproduction de la sécurité.\n\n"
        "Cinq communications ont été présentées, avec la contribution du Commissaire Principal "
        "de Police Waidi Akodjènou, Coordonnateur du Projet Police Communautaire. Un rapport "
        "assorti de recommandations a conclu les travaux."
    ),
    "audience": Audience.MEDIA,
    "venue": ("Possotomè", "bopa"),
    "starts_at": at(datetime.date(2022, 7, 21), 8, 30),
    "ends_at": at(datetime.date(2022, 7, 22), 13, 0),
    "capacity": 50,
    "party_quota": None,
    "registration_opens_at": at(datetime.date(2022, 7, 1), 8),
    "registration_closes_at": at(datetime.date(2022, 7, 18), 18),
    "status": WorkshopStatus.HELD,
    "published_at": at(datetime.date(2022, 7, 1), 8),
}
# The five communications and the contributions the article lists, in its order; it gives neither
# the day of each nor the hours, so the agenda shows none.
POSSOTOME_AGENDA = [
    (
        None,
        None,
        None,
        "État des lieux des menaces sécuritaires au Bénin et dans la sous-région",
        ["agossounon"],
    ),
    (
        None,
        None,
        None,
        "Concepts de coproduction de la sécurité et de la police communautaire",
        ["atchedemessi"],
    ),
    (
        None,
        None,
        None,
        "La participation des médias sociaux au renforcement de la conscience citoyenne à la "
        "coproduction de la sécurité au Bénin : enjeux et perspectives",
        ["awoudo"],
    ),
    (None, None, None, "Médias sociaux : opportunités et risques pour la sécurité", ["ologou"]),
    (
        None,
        None,
        None,
        "Participation des médias sociaux au renforcement de la résilience des citoyens face aux "
        "nouvelles menaces sécuritaires",
        ["tokpon"],
    ),
    (None, None, None, "Contributions du Projet Police Communautaire", ["akodjenou"]),
]

# --- Upcoming workshops: dates counted from the first load ---------------------------------------

UPCOMING = [
    {
        "slug": "securite-des-militants-pendant-les-campagnes",
        "title": "Sécurité des militants pendant les campagnes : le rôle des partis politiques",
        "theme": "Sécurité en période électorale",
        "summary": "Prévenir les violences lors des meetings, des caravanes et des tournées de proximité.",
        "audience": Audience.PARTIES,
        "venue": ("Salle de conférences de la mairie", "parakou"),
        "in_days": 30,
        "days": 1,
        "capacity": 60,
        "party_quota": 3,
    },
    {
        "slug": "verifier-avant-de-partager",
        "title": "Vérifier avant de partager : rumeurs, désinformation et sécurité",
        "theme": "Médias sociaux et sécurité",
        "summary": "Reconnaître une fausse alerte, vérifier une image, alerter les bons services.",
        "audience": Audience.MEDIA,
        # An upcoming workshop's venue shows what a venue may say; invented, and labelled so.
        "venue": (
            "Maison des médias",
            "cotonou",
            "",
            {
                "landmark": "Exemple fictif : à côté de la station-service, portail bleu.",
                "access_notes": (
                    "Exemple fictif : entrée par le portail principal, salle au rez-de-chaussée, "
                    "accessible en fauteuil roulant."
                ),
            },
        ),
        "in_days": 45,
        "days": 2,
        "capacity": 40,
        "party_quota": None,
    },
    {
        "slug": "prevenir-extremisme-violent-communes-frontalieres",
        "title": "Prévenir l'extrémisme violent dans les communes frontalières",
        "theme": "Police communautaire et prévention",
        "summary": "Partis politiques et acteurs des médias sociaux face aux menaces dans le nord du pays.",
        "audience": Audience.BOTH,
        "venue": ("Salle de conférences de la préfecture", "natitingou"),
        "in_days": 60,
        "days": 2,
        "capacity": 80,
        "party_quota": 4,
    },
]
# (first or last day, start, end, title, speaker keys)
UPCOMING_AGENDA = [
    ("first", datetime.time(9), datetime.time(9, 30), "Ouverture", []),
    (
        "first",
        datetime.time(9, 30),
        datetime.time(11),
        "Concepts de coproduction de la sécurité",
        ["atchedemessi"],
    ),
    ("last", datetime.time(14), datetime.time(15, 30), "Travaux de groupe et recommandations", []),
]

# --- The report of Possotomè and its communications ----------------------------------------------


DEMO_PARTIES = [
    # name, acronym, registration number, head-office commune, status, responsable, membre
    (
        "Parti démo A",
        "PDA",
        "MISP/DPPAE/DEMO/0001",
        "porto-novo",
        "verified",
        ("responsable.pda@exemple.bj", "Rachida", "Adjovi"),
        ("membre.pda@exemple.bj", "Koffi", "Zinsou"),
    ),
    (
        "Parti démo B",
        "PDB",
        "MISP/DPPAE/DEMO/0002",
        "parakou",
        "pending",
        ("responsable.pdb@exemple.bj", "Issa", "Bio Tchané"),
        None,
    ),
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
MEDIA_ACTOR_GENDER = "F"
MEDIA_ACTOR_PLATFORMS = [
    ("facebook", "Bohicon Infos Citoyennes", 15400),
    ("blog", "https://blog.exemple.bj", 2300),
]

# --- Participants: enrollments and attendance (all fictitious) ----------------------------------

# Eleven fictitious social-media actors who, with the demo blogger, attended Possotomè:
# (first name, last name, commune, role, present on the second day too, self-declared gender:
# F, M, N for "prefers not to say", "" not given).
POSSOTOME_PARTICIPANTS = [
    ("Arnaud", "Houngbédji", "cotonou", "is_web_activist", True, "M"),
    ("Chantal", "Dégbé", "porto-novo", "is_blogger", True, "F"),
    ("Fidèle", "Sossou", "abomey-calavi", "is_page_admin", True, "M"),
    ("Nafissatou", "Alidou", "parakou", "is_web_activist", True, "F"),
    ("Romaric", "Zannou", "ouidah", "is_page_admin", True, "M"),
    ("Estelle", "Gnonlonfoun", "lokossa", "is_blogger", True, "F"),
    ("Hermann", "Azonhiho", "bohicon", "is_web_activist", True, "M"),
    ("Laurette", "Kiki", "cotonou", "is_page_admin", True, "F"),
    ("Ismaël", "Bako", "djougou", "is_blogger", True, "N"),
    ("Prisca", "Aholou", "come", "is_web_activist", False, "F"),
    ("Yannick", "Tossou", "seme-kpodji", "is_page_admin", False, ""),
]
UPCOMING_PARTIES_SLUG = "securite-des-militants-pendant-les-campagnes"
UPCOMING_MEDIA_SLUG = "verifier-avant-de-partager"
UPCOMING_PARTY_SEATS = 2  # of the workshop's quota of 3: the party can still add one
ELECTORAL_DELEGATES = 4  # the workshop's quota; the fourth was absent
