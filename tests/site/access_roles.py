"""The access matrix's vocabulary: the roles, the answers (`everyone`, `signed_in`, `only`), a
`Case` and the helpers that fill a path from `access_world` (tests/plugins/access.py). The table
itself is in access_cases.py.
"""

from dataclasses import dataclass

ROLES = [
    "anonyme",
    "média inscrit",
    "média non inscrit",
    "responsable",
    "membre",
    "autre parti",
    "lecteur",
    "éditeur",
    "organisateur",
    "superutilisateur",
    "destinataire",
    "autre destinataire",
]
STAFF = ["lecteur", "éditeur", "organisateur", "superutilisateur"]
OFFICIALS_A = ["responsable", "membre"]
# Members of two addressee organisations of recommendations: each reaches only its own.
ADDRESSEES = {"ours": "destinataire", "theirs": "autre destinataire"}

# The back office is tested on its own (tests/workshops/admin/; the delivery log per staff group is
# DELIVERY_LOG in tests/workshops/admin/test_admin_permissions.py): its pages are listed here as
# excluded, so that the enumeration below still accounts for every address.
EXCLUDED_PREFIXES = ["admin/"]


def everyone(answer=200):
    return dict.fromkeys(ROLES, answer)


def signed_in(answer=200):
    """Anonymous visitors go to the login page; every signed-in role gets `answer`."""
    return everyone(answer) | {"anonyme": "login"}


def only(roles, answer=200, others=404):
    """`roles` get `answer`; other signed-in roles `others`; anonymous visitors the login page."""
    return {role: answer if role in roles else others for role in ROLES} | {"anonyme": "login"}


@dataclass(frozen=True)
class Case:
    name: str  # the URL's name, namespaced
    variant: str  # whose object fills the path
    kwargs: object  # world -> kwargs for reverse()
    expected: dict  # role -> answer
    method: str = "get"
    url: str = ""  # for an unnamed route: the address itself
    data: object = None  # world -> the form posted


def url_kwargs(**kwargs):
    return lambda world: {key: value(world) for key, value in kwargs.items()}


NONE = url_kwargs()
SLUG = url_kwargs(slug=lambda w: w.workshop.slug)


def relay_code(world):
    """The enrolled media actor's short link for the public communication (made on first use)."""
    from workshops.relay.services import relay_links_ensure

    communication = world.communications["public"]
    return relay_links_ensure(actor=world.users["média inscrit"], communications=[communication])[
        communication.pk
    ].code


def evaluation_token(world, *, room=False):
    """A participant's questionnaire link (the party delegate's, before the workshop), or the
    room's; the workshop's questionnaire is made on first use."""
    from tests.workshops.evaluation.stories import questionnaire_ensure
    from workshops.evaluation import links

    questionnaire_ensure(world.workshop)
    if room:
        return links.room_token(workshop_pk=world.workshop.pk, phase="avant")
    return links.answer_token(enrollment_pk=world.party_enrollment.pk, phase="avant")


def presence_token_of(world):
    """The personal link's token of the enrolled media actor's seat."""
    from workshops.messaging.presence import presence_token  # noqa: PLC0415 -- like relay_code: read when the world exists

    return presence_token(world.media_enrollment.pk)


def enrollment_kwargs(attribute):
    return url_kwargs(pk=lambda w: getattr(w, attribute).pk)


def post_only(name, variant, kwargs, expected):
    """A page that only takes a form: GET is refused to everybody, POST answers by role."""
    return [Case(name, variant, kwargs, everyone(405)), Case(name, variant, kwargs, expected, method="post")]


STAFF_ONLY = {role: 200 if role in STAFF else 404 for role in ROLES}
SIGNED_IN_MOVE_ON = everyone(302) | {"anonyme": 200}
# Whose enrollment (convocation, certificate) or delegate: who may open it.
OWNERS = {"media": ["média inscrit"], "party": OFFICIALS_A, "other": ["autre parti"]}
MANAGERS = {"party": "responsable", "other": "autre parti"}
# People's data (attendance) is for every staff group but the éditeur (communications, reports).
ATTENDANCE_READERS = [role for role in STAFF if role != "éditeur"]
