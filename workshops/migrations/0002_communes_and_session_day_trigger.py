"""Loads Benin's 77 communes and makes PostgreSQL refuse an agenda session outside its workshop.

The session rule spans two tables, which a CHECK constraint cannot see: a constraint trigger on
each side does (checked at commit, so a workshop and its sessions can be moved together in one
transaction). SQLite, used only on a developer's machine, relies on Session.clean().
"""

from django.db import migrations
from django.utils.text import slugify

COMMUNES = {
    "alibori": ["Banikoara", "Gogounou", "Kandi", "Karimama", "Malanville", "Segbana"],
    "atacora": ["Boukoumbé", "Cobly", "Kérou", "Kouandé", "Matéri", "Natitingou", "Péhunco",
                "Tanguiéta", "Toucountouna"],
    "atlantique": ["Abomey-Calavi", "Allada", "Kpomassè", "Ouidah", "Sô-Ava", "Toffo",
                   "Tori-Bossito", "Zè"],
    "borgou": ["Bembèrèkè", "Kalalé", "N'Dali", "Nikki", "Parakou", "Pèrèrè", "Sinendé", "Tchaourou"],
    "collines": ["Bantè", "Dassa-Zoumè", "Glazoué", "Ouèssè", "Savalou", "Savè"],
    "couffo": ["Aplahoué", "Djakotomey", "Dogbo", "Klouékanmè", "Lalo", "Toviklin"],
    "donga": ["Bassila", "Copargo", "Djougou", "Ouaké"],
    "littoral": ["Cotonou"],
    "mono": ["Athiémé", "Bopa", "Comè", "Grand-Popo", "Houéyogbé", "Lokossa"],
    "oueme": ["Adjarra", "Adjohoun", "Aguégués", "Akpro-Missérété", "Avrankou", "Bonou", "Dangbo",
              "Porto-Novo", "Sèmè-Kpodji"],
    "plateau": ["Adja-Ouèrè", "Ifangni", "Kétou", "Pobè", "Sakété"],
    "zou": ["Abomey", "Agbangnizoun", "Bohicon", "Covè", "Djidja", "Ouinhi", "Za-Kpota",
            "Zagnanado", "Zogbodomey"],
}

TRIGGERS_SQL = """
CREATE FUNCTION workshops_session_within_workshop() RETURNS trigger AS $$
DECLARE
    first_day date;
    last_day date;
BEGIN
    SELECT (w.starts_at AT TIME ZONE 'Africa/Porto-Novo')::date,
           (w.ends_at AT TIME ZONE 'Africa/Porto-Novo')::date
      INTO first_day, last_day
      FROM workshops_workshop w WHERE w.id = NEW.workshop_id;
    IF NEW.day < first_day OR NEW.day > last_day THEN
        RAISE EXCEPTION 'workshops_session_within_workshop: session % on % is outside % .. %',
            NEW.id, NEW.day, first_day, last_day USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER workshops_session_within_workshop
    AFTER INSERT OR UPDATE OF day, workshop_id ON workshops_session
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION workshops_session_within_workshop();

CREATE FUNCTION workshops_workshop_keeps_its_sessions() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM workshops_session s
         WHERE s.workshop_id = NEW.id
           AND (s.day < (NEW.starts_at AT TIME ZONE 'Africa/Porto-Novo')::date
                OR s.day > (NEW.ends_at AT TIME ZONE 'Africa/Porto-Novo')::date)
    ) THEN
        RAISE EXCEPTION 'workshops_session_within_workshop: workshop % would leave sessions outside its days',
            NEW.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER workshops_workshop_keeps_its_sessions
    AFTER UPDATE OF starts_at, ends_at ON workshops_workshop
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION workshops_workshop_keeps_its_sessions();
"""

DROP_TRIGGERS_SQL = """
DROP TRIGGER IF EXISTS workshops_workshop_keeps_its_sessions ON workshops_workshop;
DROP FUNCTION IF EXISTS workshops_workshop_keeps_its_sessions();
DROP TRIGGER IF EXISTS workshops_session_within_workshop ON workshops_session;
DROP FUNCTION IF EXISTS workshops_session_within_workshop();
"""


def load_communes(apps, schema_editor):
    Commune = apps.get_model("workshops", "Commune")
    for department, names in COMMUNES.items():
        for name in names:
            Commune.objects.update_or_create(
                slug=slugify(name), defaults={"name": name, "department": department}
            )


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS_SQL, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial")]

    operations = [
        migrations.RunPython(load_communes, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
