"""Reading an article's revisions: what each one said, and what changed between two.

django-reversion keeps every save of an article together with its byline, photos and
topic links (see the bottom of ``models.py``). This module turns two of those revisions
into a readable comparison for the admin's history page.
"""

import difflib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from .body import body_blocks
from .models import (
    Article,
    ArticleAuthor,
    Author,
    ImageCaption,
    Region,
    SourceOrganisation,
    TaggedArticle,
    Topic,
)
from .validators import row_id

# A snapshot's fields, by their English names (its keys), as the editor's page names them.
LABELS = {
    "Headline": _("Headline"),
    "Slug": _("Slug"),
    "Standfirst": _("Standfirst"),
    "Byline": _("Byline"),
    "Dateline": _("Dateline"),
    "Status": _("Status"),
    "Publication time": _("Publication time"),
    "Topics": _("Topics"),
    "Regions": _("Regions"),
    "Organisations cited": _("Organisations cited"),
    "Language": _("Language"),
    "Featured": _("Featured"),
    "Body": _("Body"),
    "Photos": _("Photos"),
}
LONG_FIELDS = ("Body", "Photos")
# What a restore keeps as stored now unless the editor changes it (ArticleAdmin.KEPT_ON_RESTORE).
KEPT_LABELS = ("Status", "Publication time", "Featured")


def label_of(key):
    """A snapshot field's name in the editor's language: "Headline" -> "Заголовок"."""
    return str(LABELS.get(key, key))


@dataclass
class Row:
    key: str  # the snapshot's key, in English
    before: str
    after: str
    lines: list = field(default_factory=list)  # (mark, text) for multi-line values

    @property
    def label(self):
        return label_of(self.key)

    @property
    def changed(self):
        return self.before != self.after

    @property
    def is_long(self):
        """Whether the value runs over several lines (the body, the photos)."""
        return "\n" in self.before or "\n" in self.after or self.key in LONG_FIELDS


def _names(model, ids):
    ids = list(ids or ())
    names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
    deleted = gettext("(deleted %(kind)s)") % {"kind": model._meta.verbose_name}
    return [names.get(pk, deleted) for pk in ids]


# The rows an article's revision follows (models.py registers them), each with the column
# naming its article and the one naming what it links to.
FOLLOWED = {ArticleAuthor: ("article_id", "author_id"), ImageCaption: ("article_id", "photo_id")}
FOLLOWED[TaggedArticle] = ("content_object_id", "tag_id")


def _related_versions(version, model, article_id):
    """The versions of ``model`` rows in ``version``'s revision that belong to its article."""
    content_type = ContentType.objects.get_for_model(model)
    article_column = FOLLOWED[model][0]
    for related in version.revision.version_set.filter(content_type=content_type):
        if related.field_dict.get(article_column) == article_id:
            yield related


def _related(version, model, article_id):
    for related in _related_versions(version, model, article_id):
        yield related.field_dict


def restore(version):
    """Put ``version``'s article back as it was then: its row, byline, photos and topic links.

    Only this article: a revision made by a bulk action, a topic merge or a deletion of
    several articles also holds the others, and restoring one story must never rewrite
    them (django-reversion's own revert puts back everything the revision holds). Links
    the article has now but did not have then are removed, as restoring the whole revision
    would; links to an author, topic, region or organisation deleted since are left out,
    and their names returned so the editor can be told.
    """
    article_id = int(version.object_id)
    missing = []
    links = {model: list(_related_versions(version, model, article_id)) for model in FOLLOWED}
    for model, (article_column, target_column) in FOLLOWED.items():
        recorded = [int(related.object_id) for related in links[model]]
        model.objects.filter(**{article_column: article_id}).exclude(pk__in=recorded).delete()
        if target_column:
            target = model._meta.get_field(target_column.removesuffix("_id")).related_model
            alive = set(
                target.objects.filter(pk__in=[v.field_dict[target_column] for v in links[model]]).values_list(
                    "pk", flat=True
                )
            )
            for related in list(links[model]):
                if related.field_dict[target_column] not in alive:
                    links[model].remove(related)
                    missing.append(f"{target._meta.verbose_name} {related.object_repr}")
    recorded_article = version._object_version  # django-reversion's deserialized row, m2m included
    for name, model in (("regions", Region), ("organisations", SourceOrganisation)):
        wanted = [int(pk) for pk in recorded_article.m2m_data.get(name, ())]
        alive = set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        missing += [f"{model._meta.verbose_name} #{pk}" for pk in wanted if pk not in alive]
        recorded_article.m2m_data[name] = [pk for pk in wanted if pk in alive]
    version.revert()
    for model in FOLLOWED:
        for related in links[model]:
            related.revert()
    return missing


def snapshot(version):
    """The article as it was in ``version``: an ordered mapping of label to text."""
    data = version.field_dict
    article_id = data["id"]
    return _snapshot(
        data,
        byline=_related(version, ArticleAuthor, article_id),
        photos=_related(version, ImageCaption, article_id),
        topic_ids=[d["tag_id"] for d in _related(version, TaggedArticle, article_id)],
    )


