"""Building the demo fixture from the raw seed articles, through the importer.

``fixtures/articles.json`` is not written by hand: it is what importing the raw texts
in ``fixtures/seeds/`` gives, plus the hand-written overlay (status, publication time,
topics, regions, alt text) in ``fixtures/seeds/overlay.json``. ``make fixtures`` rebuilds
it, and a test checks that the committed file is exactly what this module builds.
"""

import json
import textwrap
from pathlib import Path

from django.conf import settings
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from ..fixture_loading import load_fixture_files
from ..models import Article, Photo, Region
from .importer import Directory, fixture_json, import_file

HAND_WRITTEN_FIXTURES = ("media_topics.json", "regions.json", "organisations.json", "topics.json")
STAND_IN_SIZE = (1200, 800)


class SeedBuildError(Exception):
    pass


class _Rollback(Exception):
    pass


def seed_dir():
    return Path(settings.FIXTURE_DIRS[0]) / "seeds"


def stand_in_name(article_slug, position):
    return f"seed/{article_slug}-{position}.png"


def build_seed_fixture():
    """(fixture JSON, stand-in photos to draw) from the raw seeds and the overlay.

    Works in a transaction that is always rolled back, on a database that must hold no
    articles or regions yet (``make fixtures`` uses an in-memory SQLite database).
    """
    overlay = json.loads((seed_dir() / "overlay.json").read_text(encoding="utf-8"))
    fixture_dir = Path(settings.FIXTURE_DIRS[0])
    try:
        with transaction.atomic():
            if Article.objects.exists() or Region.objects.exists():
                raise SeedBuildError("building the seed fixture needs an empty database")
            load_fixture_files([fixture_dir / name for name in HAND_WRITTEN_FIXTURES])
            directory = Directory.from_database()
            articles, stand_ins = [], []
            for path in sorted(seed_dir().glob("*.txt")):
                outcome = import_file(path, directory=directory, overlay=overlay.get(path.name, {}))
                if outcome.action != "created":
                    raise SeedBuildError(f"{path.name}: {outcome.reason}")
                article = outcome.article
                for photo in article.photos.all():
                    name = stand_in_name(article.slug, photo.position)
                    # A queryset update: assigning the file would make Django open it to
                    # read its size, and the stand-in may not be drawn yet.
                    Photo.objects.filter(pk=photo.photo_id).update(
                        image=name,
                        width=STAND_IN_SIZE[0],
                        height=STAND_IN_SIZE[1],
                        created_at=article.published_at,
                        updated_at=article.published_at,
                    )
                    stand_ins.append((name, photo.caption))
                Article.objects.filter(pk=article.pk).update(
                    created_at=article.published_at, updated_at=article.published_at
                )
                articles.append(article.pk)
            output = fixture_json(Article.objects.get(pk=pk) for pk in articles)
            raise _Rollback
    except _Rollback:
        pass
    return output, stand_ins


def draw_stand_in(path, caption):
    """A plain placeholder photo that says what it stands in for."""
    image = Image.new("RGB", STAND_IN_SIZE, (64, 78, 92))
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=48)
    text_font = ImageFont.load_default(size=28)
    draw.text((60, 60), "Stand-in photo", fill=(240, 240, 240), font=title_font)
    lines = textwrap.wrap(caption, width=60)[:12]
    draw.multiline_text((60, 160), "\n".join(lines), fill=(220, 220, 220), font=text_font, spacing=10)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)


def write_seed_fixture():
    """Rebuild ``fixtures/articles.json`` and draw any missing stand-in photos."""
    output, stand_ins = build_seed_fixture()
    target = Path(settings.FIXTURE_DIRS[0]) / "articles.json"
    target.write_text(output, encoding="utf-8")
    drawn = []
    for name, caption in stand_ins:
        path = Path(settings.FIXTURE_MEDIA_DIR) / name
        if not path.exists():
            draw_stand_in(path, caption)
            drawn.append(name)
    return target, drawn
