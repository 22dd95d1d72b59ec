"""Import rows read before every password column was blanked may hold the text of a second
password column ("Mật khẩu (nhập lại)") in ``raw``: empty those cells."""

from django.db import migrations


def _index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1


def scrub(apps, schema_editor):
    from accounts.importing.columns import is_secret_header

    ImportJob = apps.get_model("accounts", "ImportJob")
    ImportRow = apps.get_model("accounts", "ImportRow")
    for job in ImportJob.objects.only("id", "layout").iterator():
        columns = (job.layout or {}).get("columns", [])
        secret = {_index(c["letter"]) for c in columns if is_secret_header(c.get("header", ""))}
        if not secret:
            continue
        changed = []
        for row in ImportRow.objects.filter(job_id=job.pk).only("id", "raw").iterator(chunk_size=2000):
            raw = list(row.raw or [])
            if any(i < len(raw) and raw[i] not in ("", None) for i in secret):
                row.raw = ["" if i in secret else v for i, v in enumerate(raw)]
                changed.append(row)
        ImportRow.objects.bulk_update(changed, ["raw"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_office_place_name_and_code")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
