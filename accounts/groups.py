"""The ministry staff's groups and what each may do in the admin.

The groups are defined here, in code: the data migration creates them and a post_migrate handler
(accounts/apps.py) reassigns their permissions after every migration, so a group granted an app's
permissions by label (say `library` or `reports`) receives them as soon as that app is installed.
Permissions added by hand to these three groups are therefore reset by the next migration.
"""

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

NONE = ()

# Who was enrolled, their phones and presence: personal data an editor of talks has no need of.
PERSONAL_WORKSHOP_DATA = {
    f"workshops.{model}": NONE
    for model in (
        "enrollment",
        "historicalenrollment",
        "attendance",
        "certificate",
        "partyallocation",
        "seatrelease",
    )
}

# The delivery log (notifications.outbox, with its attachments): read by those who send, the
# organisateurs, and by superusers; see OutboxAdmin.
# The SMS people sent to the portal (numbers and texts) are kept out of readers' reach likewise.
DELIVERY_LOG_HIDDEN = {
    "notifications.outbox": NONE,
    "notifications.outboxattachment": NONE,
    "notifications.inboundsms": NONE,
}

# group name -> {"app_label.model" or app label: actions}; "*" stands for every installed app.
# The most precise key wins: a model's entry, then its app's, then "*".
STAFF_GROUPS = {
    # Runs the workshops: agenda, enrollments, attendance, invitations, and the parties'
    # verification. Reads the rest (communications, reports) without changing it.
    # Lifts the sign-in lock of an account when its owner calls (accounts.unlock_login).
    "organisateur": {
        "workshops": ALL,
        "parties": ALL,
        # Sets the per-diem rates, validates the payment sheet and reopens it (with a reason).
        "perdiem": (*ALL, "validate", "reopen"),
        "notifications": ("add", "change", "view"),
        "evaluation": ALL,
        # Invitation campaigns are records once launched: resumed, never deleted.
        "workshops.campaign": ("add", "change", "view"),
        "accounts.user": ("view", "unlock"),
        "accounts": VIEW,
        "*": VIEW,
    },
    # Publishes the talks (with their speakers) and the reports of the workshops; reads the
    # workshops, never who enrolled in them.
    # Prepares the talks' relay kits too, but not who relayed them (the actors' links and posts).
    "éditeur": {
        "library": ALL,
        "reports": ALL,
        "relay.relaykit": ALL,
        "workshops.speaker": ALL,
        # Writes the questionnaires, but reads nobody's answers (the report shows their figures).
        "evaluation.questionnaire": ALL,
        "evaluation.question": ALL,
        "evaluation.choice": ALL,
        "workshops": VIEW,
        **PERSONAL_WORKSHOP_DATA,
        # Who is invited to what, and how the sending went: an organiser's business.
        "workshops.campaign": NONE,
    },
    # Reads everything, changes nothing, except the delivery log: everybody's addresses and what
    # they were told are no reader's business (secret links are masked there for every group).
    "lecteur": {"*": VIEW, **DELIVERY_LOG_HIDDEN},
}

# Never granted through a group: who may do what, and the machinery's own tables.
EXCLUDED_APPS = {"auth", "contenttypes", "sessions", "admin"}


def _permissions_for(spec, Permission):
    wanted = []
    for permission in Permission.objects.select_related("content_type"):
        app_label, model = permission.content_type.app_label, permission.content_type.model
        action = permission.codename.split("_", 1)[0]
        if app_label in EXCLUDED_APPS:
            continue
        actions = spec.get(f"{app_label}.{model}", spec.get(app_label, spec.get("*", ())))
        if action in actions:
            wanted.append(permission)
    return wanted


def staff_groups_sync(*, Group, Permission):
    """Creates the staff groups if missing and sets each one's permissions to exactly those of its
    definition. Idempotent. Takes the model classes so that a migration can pass its own."""
    for name, spec in STAFF_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions_for(spec, Permission))
