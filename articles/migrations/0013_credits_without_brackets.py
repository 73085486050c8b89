"""Photo credits stored without the brackets they are printed in.

The page prints a credit between brackets; credits typed or pasted with their brackets
("[Courtesy of Gulnaz Razdykova]") were printed twice bracketed. New ones are stored bare
(ImageCaption.save and clean); this corrects those already stored, in every deployment.
"""

from django.db import migrations

from articles.models.content import bare_credit


def take_brackets_off_credits(apps, schema_editor):
    ImageCaption = apps.get_model("articles", "ImageCaption")
    for photo in ImageCaption.objects.filter(credit__contains="[").only("pk", "credit"):
        credit = bare_credit(photo.credit)
        if credit != photo.credit:
            ImageCaption.objects.filter(pk=photo.pk).update(credit=credit)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_edit_version_and_owner"),
    ]

    operations = [
        migrations.RunPython(take_brackets_off_credits, migrations.RunPython.noop),
    ]
