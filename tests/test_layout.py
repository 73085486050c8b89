"""Which way the apps depend: engagement and pages build on articles, never the reverse."""

import ast
from pathlib import Path

from django.conf import settings

ARTICLES = Path(settings.BASE_DIR) / "articles"


def imported_modules(path):
    """Every module ``path`` imports, written absolute ("articles.models" for "from .models")."""
    package = ".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*parts, node.module] if node.module else parts)
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_articles_imports_neither_engagement_nor_pages():
    offenders = {
        str(path.relative_to(ARTICLES)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in ("engagement", "pages")
        )
        for path in ARTICLES.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_querysets_import_no_model():
    """The models import the querysets; the querysets find the models by name (no cycle)."""
    names = imported_modules(ARTICLES / "querysets.py")
    assert not {name for name in names if name.startswith("articles.models")}


def test_the_reader_page_and_the_revision_compare_read_the_body_from_one_place():
    for module in ("drawn_story.py", "revisions.py", "metadata.py", "search.py"):
        names = imported_modules(ARTICLES / module)
        assert not {name for name in names if "exporter" in name or "rendering" in name}, module
        assert "articles.body" in names, module


def test_test_modules_have_names_of_their_own():
    """pytest imports test modules by their file name (the default import mode): two files
    with the same name in different folders stop the whole run at collection."""
    root = Path(__file__).resolve().parent.parent
    names = {}
    for folder in ("tests", "engagement/tests"):
        for path in (root / folder).rglob("test_*.py"):
            names.setdefault(path.name, []).append(str(path.relative_to(root)))
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
