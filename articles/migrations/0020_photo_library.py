"""Photos become a library: each photo is stored once (``Photo``: the file, its credit and
credited organisation, its rights) and placed in any number of stories (``ImageCaption``,
keeping its own caption, credit as printed, alt text, place and order).

Each placement's photo becomes a library photo with the placement's uid (so renditions keep
their names) and its caption, alt text and credit as the photo's defaults; placements of the
same stored file (a translation shows its source's photos) share one library photo. Nothing
is lost: every placement keeps its caption, credit and alt text. The placements' versions in
the revision history are rewritten the same way, so older revisions still compare and
restore. Contributors may view, add and change library photos (they upload photos with their
stories); Editors may do everything.

Undone, each placement gets its photo's file, size, renditions and credited organisation
back (its credit, if it printed the library's), and the history is rewritten back.
"""

import json
from itertools import islice

import articles.models.content
import articles.models.natural_keys
import articles.validators
import django.db.models.deletion
import uuid
from django.db import migrations, models

MOVED = ("image", "width", "height", "renditions", "credited_organisation")
BATCH = 1000


def batched(rows, size):
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def _file_name(value):
    return getattr(value, "name", value) or ""


def to_library(apps, schema_editor):
    ImageCaption = apps.get_model("articles", "ImageCaption")
    Photo = apps.get_model("articles", "Photo")
    photo_of_file = {}  # stored file name -> library photo id
    for batch in batched(ImageCaption.objects.order_by("pk").iterator(chunk_size=BATCH), BATCH):
        new = {}
        for placement in batch:
            name = _file_name(placement.image)
            key = name or f"placement {placement.pk}"
            if name in photo_of_file or key in new:
                continue
            new[key] = Photo(
                uid=placement.uid,
                image=name,
                width=placement.width,
                height=placement.height,
                renditions=placement.renditions or {},
                caption=placement.caption,
                alt_text=placement.alt_text,
                credit=placement.credit,
                credited_organisation_id=placement.credited_organisation_id,
            )
        Photo.objects.bulk_create(new.values())
        ids = dict(Photo.objects.filter(uid__in=[p.uid for p in new.values()]).values_list("uid", "pk"))
        for key, photo in new.items():
            if not key.startswith("placement "):
                photo_of_file[key] = ids[photo.uid]
        for placement in batch:
            name = _file_name(placement.image)
            placement.photo_id = photo_of_file[name] if name else ids[placement.uid]
        ImageCaption.objects.bulk_update(batch, ["photo"])
    _rewrite_history(apps, forwards=True, photo_of_file=photo_of_file)


def back_to_placements(apps, schema_editor):
    ImageCaption = apps.get_model("articles", "ImageCaption")
    for placement in ImageCaption.objects.select_related("photo").order_by("pk").iterator(chunk_size=BATCH):
        photo = placement.photo
        ImageCaption.objects.filter(pk=placement.pk).update(
            image=_file_name(photo.image),
            width=photo.width,
            height=photo.height,
            renditions=photo.renditions or {},
            credit=placement.credit or photo.credit,
            credited_organisation_id=photo.credited_organisation_id,
        )
    _rewrite_history(apps, forwards=False)


