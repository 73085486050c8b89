"""Forms behind the article change page: type-ahead topics, safe concurrent editing."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from taggit.forms import TagWidget

from .. import publishing
from ..models import Article, Region, Topic
from ..text import make_slug


class TopicsWidget(TagWidget):
    """Comma-separated topics with suggestions from the existing vocabulary as you type.

    Suggestions come from a small JSON view and are offered through a native
    ``<datalist>``, each option being the whole field with its last topic completed,
    so choosing one needs no custom pop-up and works with the keyboard.
    """

    def __init__(self, attrs=None):
        attrs = {
            "class": "vTextField",
            "data-topic-suggestions": reverse_lazy("admin:articles_topic_suggest"),
            "autocomplete": "off",
            "placeholder": _("Type a topic, then a comma for the next one"),
        } | (attrs or {})
        super().__init__(attrs)

    class Media:
        js = ("articles/admin/topics.js",)


def edit_token(article):
    """What the editor's form remembers of the article it opened: its edit version."""
    return str(article.edit_version)


def describe_last_change(article):
    """'Ann Lee at 14:03 on 21 November 2026', from the newest revision of ``article``."""
    version = Version.objects.get_for_object(article).select_related("revision__user").first()
    moment = timezone.localtime(article.updated_at)
    when = {"time": date_format(moment, "H:i"), "date": date_format(moment, "DATE_FORMAT")}
    if version is None or version.revision.user is None:
        return gettext("someone at %(time)s on %(date)s") % when
    user = version.revision.user
    return gettext("%(name)s at %(time)s on %(date)s") % (
        when | {"name": user.get_full_name() or user.get_username()}
    )


class PublicationTimeField(forms.SplitDateTimeField):
    """A date and time a story can be published at: from 1900 to 2100.

    Year 1 or 9999 passes Django's date field, then fails when the database converts it
    to UTC (an OverflowError, a 500): refused here with a message instead.
    """

    FIRST_YEAR, LAST_YEAR = 1900, 2100

    def compress(self, data_list):
        try:
            value = super().compress(data_list)
        except OverflowError:
            value = None
            out_of_range = True
        else:
            out_of_range = value is not None and not self.FIRST_YEAR <= value.year <= self.LAST_YEAR
        if out_of_range:
            raise ValidationError(
                _("Enter a publication time between %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": self.FIRST_YEAR, "last": self.LAST_YEAR},
            )
        return value


WORKFLOW_FIELD = "_workflow"
WORKFLOW_ACTIONS = ("review", "publish", "schedule", "unpublish")


