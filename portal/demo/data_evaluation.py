"""An illustrative questionnaire for the Possotomè workshop, and answers to it. Everything here is
invented: the questionnaire is marked as a fictitious example (`is_example`), which every page and
PDF that shows it says ("Exemple fictif"). The seeds say nothing of an evaluation of the workshop.
"""

POSSOTOME_EVALUATION_INTRO = "Exemple fictif : ce questionnaire et ses réponses sont inventés pour montrer le fonctionnement du portail."

# (section, kind, text, [(choice, right)]) in order
POSSOTOME_QUESTIONS = [
    (
        "connaissances",
        "choix",
        "Selon la coproduction de la sécurité, qui est responsable de la sécurité publique ?",
        [
            ("La police et la gendarmerie seules", False),
            ("L'État avec les citoyens et les acteurs de la société", True),
        ],
    ),
    (
        "connaissances",
        "choix",
        "Avant de partager une information sur un incident, que faut-il faire ?",
        [("La partager vite pour alerter", False), ("Vérifier sa source et sa date", True)],
    ),
    ("satisfaction", "echelle", "Dans l'ensemble, êtes-vous satisfait(e) de l'atelier ?", []),
    (
        "satisfaction",
        "choix",
        "Recommanderiez-vous cet atelier à d'autres acteurs ?",
        [("Oui", False), ("Non", False)],
    ),
    ("satisfaction", "texte", "Une remarque ou une suggestion ?", []),
]

# Per participant, in the order of their enrollment: (right before, right after, note out of 5,
# recommends). None: did not answer that phase.
POSSOTOME_ANSWERS = [
    ((True, False), (True, True), 5, True),
    ((False, False), (True, True), 4, True),
    ((False, True), (True, True), 5, True),
    ((False, False), (True, False), 4, True),
    ((True, False), (True, True), 3, True),
    ((False, False), (False, True), 4, False),
    ((False, True), (True, True), 5, True),
    ((False, False), (True, True), 4, True),
    ((True, True), (True, True), 5, True),
    ((False, False), None, None, None),
]
