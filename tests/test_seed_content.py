"""The demo content is the two seed articles, word for word, built by the importer.

These tests read the raw seed texts on their own (not through the importer) so that a
mistake in the importer cannot hide itself.
"""

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from articles.importing.seeds import STAND_IN_SIZE, build_seed_fixture
from articles.models import Article

SEEDS = sorted((Path(settings.FIXTURE_DIRS[0]) / "seeds").glob("*.txt"))


class TopLevelBlocks(HTMLParser):
    """The text of each top-level block (p, h2, h3, blockquote, list) of a body."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.depth = [], 0

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append([tag, ""])
        self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.blocks:
            self.blocks[-1][1] += data


def body_blocks(html):
    parser = TopLevelBlocks()
    parser.feed(html)
    return [(tag, text) for tag, text in parser.blocks]


def raw_reading_order(path):
    """The seed's blocks as printed, minus headline, byline, repeats and page furniture."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if b.strip()]
    headline, byline, rest = blocks[0], blocks[1], blocks[2:]
    rest = rest[: rest.index("Do you like this article?")]
    deduplicated = [b for i, b in enumerate(rest) if i == 0 or b != rest[i - 1]]
    # Caption and credit are stored apart; only the space between them (once a
    # non-breaking one) is not content.
    return headline, byline, [re.sub(r"\s+\[([^\[\]]+)\]$", r" [\1]", b) for b in deduplicated]


def article_reading_order(article):
    """The loaded article put back in reading order: photos at their places, dateline first."""

    def caption_text(photo):
        return f"{photo.caption} [{photo.credit}]" if photo.credit else photo.caption

    photos = list(article.photos.all())
    order = [caption_text(p) for p in photos if p.after_paragraph is None]
    paragraphs = 0
    for tag, text in body_blocks(article.body):
        if tag == "p":
            paragraphs += 1
            order.append(f"{article.dateline} -- {text}" if paragraphs == 1 else text)
            order.extend(caption_text(p) for p in photos if p.after_paragraph == paragraphs)
        else:
            order.append(text)
    return order


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_article_is_complete_and_in_order(demo_content, seed):
    """Every paragraph, sub-heading, caption and credit of the seed, word for word, in order."""
    headline, byline, expected = raw_reading_order(seed)
    article = Article.objects.get(headline=headline)
    assert byline == "By " + " and ".join(c.author.name for c in article.byline.select_related("author"))
    assert article_reading_order(article) == expected


def test_seed_sub_headings_are_sub_headings(demo_content):
    """The five sub-headings render as h2, not as paragraphs."""
    headings = [
        text
        for article in Article.objects.filter(language="en")  # the seeds, not their translations
        for tag, text in body_blocks(article.body)
        if tag == "h2"
    ]
    assert sorted(headings) == sorted(
        [
            "Rehabilitation work",
            "Countering radicalism in families",
            "Fighting radicalisation in prisons",
            "Rehabilitation and preventive work",
            "No going back",
        ]
    )


def test_seed_captions_credits_and_datelines(demo_content):
    """Captions keep their bracketed credits apart; the doubled caption is one photo."""
    women = Article.objects.get(slug="kazakh-specialists-focus-more-attention-on-radicalisation-of-women")
    inmates = Article.objects.get(slug="hundreds-of-kazakhstani-inmates-reject-radicalisation")
    assert (women.dateline, women.dateline_region.slug) == ("ALMATY", "almaty")
    assert (inmates.dateline, inmates.dateline_region.slug) == ("ASTANA", "astana")
    lead, later = women.photos.all()
    assert lead.credit == "Pavlodar Province Centre for Analysis and Development of Interfaith Relations"
    assert (
        lead.credited_organisation.slug
        == "pavlodar-province-centre-for-analysis-and-development-of-interfaith-relations"
    )
    assert (lead.after_paragraph, later.after_paragraph) == (None, 4)
    assert later.credit == "Courtesy of Gulnaz Razdykova" and later.credited_organisation is None
    (only,) = inmates.photos.all()
    assert only.credit == "" and only.caption.startswith(
        "Saken Amangeldinov, a convicted terrorist accomplice"
    )
    assert all(photo.alt_text for photo in (lead, later, only))


def test_seed_organisations_regions_and_topics(demo_content):
    """The organisations each article cites and the places it concerns are linked."""
    women = Article.objects.get(slug="kazakh-specialists-focus-more-attention-on-radicalisation-of-women")
    inmates = Article.objects.get(slug="hundreds-of-kazakhstani-inmates-reject-radicalisation")
    assert {o.slug for o in women.organisations.all()} == {
        "pavlodar-province-centre-for-analysis-and-development-of-interfaith-relations",
        "inabat",
        "akniyet",
    }
    assert {o.slug for o in inmates.organisations.all()} == {
        "pavlodar-province-centre-for-analysis-and-development-of-interfaith-relations",
        "ministry-for-religious-affairs-and-civil-society",
        "department-for-religious-affairs",
        "penal-reform-international",
    }
    assert {r.slug for r in women.regions.all()} == {"almaty", "astana", "pavlodar"}
    assert {r.slug for r in inmates.regions.all()} == {"astana", "pavlodar-province", "zhambyl-region"}
    assert "Women" in women.topics.names() and "Prisons" in inmates.topics.names()
    department = inmates.organisations.get(slug="department-for-religious-affairs")
    assert department.parent.slug == "ministry-for-religious-affairs-and-civil-society"


def test_seed_publication_dates_fit_the_text(demo_content):
    """The prison story cites a July 28, 2017 statement; both ran in August 2017."""
    for article in Article.objects.all():
        assert article.published_at.year == 2017 and article.published_at.month == 8
        assert article.created_at == article.published_at == article.updated_at


def test_committed_fixture_is_exactly_what_the_importer_builds(db):
    """fixtures/articles.json is generated (make fixtures), never edited by hand."""
    built, stand_ins = build_seed_fixture()
    committed = (Path(settings.FIXTURE_DIRS[0]) / "articles.json").read_text(encoding="utf-8")
    assert built == committed, "fixtures/articles.json is stale: run `make fixtures` and commit the result"
    assert len(stand_ins) == 3
    for name, _caption in stand_ins:
        with Image.open(Path(settings.FIXTURE_MEDIA_DIR) / name) as image:
            assert image.size == STAND_IN_SIZE


# SHA-256 of the original seed files as they were handed to us (../shared/seeds/).
ORIGINAL_SEEDS = {
    "000_36ef9c56467fc3c6.txt": "6f4bab722b5c8393be1f926735398a16706a1c464f6c2da3399af27d34581894",
    "002_87658ec27c3fe350.txt": "ffc50a59ab4f6e36fd262a5d91c061814464e92822c89417c937697254a3e2e3",
}


def test_raw_seed_texts_are_kept_unchanged():
    """The repository's copies of the seeds are the originals, byte for byte."""
    assert {seed.name: hashlib.sha256(seed.read_bytes()).hexdigest() for seed in SEEDS} == ORIGINAL_SEEDS


def test_overlay_only_names_seeds_that_exist():
    """A renamed seed must not silently lose its publication data."""
    overlay = json.loads(
        (Path(settings.FIXTURE_DIRS[0]) / "seeds" / "overlay.json").read_text(encoding="utf-8")
    )
    assert set(overlay) == {p.name for p in SEEDS}
