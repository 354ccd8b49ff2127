"""Attendance only on one of the workshop's days, and never on a day to come.

The rule reads the workshop through the enrollment and today's date in Porto-Novo: a CHECK
constraint sees neither, so a trigger on each side does. On the attendance, checked at once (the
insert fails with a check_violation); on the workshop, checked at commit like the sessions' rule
of migration 0002, so that staff may move a workshop and its attendances together. Rows already
written are left as they are (the rule applies to what is written from now on). SQLite, used only
on a developer's machine, relies on the services.
"""

from django.db import migrations, models

TRIGGERS_SQL = """
CREATE FUNCTION workshops_attendance_on_a_workshop_day() RETURNS trigger AS $$
DECLARE
    first_day date;
    last_day date;
    today date := (now() AT TIME ZONE 'Africa/Porto-Novo')::date;
BEGIN
    SELECT (w.starts_at AT TIME ZONE 'Africa/Porto-Novo')::date,
           (w.ends_at AT TIME ZONE 'Africa/Porto-Novo')::date
      INTO first_day, last_day
      FROM workshops_enrollment e JOIN workshops_workshop w ON w.id = e.workshop_id
     WHERE e.id = NEW.enrollment_id;
    IF NEW.day < first_day OR NEW.day > last_day THEN
        RAISE EXCEPTION 'workshops_attendance_on_a_workshop_day: % is outside % .. %',
            NEW.day, first_day, last_day USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.day > today THEN
        RAISE EXCEPTION 'workshops_attendance_on_a_workshop_day: % is a day to come (today is %)',
            NEW.day, today USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER workshops_attendance_on_a_workshop_day
    BEFORE INSERT OR UPDATE OF day, enrollment_id ON workshops_attendance
    FOR EACH ROW EXECUTE FUNCTION workshops_attendance_on_a_workshop_day();

-- Checked at commit: the workshop's dates are read then (an earlier update's NEW may be stale).
CREATE FUNCTION workshops_workshop_keeps_its_attendances() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM workshops_attendance a
          JOIN workshops_enrollment e ON e.id = a.enrollment_id
          JOIN workshops_workshop w ON w.id = e.workshop_id
         WHERE w.id = NEW.id
           AND (a.day < (w.starts_at AT TIME ZONE 'Africa/Porto-Novo')::date
                OR a.day > (w.ends_at AT TIME ZONE 'Africa/Porto-Novo')::date)
    ) THEN
        RAISE EXCEPTION 'workshops_attendance_on_a_workshop_day: workshop % would leave attendances outside its days',
            NEW.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER workshops_workshop_keeps_its_attendances
    AFTER UPDATE OF starts_at, ends_at ON workshops_workshop
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION workshops_workshop_keeps_its_attendances();
"""

# The sessions' rule of migration 0002, checked at commit too, read the session's day and the
# workshop's dates from the row of the event, which a later update in the same transaction may
# have changed: both functions now read the rows as they are at commit.
SESSION_FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION workshops_session_within_workshop() RETURNS trigger AS $$
DECLARE
    session_day date;
    first_day date;
    last_day date;
BEGIN
    SELECT s.day, (w.starts_at AT TIME ZONE 'Africa/Porto-Novo')::date,
           (w.ends_at AT TIME ZONE 'Africa/Porto-Novo')::date
      INTO session_day, first_day, last_day
      FROM workshops_session s JOIN workshops_workshop w ON w.id = s.workshop_id
     WHERE s.id = NEW.id;
    IF FOUND AND (session_day < first_day OR session_day > last_day) THEN
        RAISE EXCEPTION 'workshops_session_within_workshop: session % on % is outside % .. %',
            NEW.id, session_day, first_day, last_day USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION workshops_workshop_keeps_its_sessions() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM workshops_session s JOIN workshops_workshop w ON w.id = s.workshop_id
         WHERE w.id = NEW.id
           AND (s.day < (w.starts_at AT TIME ZONE 'Africa/Porto-Novo')::date
                OR s.day > (w.ends_at AT TIME ZONE 'Africa/Porto-Novo')::date)
    ) THEN
        RAISE EXCEPTION 'workshops_session_within_workshop: workshop % would leave sessions outside its days',
            NEW.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

DROP_TRIGGERS_SQL = """
DROP TRIGGER IF EXISTS workshops_workshop_keeps_its_attendances ON workshops_workshop;
DROP FUNCTION IF EXISTS workshops_workshop_keeps_its_attendances();
DROP TRIGGER IF EXISTS workshops_attendance_on_a_workshop_day ON workshops_attendance;
DROP FUNCTION IF EXISTS workshops_attendance_on_a_workshop_day();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS_SQL, params=None)
        schema_editor.execute(SESSION_FUNCTIONS_SQL, params=None)


def drop_triggers(apps, schema_editor):
    # The sessions' functions keep their corrected reading: it accepts what 0002's accepted.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [('workshops', '0009_venue_landmark_position_access')]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="client_id",
            field=models.UUIDField(
                blank=True, editable=False, null=True, unique=True, verbose_name="identifiant du pointage"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
