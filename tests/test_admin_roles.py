"""Roles hold on every path: a contributor writes only their own drafts, whatever the URL."""

import reversion
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from reversion.models import Version

from articles.admin.articles import ArticleAdmin
from articles.models import Article, ArticleAuthor, FrontPageStory, Topic


def revision(article, comment, user=None):
    """Record the article as it is now, as a save in the admin would."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        if user is not None:
            reversion.set_user(user)
        reversion.add_to_revision(article)
    return Version.objects.get_for_object(article).first()


def published_with_a_draft_past(make_article, owner):
    """A published story whose history holds a draft revision started by ``owner``."""
    article = make_article(
        headline="Draft headline", status=Article.Status.DRAFT, created_by=owner, body="<p>Draft text.</p>"
    )
    draft = revision(article, "Draft")
    article.headline, article.status, article.body = "Live headline", Article.Status.PUBLISHED, "<p>Live.</p>"
    article.save()
    revision(article, "Published")
    return article, draft


def state(article):
    """What readers and editors see of an article, to compare before and after."""
    article = Article.objects.get(pk=article.pk)
    return (
        article.headline,
        article.body,
        article.status,
        article.published_at,
        article.is_featured,
        article.edit_version,
        sorted(article.topics.names()),
        sorted(article.regions.values_list("pk", flat=True)),
        list(article.byline.values_list("author_id", "position")),
        list(article.photos.values_list("pk", "caption")),
    )


def test_contributor_cannot_restore_a_draft_revision_over_a_published_story(
    client, contributor, make_article, form_data
):
    """The revision view checked the reverted draft, not the published row: it let a contributor unpublish."""
    article, draft = published_with_a_draft_past(make_article, contributor)
    before = state(article)
    client.force_login(contributor)
    url = reverse("admin:articles_article_revision", args=[article.pk, draft.pk])
    refused = client.get(url)
    assert refused.status_code == 403
    assert "This story is published: only editors can change it" in refused.content.decode()
    response = client.post(url, {"headline": "Rewritten", "slug": article.slug, "status": "draft"})
    assert response.status_code == 403
    assert state(article) == before


def test_contributor_cannot_recover_an_existing_published_story(client, contributor, make_article):
    """Recover is for deleted articles; on a live one it was a second way to revert it."""
    article, draft = published_with_a_draft_past(make_article, contributor)
    before = state(article)
    client.force_login(contributor)
    url = reverse("admin:articles_article_recover", args=[draft.pk])
    client.get(url)
    response = client.post(url, {"headline": "Rewritten", "slug": article.slug, "status": "draft"})
    assert response.status_code in (302, 403)
    assert state(article) == before


def test_contributors_edit_only_their_own_drafts(client, make_staff, make_article, make_author, article_form):
    """A contributor changes drafts they started or are in the byline of; not a colleague's."""
    carl, dana = make_staff("Contributors", "carl"), make_staff("Contributors", "dana")
    theirs = make_article(status=Article.Status.DRAFT, created_by=dana, headline="Dana's draft")
    mine = make_article(status=Article.Status.DRAFT, created_by=carl, headline="Carl's draft")
    bylined = make_article(
        status=Article.Status.DRAFT, created_by=dana, authors=[make_author(user=carl)], headline="Shared"
    )
    client.force_login(carl)
    change = lambda a: reverse("admin:articles_article_change", args=[a.pk])  # noqa: E731
    assert client.post(change(theirs), article_form(theirs, headline="Taken over")).status_code == 403
    assert (
        client.post(reverse("admin:articles_article_delete", args=[theirs.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Article.objects.get(pk=theirs.pk).headline == "Dana's draft"
    assert client.post(change(mine), article_form(mine, headline="Mine, edited")).status_code == 302
    assert client.post(change(bylined), article_form(bylined, headline="Shared, edited")).status_code == 302
    assert set(Article.objects.values_list("headline", flat=True)) == {
        "Dana's draft",
        "Mine, edited",
        "Shared, edited",
    }


def test_an_article_added_in_the_admin_belongs_to_whoever_added_it(client, contributor, article_form):
    """created_by is set by the add form, so the new draft is the contributor's to finish."""
    client.force_login(contributor)
    assert client.post(reverse("admin:articles_article_add"), article_form()).status_code == 302
    assert Article.objects.get().created_by == contributor


def test_editors_edit_every_article(client, editor, make_staff, make_article, article_form):
    """Editors are not limited to their own drafts."""
    draft = make_article(status=Article.Status.DRAFT, created_by=make_staff("Contributors"))
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[draft.pk])
    assert client.post(url, article_form(draft, headline="Edited by the desk")).status_code == 302


def test_joining_a_newsroom_group_makes_a_person_staff(db):
    """No hidden 'staff status' step: the group is what an administrator means."""
    user = User.objects.create_user("nurlan", password="a-long-test-password")
    assert not user.is_staff
    user.groups.add(Group.objects.get(name="Contributors"))
    user.refresh_from_db()
    assert user.is_staff
    other = User.objects.create_user("aigerim", password="a-long-test-password")
    Group.objects.get(name="Editors").user_set.add(other)
    other.refresh_from_db()
    assert other.is_staff
    user.groups.clear()
    user.refresh_from_db()
    assert not user.is_staff


def test_contributor_sees_a_published_story_read_only_with_its_body_and_why(
    client, contributor, make_article
):
    """A locked story is readable as printed, with the reason it cannot be changed."""
    article = make_article(body="<p>First <strong>bold</strong> paragraph.</p>", created_by=contributor)
    client.force_login(contributor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "<p>First <strong>bold</strong> paragraph.</p>" in page
    assert "&lt;p&gt;" not in page
    assert "This story is published: only editors can change it" in page


def test_contributor_sees_why_a_colleagues_draft_is_locked(client, make_staff, make_article):
    """The line names the rule, so nobody thinks the admin is broken."""
    draft = make_article(status=Article.Status.DRAFT, created_by=make_staff("Contributors", "dana"))
    client.force_login(make_staff("Contributors", "carl"))
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert "Contributors change only the drafts they started or are in the byline of" in page
    assert ArticleAuthor.objects.count() == 0


# -- every admin path that writes an article ---------------------------------------------

AS_SERVED = object()  # submit the form the page shows, with REWRITE
REWRITE = {"headline": "Rewritten by a contributor", "status": "draft"}

# The admins whose pages can change an article, directly or through what it shows.
WALKED_ADMINS = (Article, FrontPageStory, Topic)


def admin_url_names():
    """Every named URL of the walked admins, so a new page cannot be left out of the walk."""
    names = set()
    for model in WALKED_ADMINS:
        for pattern in admin.site.get_model_admin(model).get_urls():
            if pattern.name:
                names.add(pattern.name)
    return names


def posts_for(article, draft_version, topic, other_topic, region, form):
    """For each admin URL name, the POSTs a contributor could try against ``article``."""
    pk = article.pk
    every_action = [
        {
            "action": name,
            "_selected_action": [pk],
            "apply": "1",
            "topic": topic.pk,
            "region": region.pk,
            "post": "yes",
        }
        for name in [*ArticleAdmin.actions, "delete_selected"]
    ]
    changed = (
        form
        | REWRITE
        | {
            "byline-TOTAL_FORMS": "1",
            "byline-INITIAL_FORMS": "1",
            "byline-0-id": str(article.byline.get().pk),
            "byline-0-DELETE": "on",
        }
    )
    return {
        "articles_article_change": [(reverse("admin:articles_article_change", args=[pk]), changed)],
        "articles_article_delete": [(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})],
        "articles_article_revision": [
            (reverse("admin:articles_article_revision", args=[pk, draft_version.pk]), changed)
        ],
        "articles_article_recover": [
            (reverse("admin:articles_article_recover", args=[draft_version.pk]), changed)
        ],
        "articles_article_changelist": [
            (reverse("admin:articles_article_changelist"), data) for data in every_action
        ],
        "articles_article_add": [(reverse("admin:articles_article_add"), changed | {"slug": article.slug})],
        "articles_article_history": [(reverse("admin:articles_article_history", args=[pk]), changed)],
        "articles_article_compare": [(reverse("admin:articles_article_compare", args=[pk]), changed)],
        # Translating makes a new draft of the contributor's own; the story itself is left alone.
        "articles_article_translate": [
            (reverse("admin:articles_article_translate", args=[pk]), {"language": "ru"})
        ],
        "articles_article_mark_up_to_date": [
            (
                reverse("admin:articles_article_mark_up_to_date", args=[pk]),
                {"seen": "2100-01-01T00:00:00+00:00"},
            )
        ],
        "articles_article_recoverlist": [(reverse("admin:articles_article_recoverlist"), changed)],
        "articles_frontpagestory_changelist": [
            (
                reverse("admin:articles_frontpagestory_changelist"),
                {
                    "form-TOTAL_FORMS": "1",
                    "form-INITIAL_FORMS": "1",
                    "form-0-id": str(pk),
                    "form-0-featured_position": "9",
                    "_save": "Save",
                },
            ),
            (
                reverse("admin:articles_frontpagestory_changelist"),
                {"action": "remove_from_front_page", "_selected_action": [pk], "post": "yes"},
            ),
        ],
        "articles_frontpagestory_change": [
            (reverse("admin:articles_frontpagestory_change", args=[pk]), {"featured_position": "9"})
        ],
        "articles_frontpagestory_delete": [
            (reverse("admin:articles_frontpagestory_delete", args=[pk]), {"post": "yes"})
        ],
        "articles_frontpagestory_add": [(reverse("admin:articles_frontpagestory_add"), changed)],
        "articles_frontpagestory_history": [
            (reverse("admin:articles_frontpagestory_history", args=[pk]), {})
        ],
        "articles_topic_changelist": [
            (
                reverse("admin:articles_topic_changelist"),
                {
                    "action": "merge_selected",
                    "_selected_action": [topic.pk, other_topic.pk],
                    "apply": "1",
                    "target": other_topic.pk,
                },
            ),
            (
                reverse("admin:articles_topic_changelist"),
                {"action": "delete_selected", "_selected_action": [topic.pk], "post": "yes"},
            ),
        ],
        "articles_topic_change": [
            (reverse("admin:articles_topic_change", args=[topic.pk]), {"name": "Renamed", "slug": "renamed"})
        ],
        "articles_topic_delete": [(reverse("admin:articles_topic_delete", args=[topic.pk]), {"post": "yes"})],
        "articles_topic_add": [
            (reverse("admin:articles_topic_add"), {"name": topic.name.upper(), "slug": "x"})
        ],
        "articles_topic_history": [(reverse("admin:articles_topic_history", args=[topic.pk]), {})],
        "articles_topic_suggest": [(reverse("admin:articles_topic_suggest"), {"q": "a"})],
    }


def test_a_contributor_changes_nothing_of_a_published_story_on_any_admin_url(
    client, contributor, make_story, make_author, make_topic, make_region, article_form, form_data
):
    """Every admin URL that accepts POST, tried as a contributor on a live story they started and co-wrote."""
    topic, other_topic = make_topic(name="Radicalisation"), make_topic(name="Extremism")
    region = make_region(name="Pavlodar")
    article = make_story(
        topics=[topic],
        regions=[region],
        authors=[make_author(user=contributor)],
        created_by=contributor,
        is_featured=True,
        featured_position=1,
    )
    draft_version = revision(article, "An old revision")
    before, topics_before = state(article), sorted(Topic.objects.values_list("name", flat=True))
    client.force_login(contributor)
    posts = posts_for(article, draft_version, topic, other_topic, region, article_form(article))
    assert set(posts) == admin_url_names(), "a new admin URL must be added to this walk"
    for name, requests in posts.items():
        for url, data in requests:
            if data is AS_SERVED:
                shown = client.get(url)
                data = form_data(shown, "article_form") | REWRITE if shown.status_code == 200 else {}
            response = client.post(url, data)
            assert response.status_code in (200, 302, 400, 403, 404), (name, response.status_code)
            assert state(article) == before, f"{name} changed the published story"
    assert sorted(Topic.objects.values_list("name", flat=True)) == topics_before


def test_only_editors_link_an_author_to_a_staff_account(client, contributor, editor, make_author):
    """Linking oneself to any author would hand a contributor that author's drafts."""
    author = make_author(name="Gulnaz Razdykova")
    url = reverse("admin:articles_author_change", args=[author.pk])
    data = {
        "name_en": author.name,
        "slug": author.slug,
        "role_en": "",
        "bio_en": "",
        "user": str(contributor.pk),
    }
    client.force_login(contributor)
    assert client.post(url, data).status_code == 302
    author.refresh_from_db()
    assert author.user is None
    client.force_login(editor)
    assert client.post(url, data).status_code == 302
    author.refresh_from_db()
    assert author.user == contributor


def test_contributors_cannot_rename_the_author_of_a_published_story(
    client, contributor, make_story, make_author
):
    """The byline of a live story is an editor's to change, through its author too."""
    printed, new = make_author(name="Gulnaz Razdykova"), make_author(name="New reporter")
    make_story(authors=[printed])
    client.force_login(contributor)
    for author, expected in ((printed, 403), (new, 302)):
        url = reverse("admin:articles_author_change", args=[author.pk])
        response = client.post(url, {"name_en": "Defaced", "slug": author.slug, "role_en": "", "bio_en": ""})
        assert response.status_code == expected
    printed.refresh_from_db()
    new.refresh_from_db()
    assert (printed.name, new.name) == ("Gulnaz Razdykova", "Defaced")