def _rewrite_history(apps, *, forwards, photo_of_file=None):
    """The placements' versions in django-reversion's history, in the shape of the model
    they are restored with."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    Photo = apps.get_model("articles", "Photo")
    content_type = ContentType.objects.filter(app_label="articles", model="imagecaption").first()
    if content_type is None:
        return
    versions = Version.objects.filter(content_type=content_type, format="json").order_by("pk")
    for version in versions.iterator(chunk_size=BATCH):
        try:
            records = json.loads(version.serialized_data)
            fields = records[0]["fields"]
        except (ValueError, LookupError, TypeError):
            continue  # not ours to mend
        if forwards and "photo" not in fields:
            fields["photo"] = _library_photo_for(Photo, fields, photo_of_file)
            for name in MOVED:
                fields.pop(name, None)
        elif not forwards and "photo" in fields:
            photo = Photo.objects.filter(pk=fields.pop("photo")).first()
            if photo is not None:
                fields |= {
                    "image": _file_name(photo.image),
                    "width": photo.width,
                    "height": photo.height,
                    "renditions": photo.renditions or {},
                    "credited_organisation": photo.credited_organisation_id,
                    "credit": fields.get("credit") or photo.credit,
                }
        else:
            continue
        Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(records))


def _library_photo_for(Photo, fields, photo_of_file):
    """The library photo an old version of a placement showed: the one holding its file, else
    (a file no placement shows any more, or none yet) a library photo made from the version."""
    name = fields.get("image") or ""
    if name and name in photo_of_file:
        return photo_of_file[name]
    photo = Photo.objects.create(
        image=name,
        width=fields.get("width"),
        height=fields.get("height"),
        renditions=fields.get("renditions") or {},
        caption=fields.get("caption") or "",
        alt_text=fields.get("alt_text") or "",
        credit=fields.get("credit") or "",
        credited_organisation_id=fields.get("credited_organisation"),
    )
    if name:
        photo_of_file[name] = photo.pk
    return photo.pk


CONTRIBUTORS_MAY = ("view", "add", "change")


def grant_photo_permissions(apps, schema_editor):
    """Editors may do everything with library photos; Contributors view, add and change them."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    photo_permissions = Permission.objects.filter(content_type__app_label="articles", content_type__model="photo")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*photo_permissions)
    for group in Group.objects.filter(name="Contributors"):
        group.permissions.add(*photo_permissions.filter(codename__in=[f"{a}_photo" for a in CONTRIBUTORS_MAY]))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0019_featured_index_by_language'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        migrations.CreateModel(
            name='Photo',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('image', models.ImageField(blank=True, height_field='height', help_text='JPEG, PNG, GIF or WebP. Imported copy arrives without its photos: add them here.', upload_to=articles.models.content.UnguessableName('photos/%Y/%m'), validators=[articles.validators.validate_image_file], verbose_name='image', width_field='width')),
                ('width', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('height', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('caption', models.TextField(blank=True, help_text='Offered when the photo is placed in a story; each story keeps its own.', verbose_name='default caption')),
                ('alt_text', models.CharField(blank=True, help_text='What the photo shows, offered when it is placed in a story.', max_length=255, verbose_name='default alt text')),
                ('credit', models.CharField(blank=True, help_text='Exactly as printed, without brackets: Courtesy of Gulnaz Razdykova.', max_length=255, verbose_name='credit')),
                ('photographer', models.CharField(blank=True, max_length=255, verbose_name='photographer')),
                ('copyright_notice', models.CharField(blank=True, max_length=500, verbose_name='copyright notice')),
                ('usage_terms', models.TextField(blank=True, help_text='What the licence allows, as the agency or photographer wrote it.', verbose_name='usage terms')),
                ('usable_until', models.DateField(blank=True, help_text='The last day the photo may be used. A story showing it cannot be published after that.', null=True, verbose_name='usable until')),
                ('keywords', models.CharField(blank=True, help_text='Separated by commas.', max_length=500, verbose_name='keywords')),
                ('taken_on', models.DateField(blank=True, null=True, verbose_name='date taken')),
                ('renditions', models.JSONField(blank=True, default=dict, editable=False, help_text='Smaller copies of the image: {width: storage name}.')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='added')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('credited_organisation', models.ForeignKey(blank=True, help_text='The organisation the credit names, if any.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='credited_photos', to='articles.sourceorganisation', verbose_name='credited organisation')),
            ],
            options={
                'verbose_name': 'library photo',
                'verbose_name_plural': 'photo library',
                'ordering': ('-created_at', '-pk'),
            },
            bases=(articles.models.natural_keys.NaturalKeyed, models.Model),
        ),
        migrations.AddIndex(
            model_name='photo',
            index=models.Index(fields=['usable_until'], name='photo_usable_until'),
        ),
        migrations.AddField(
            model_name='imagecaption',
            name='photo',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='placements', to='articles.photo', verbose_name='library photo'),
        ),
        migrations.RunPython(to_library, back_to_placements),
        migrations.RemoveField(
            model_name='imagecaption',
            name='credited_organisation',
        ),
        migrations.RemoveField(
            model_name='imagecaption',
            name='height',
        ),
        migrations.RemoveField(
            model_name='imagecaption',
            name='image',
        ),
        migrations.RemoveField(
            model_name='imagecaption',
            name='renditions',
        ),
        migrations.RemoveField(
            model_name='imagecaption',
            name='width',
        ),
        migrations.AlterField(
            model_name='imagecaption',
            name='credit',
            field=models.CharField(blank=True, help_text="As printed in this story, without brackets; left empty, the library photo's credit is printed.", max_length=255, verbose_name='credit'),
        ),
        migrations.AlterField(
            model_name='imagecaption',
            name='photo',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='placements', to='articles.photo', verbose_name='library photo'),
        ),
        migrations.RunPython(grant_photo_permissions, migrations.RunPython.noop),
    ]