def stored_snapshot(article):
    """The article as the database holds it now, in the same shape as ``snapshot``."""
    data = {field.attname: getattr(article, field.attname) for field in Article._meta.concrete_fields}
    data["regions"] = list(article.regions.values_list("pk", flat=True))
    data["organisations"] = list(article.organisations.values_list("pk", flat=True))
    return _snapshot(
        data,
        byline=ArticleAuthor.objects.filter(article=article).values("author_id", "position"),
        photos=ImageCaption.objects.filter(article=article).values(
            "caption", "credit", "alt_text", "after_paragraph", "position"
        ),
        topic_ids=list(TaggedArticle.objects.filter(content_object=article).values_list("tag_id", flat=True)),
    )


def _snapshot(data, *, byline, photos, topic_ids):
    byline = sorted(byline, key=lambda d: d["position"])
    photos = sorted(photos, key=lambda d: d["position"])
    published_at = data.get("published_at")
    status = str(dict(Article.Status.choices).get(data.get("status"), data.get("status")))

    def photo_text(photo):
        place = (
            gettext("lead photo")
            if photo["after_paragraph"] is None
            else gettext("after paragraph %(number)s") % {"number": photo["after_paragraph"]}
        )
        credit = f" [{photo['credit']}]" if photo["credit"] else ""
        alt = (
            gettext(" (alt: %(text)s)") % {"text": photo["alt_text"]}
            if photo["alt_text"]
            else gettext(" (no alt text)")
        )
        return f"{photo['caption']}{credit}, {place}{alt}"

    return {
        "Headline": data.get("headline", ""),
        "Slug": data.get("slug", ""),
        "Standfirst": data.get("standfirst", ""),
        "Byline": ", ".join(_names(Author, [d["author_id"] for d in byline])),
        "Dateline": data.get("dateline", ""),
        "Status": status,
        "Publication time": date_format(timezone.localtime(published_at), "DATETIME_FORMAT")
        if published_at
        else "",
        "Topics": ", ".join(sorted(_names(Topic, topic_ids))),
        "Regions": ", ".join(sorted(_names(Region, data.get("regions")))),
        "Organisations cited": ", ".join(sorted(_names(SourceOrganisation, data.get("organisations")))),
        "Language": data.get("language", ""),
        "Featured": gettext("yes") if data.get("is_featured") else gettext("no"),
        "Body": "\n".join(
            f"## {text}" if kind == "subheading" else text for kind, text in body_blocks(data.get("body", ""))
        ),
        "Photos": "\n".join(photo_text(photo) for photo in photos),
    }


def compare(older, newer):
    """Rows for every field of two snapshots; long fields carry a line-by-line diff."""
    rows = []
    for label, before in older.items():
        after = newer[label]
        row = Row(label, before, after)
        if row.changed and row.is_long:
            for line in difflib.ndiff(before.splitlines(), after.splitlines()):
                if line.startswith(("+ ", "- ", "  ")):
                    row.lines.append(({"+": "added", "-": "removed", " ": "same"}[line[0]], line[2:]))
        rows.append(row)
    return rows


def localized_time(version):
    """'14:03:27 on 21 November 2026': when a revision was saved, in the newsroom's time, in
    English like every revision's comment (the history shows them to every editor)."""
    with override("en"):
        return date_format(timezone.localtime(version.revision.date_created), "H:i:s \\o\\n j F Y")


def restore_context(stored, version):
    """What restoring ``version`` will change in the article as stored now, for the restore page.

    The status, publication time and front-page place stay as they are (the restore page
    offers them with today's values), so they are compared as staying.
    """
    now, then = stored_snapshot(stored), snapshot(version)
    kept = {label_of(key): then[key] for key in KEPT_LABELS if then[key] != now[key]}
    rows = [row for row in compare(now, then | {label: now[label] for label in KEPT_LABELS}) if row.changed]
    return {"restore_rows": rows, "restore_kept": kept, "restore_version": version}


def compare_view(model_admin):
    """The admin view comparing two revisions of one article (``?a=ID&b=ID``)."""

    def view(request, object_id):
        article = get_object_or_404(Article, pk=row_id(object_id) or 0)
        if not model_admin.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = list(Version.objects.get_for_object(article).select_related("revision__user"))
        if len(versions) < 2:
            return HttpResponseBadRequest(gettext("This article has fewer than two revisions to compare."))
        by_id = {str(version.pk): version for version in versions}
        chosen = [request.GET.get("a", str(versions[1].pk)), request.GET.get("b", str(versions[0].pk))]
        if any(choice not in by_id for choice in chosen):
            return HttpResponseBadRequest(gettext("Choose two revisions of this article to compare."))
        older, newer = sorted((by_id[choice] for choice in chosen), key=lambda v: v.revision.date_created)
        opts = Article._meta
        context = {
            **model_admin.admin_site.each_context(request),
            "title": gettext("Compare revisions of “%(article)s”") % {"article": article},
            "opts": opts,
            "original": article,
            "older": older,
            "newer": newer,
            "rows": compare(snapshot(older), snapshot(newer)),
            "restore_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_revision", args=[article.pk, older.pk]
            ),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    return view
