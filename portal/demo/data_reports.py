"""The demo's data, reports and library: the report of the Possotomè workshop, its recommendations
with their follow-up, and the communications presented there. The facts come from the press;
portal/demo/loader_reports.py writes them."""

import datetime

POSSOTOME_REPORT = (
    "Les 21 et 22 juillet 2022, à Possotomè (commune de Bopa), le ministère de l'Intérieur et de la "
    "Sécurité Publique a réuni, avec l'appui de la Fondation Hanns Seidel, blogueurs, web-activistes et "
    "administrateurs de pages et de groupes autour de l'éducation citoyenne à la coproduction de la sécurité.\n\n"
    "Cinq communications ont été présentées : l'état des lieux des menaces sécuritaires au Bénin et dans la "
    "sous-région ; les concepts de coproduction de la sécurité et de police communautaire ; la participation "
    "des médias sociaux au renforcement de la conscience citoyenne ; les opportunités et les risques des "
    "médias sociaux pour la sécurité ; leur participation au renforcement de la résilience des citoyens face "
    "aux nouvelles menaces sécuritaires. Le Projet Police Communautaire y a apporté sa contribution.\n\n"
    "Les participants ont mesuré le rôle qui est désormais le leur dans un monde confronté au terrorisme. "
    "Au terme des travaux, un rapport assorti de recommandations a été établi, pour une franche "
    "collaboration entre les Forces de défense et de sécurité et les populations.\n\n"
    "La presse ne publie pas ces recommandations : celles qui suivent sont des exemples fictifs, "
    "qui montrent le suivi des recommandations sur ce portail."
)

# The article says only that the report was made at the end of the workshop: it is dated so.
POSSOTOME_REPORT_PUBLISHED = datetime.date(2022, 7, 22)

# (position, text, addressee, owner, due date, follow-up entries as (date, status, note)).
# All illustrative: the article says a report with recommendations was made, not what they are.
# Written in the spirit of the workshop's aims so that the tracker shows every status; the loader
# marks each one « Exemple fictif » (Recommendation.is_illustrative), on every page, PDF and data set.
POSSOTOME_RECOMMENDATIONS = [
    (
        1,
        "Promouvoir auprès des acteurs des médias sociaux un usage responsable des réseaux sociaux, "
        "respectueux de l'éthique et de la sécurité collective.",
        "media",
        "Acteurs des médias sociaux (blogueurs, web-activistes, administrateurs de pages)",
        datetime.date(2023, 7, 31),
        [
            (
                datetime.date(2022, 10, 14),
                "in_progress",
                "Une charte de bonnes pratiques est en cours de rédaction avec les participants.",
            )
        ],
    ),
    (
        2,
        "Mettre en place un cadre de concertation et de suivi entre le ministère et les web-activistes "
        "pour la coproduction de la sécurité.",
        "ministry",
        "Cabinet du ministre de l'Intérieur et de la Sécurité Publique",
        datetime.date(2023, 3, 31),
        [
            (datetime.date(2022, 9, 5), "", "Liste des points focaux établie à l'issue de l'atelier."),
            (
                datetime.date(2022, 11, 21),
                "in_progress",
                "Première réunion du cadre de concertation tenue à Cotonou.",
            ),
        ],
    ),
    (
        3,
        "Lutter contre les fausses nouvelles : vérifier toute information sécuritaire avant de la partager "
        "et relayer les communiqués officiels des Forces de défense et de sécurité.",
        "media",
        "Acteurs des médias sociaux",
        None,
        [
            (
                datetime.date(2023, 2, 6),
                "done",
                "Atelier « Vérifier avant de partager » programmé ; les participants relaient les communiqués officiels.",
            )
        ],
    ),
    (
        4,
        "Renforcer la collaboration entre les Forces de défense et de sécurité et les populations, "
        "notamment à travers le Projet Police Communautaire.",
        "ministry",
        "Projet Police Communautaire (Police républicaine)",
        datetime.date(2023, 12, 31),
        [],
    ),
    (
        5,
        "Poursuivre le programme de renforcement des capacités des acteurs des médias sociaux sur la "
        "coproduction de la sécurité.",
        "partners",
        "Fondation Hanns Seidel",
        datetime.date(2023, 6, 30),
        [(datetime.date(2023, 1, 16), "done", "Nouvelle session de formation inscrite au programme 2023.")],
    ),
    (
        6,
        "Créer un annuaire public des pages et groupes engagés dans la coproduction de la sécurité.",
        "ministry",
        "Direction de la communication du MISP",
        None,
        [
            (
                datetime.date(2023, 4, 3),
                "abandoned",
                "Les participants préfèrent un cadre de concertation sans liste publique (recommandation 2).",
            )
        ],
    ),
]

POSSOTOME_COMMUNICATIONS = [
    # (speaker key, title, keywords, visibility). Titles and speakers come from the press article;
    # the summaries and the PDF files are short illustrations generated at load time.
    (
        "agossounon",
        "État des lieux des menaces sécuritaires au Bénin et dans la sous-région",
        "terrorisme, menaces, sous-région, sécurité",
        "participants",
    ),
    (
        "atchedemessi",
        "Concepts de coproduction de la sécurité et de la police communautaire",
        "coproduction, police communautaire, sécurité",
        "public",
    ),
    (
        "awoudo",
        "La participation des médias sociaux au renforcement de la conscience citoyenne à la "
        "coproduction de la sécurité au Bénin : enjeux et perspectives",
        "médias sociaux, conscience citoyenne, coproduction",
        "participants",
    ),
    (
        "ologou",
        "Médias sociaux : opportunités et risques pour la sécurité",
        "médias sociaux, désinformation, éthique, sécurité",
        "participants",
    ),
    (
        "tokpon",
        "Participation des médias sociaux au renforcement de la résilience des citoyens face aux "
        "nouvelles menaces sécuritaires",
        "médias sociaux, résilience, menaces",
        "participants",
    ),
]

# --- Parties, their officials and delegates, a social-media actor (all fictitious) -------------