class ArticleAdminForm(forms.ModelForm):
    # The hidden edit version of the article the editor opened; another version on save
    # means something changed it in between (articles/editing.py).
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set by ArticleAdmin.get_form: whether the signed-in user may publish, and the
    # article as the database held it when the request began (locked for a POST).
    can_publish = False
    stored = None

    class Meta:
        model = Article
        fields = (
            "headline",
            "slug",
            "standfirst",
            "body",
            "dateline",
            "dateline_region",
            "regions",
            "topics",
            "organisations",
            "status",
            "published_at",
            "language",
            "is_featured",
            "featured_position",
        )
        widgets = {"topics": TopicsWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_token"].initial = edit_token(self.instance)
        if "slug" in self.fields:
            # Made from the headline on the server when left empty (text.make_slug spells
            # every letter of the seven languages; the admin's own script would drop some).
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The article's web address. Leave it empty to make it from the headline. "
                "It should not change once published."
            )
        if not self.can_publish and "status" in self.fields:
            self.fields["status"].choices = [
                (value, label)
                for value, label in self.fields["status"].choices
                if value != Article.Status.PUBLISHED
            ]
            self.fields["status"].help_text = _(
                "Send the article to review when it is ready; an editor publishes it."
            )

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if not slug:
            max_length = Article._meta.get_field("slug").max_length
            slug = make_slug(self.cleaned_data.get("headline") or "", max_length=max_length)
        return slug

    def clean_topics(self):
        """Each topic typed must be a name: letters or digits, and short enough to store."""
        names = self.cleaned_data.get("topics") or []
        limit = Topic._meta.get_field("name").max_length
        for name in names:
            if not publishing.has_words(name):
                raise ValidationError(_("A topic needs letters or digits; one of those typed has none."))
            if len(name) > limit:
                raise ValidationError(
                    _("A topic name has at most %(limit)s characters; “%(start)s…” has %(length)s."),
                    params={"limit": limit, "start": name[:30], "length": len(name)},
                )
        return names

    def clean(self):
        cleaned = super().clean()
        self._apply_workflow(cleaned)
        if not self.can_publish and cleaned.get("status") == Article.Status.PUBLISHED:
            self.add_error("status", _("Only editors can publish. Send the article to review instead."))
        if cleaned.get("status") == Article.Status.PUBLISHED:
            self._refuse_unfinished(cleaned)
        if self.instance.pk:
            self._refuse_stale_save()
        return cleaned

    @property
    def workflow(self):
        """The workflow button pressed ("review", "publish", "schedule", "unpublish"), if any."""
        return self.data.get(WORKFLOW_FIELD, "") if self.is_bound else ""

    def _apply_workflow(self, cleaned):
        """Turn the button pressed into the status and time it stands for."""
        action = self.workflow
        if not action:
            return
        if action not in WORKFLOW_ACTIONS:
            raise ValidationError(_("Choose one of the buttons under the form."), code="workflow")
        if action != "review" and not self.can_publish:
            raise ValidationError(
                _("Only editors publish, schedule and unpublish. Send the article to review instead."),
                code="workflow",
            )
        now = timezone.now()
        if action == "review":
            cleaned["status"], cleaned["published_at"] = Article.Status.IN_REVIEW, None
        elif action == "publish":
            cleaned["status"], cleaned["published_at"] = Article.Status.PUBLISHED, now
        elif action == "schedule":
            when = cleaned.get("published_at")
            if when is None or when <= now:
                self.add_error(
                    "published_at",
                    gettext(
                        "To schedule, enter a future date and time here (%(zone)s time), then press Schedule again."
                    )
                    % {"zone": timezone.get_current_timezone_name()},
                )
            cleaned["status"] = Article.Status.PUBLISHED
        else:  # unpublish
            cleaned["status"], cleaned["published_at"] = Article.Status.DRAFT, None
            cleaned["is_featured"], cleaned["featured_position"] = False, None

    def _refuse_unfinished(self, cleaned):
        """The publish checks on what the form holds; the photo rows check themselves."""
        problems = publishing.text_problems(
            headline=cleaned.get("headline", ""),
            body=cleaned.get("body", ""),
            region_count=len(cleaned.get("regions") or ()),
            topic_count=len(cleaned.get("topics") or ()),
        )
        for problem, field in (
            (publishing.EMPTY_BODY, "body"),
            (publishing.NO_REGION, "regions"),
            (publishing.NO_TOPIC, "topics"),
        ):
            if problem in problems:
                self.add_error(field, gettext("A published story needs %(problem)s.") % {"problem": problem})
        if problems:
            raise ValidationError(
                _("Not published. %(needs)s"),
                code="unfinished",
                params={"needs": publishing.describe(problems)},
            )

    def _refuse_stale_save(self):
        current = self.stored or Article.objects.filter(pk=self.instance.pk).first()
        if current is None or self.cleaned_data.get("edit_token") == edit_token(current):
            return
        # Carry the current token in the re-displayed form: saving again is then a
        # deliberate choice made after reading this message, never a silent overwrite.
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_token")] = edit_token(current)
        raise ValidationError(
            _(
                "%(who)s saved this article after you opened it, so your changes were not saved. "
                "They are still in the form below. To keep the other version, open the article in a "
                "new tab and copy your changes there; to replace it with yours, save again."
            ),
            code="stale",
            params={"who": describe_last_change(current)},
        )


class ChooseTopicForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=None, empty_label=None, label=_("Topic"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.order_by("name")


class ChooseRegionForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            (region.pk, "— " * depth + region.name) for region, depth in Region.objects.tree()
        ]

    def clean_region(self):
        return Region.objects.get(pk=self.cleaned_data["region"])


class MergeTopicsForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=None,
        empty_label=None,
        label=_("Merge into"),
        help_text=_("The topic that stays; the others are removed."),
        error_messages={"invalid_choice": _("That topic no longer exists (merged or deleted meanwhile).")},
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = topics
