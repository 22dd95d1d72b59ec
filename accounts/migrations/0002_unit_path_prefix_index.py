from django.db import migrations

# Subtree queries are `path LIKE '/cur/11/%'`. PostgreSQL only uses a b-tree index for LIKE
# prefixes under the C collation or with a pattern operator class; SQLite needs nothing.
CREATE = "CREATE INDEX IF NOT EXISTS accounts_adminunit_path_like ON accounts_adminunit (path varchar_pattern_ops)"
DROP = "DROP INDEX IF EXISTS accounts_adminunit_path_like"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
