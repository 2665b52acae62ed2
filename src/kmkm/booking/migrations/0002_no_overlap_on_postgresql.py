"""PostgreSQL only: no two active appointments of one practitioner may overlap.

The range is the held time (the appointment widened by its buffers), half-open so that one
appointment may end exactly when the next begins. SQLite has no exclusion constraints; there the
booking service re-checks inside an IMMEDIATE (write-locked) transaction. See docs/adr/0300.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE booking_appointment
  ADD CONSTRAINT booking_appointment_no_overlap
  EXCLUDE USING gist (
    practitioner_id WITH =,
    tstzrange(held_from, held_until, '[)') WITH &&
  ) WHERE (status IN ('booked', 'attended', 'no_show'));
"""

DROP = "ALTER TABLE booking_appointment DROP CONSTRAINT IF EXISTS booking_appointment_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
