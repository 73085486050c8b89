"""An exported article imports back as the same article: seeds, demo fixtures, generated ones."""

import io
import itertools
from html import escape
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.body import export_text
from articles.importing.importer import Directory, import_file
from articles.models import Article, ArticleAuthor, Author, ImageCaption

SEED_DIR = Path(settings.FIXTURE_DIRS[0]) / "seeds"
_author_numbers = itertools.count(1)


def snapshot(article):
    """What plain text carries of an article, in comparable form."""
    article = Article.objects.get(pk=article.pk)
    return {
        "headline": article.headline,
        "authors": [credit.author.name for credit in article.byline.select_related("author")],
        "dateline": article.dateline,
        "dateline_region": article.dateline_region_id,
        "body": article.body,
        "photos": [
            (photo.caption, photo.credit, photo.after_paragraph, photo.credited_organisation_id)
            for photo in article.photos.all()
        ],
    }


def reimport_fresh(text, tmp_path):
    """Delete every article, then import ``text`` as a new one."""
    Article.objects.all().delete()
    path = tmp_path / "exported.txt"
    path.write_text(text, encoding="utf-8")
    outcome = import_file(path, directory=Directory.from_database())
    assert outcome.action == "created", outcome.reason
    return outcome.article


def test_imported_seeds_survive_export_and_reimport(db, tmp_path):
    """Seed → article → text → article gives the same article for both seeds."""
    call_command("load_fixtures", *(str(SEED_DIR.parent / n) for n in ("regions.json", "organisations.json")))
    for seed in sorted(SEED_DIR.glob("*.txt")):
        original = import_file(seed, directory=Directory.from_database()).article
        before = snapshot(original)
        after = snapshot(reimport_fresh(export_text(original), tmp_path))
        assert after == before
        assert before["dateline_region"] is not None
        assert before["photos"]


def test_variations_survive_export_and_reimport(db, tmp_path):
    """Three authors, captions between paragraphs, Cyrillic and typography all come back."""
    copy = "\r\n\r\n".join(
        [
            "Қазақстан: “жаңа” заң — бүгін",
            "By Айгерім Сейтқали, Ann Lee and Bo Chen",
            "Lead caption… [Courtesy of the Ministry]",
            "АСТАНА — «Бірінші» абзац… [sic] and 'more' – text.",
            "Between paragraphs. [Photo: AFP]",
            "Second paragraph & more.",
            "Екінші бөлім",
            "Third paragraph.",
        ]
    )
    path = tmp_path / "variation.txt"
    path.write_bytes(copy.encode("utf-8-sig"))
    original = import_file(path, directory=Directory.from_database()).article
    before = snapshot(original)
    assert before["authors"] == ["Айгерім Сейтқали", "Ann Lee", "Bo Chen"]
    assert [p[2] for p in before["photos"]] == [None, 1]
    assert snapshot(reimport_fresh(export_text(original), tmp_path)) == before


def test_demo_fixtures_survive_export_and_reimport(demo_content, tmp_path):
    """The published demo articles, exported and imported fresh, come back unchanged in content."""
    articles = list(Article.objects.order_by("slug"))
    assert len(articles) == 4  # the two seed stories, and a Russian and an Uzbek translation
    before = [snapshot(article) for article in articles]
    call_command("export_articles", out=str(tmp_path / "out"), every_article=True, stdout=io.StringIO())
    Article.objects.all().delete()
    call_command("import_articles", str(tmp_path / "out"), stdout=io.StringIO())
    after = [snapshot(article) for article in Article.objects.order_by("slug")]
    assert after == before
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}


# Generated articles use only what plain text can say unambiguously: paragraphs end in
# a full stop, sub-headings are a few words without punctuation, non-lead photos have
# credits, names have no "and".
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгдежқңә", min_size=1, max_size=7).filter(
    lambda w: w != "and"
)
PARAGRAPH = st.lists(WORD, min_size=2, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")
SUBHEADING = st.lists(WORD, min_size=1, max_size=4).map(lambda w: " ".join(word.capitalize() for word in w))
NAME = st.lists(WORD, min_size=2, max_size=3).map(lambda w: " ".join(word.capitalize() for word in w))
CREDIT = st.lists(WORD, min_size=1, max_size=4).map(lambda w: " ".join(w).capitalize())


@st.composite
def articles(draw):
    sections = draw(st.lists(st.tuples(st.none() | SUBHEADING, PARAGRAPH), min_size=0, max_size=5))
    blocks = [("p", draw(PARAGRAPH))]
    for heading, paragraph in sections:
        if heading:
            blocks.append(("h2", heading))
        blocks.append(("p", paragraph))
    paragraph_count = sum(tag == "p" for tag, _ in blocks)
    dateline = draw(st.sampled_from(["", "ALMATY", "NUR-SULTAN", "АСТАНА"]))
    lead_credit = CREDIT if not dateline else st.just("") | CREDIT
    photos = draw(st.lists(st.tuples(lead_credit, st.none()), max_size=2))
    photos += draw(st.lists(st.tuples(CREDIT, st.integers(1, paragraph_count)), max_size=3))
    captions = draw(st.lists(PARAGRAPH, min_size=len(photos), max_size=len(photos), unique=True))
    return {
        "headline": draw(st.lists(WORD, min_size=1, max_size=10).map(" ".join)).capitalize(),
        "authors": draw(st.lists(NAME, max_size=3, unique_by=str.casefold)),
        "dateline": dateline,
        "body": "".join(f"<{tag}>{escape(text)}</{tag}>" for tag, text in blocks),
        "photos": [
            (caption, credit, after) for caption, (credit, after) in zip(captions, photos, strict=True)
        ],
    }


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=articles())
def test_generated_articles_survive_export_and_reimport(db, tmp_path, generated):
    """Any article within the format's reach comes back from its export unchanged."""
    Article.objects.all().delete()
    article = Article.objects.create(
        headline=generated["headline"], dateline=generated["dateline"], body=generated["body"]
    )
    for position, name in enumerate(generated["authors"], start=1):
        author = Author.objects.filter(name=name).first() or Author.objects.create(
            name=name, slug=f"generated-{next(_author_numbers)}"
        )
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    # Photos are stored in reading order, as the importer numbers them.
    ordered = sorted(generated["photos"], key=lambda photo: -1 if photo[2] is None else photo[2])
    for position, (caption, credit, after) in enumerate(ordered, start=1):
        ImageCaption.objects.create(
            article=article, caption=caption, credit=credit, after_paragraph=after, position=position
        )
    before = snapshot(article)
    assert snapshot(reimport_fresh(export_text(article), tmp_path)) == before
