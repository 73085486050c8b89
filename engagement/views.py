"""The readers' posts under a story: their answer to "Do you like this article?" and
their comments, and the answer to a post that arrives without a valid CSRF token."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.csrf import csrf_failure as default_csrf_failure
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.views import article_page_context, render_story_page
from cms.client_ip import client_ip

from . import services
from .forms import CommentForm
from .models import Reaction


def _published_article(pk):
    return get_object_or_404(Article.objects.published().for_article_page(), pk=pk)


@require_POST
def react(request, pk):
    """ "Do you like this article?": one answer per reader, changed by answering again."""
    article = _published_article(pk)
    value = request.POST.get("value")
    if value not in Reaction.Value.values:
        return HttpResponseBadRequest(_("Answer yes or no."))
    token, new_reader = services.reader_token(request)
    counts = services.react(article, token, value)
    if request.headers.get("Accept", "").startswith("application/json"):
        response = JsonResponse({"value": value, **counts})
    else:
        response = redirect(article.get_absolute_url() + "#reactions")
    if new_reader:
        services.remember_reader(response, request, token)
    return response


@require_POST
def post_comment(request, pk):
    """A reader's comment: kept for moderation, or refused with the form and text kept."""
    try:
        article = _published_article(pk)
    except Http404:
        # Taken down (or deleted) since the reader opened it, or never published: one answer
        # for all, naming nothing of the story, with the reader's own text to copy.
        body = request.POST.get("body", "")
        return render(request, "engagement/comment_not_posted.html", {"body": body}, status=404)
    form = CommentForm(request.POST)
    status = 400
    if not article.comments_open:
        form.add_error(None, _("Comments are closed for this article."))
        status = 403
    elif form.is_valid():
        ip = client_ip(request)
        saved = services.submit_comment(form, article=article, ip=ip, honeypot_filled=form.honeypot_filled)
        if saved is None and form.honeypot_filled:
            # Software filling the hidden field gets its usual answer, and no more rows.
            return redirect(article.get_absolute_url() + "#comments")
        if saved is None:
            limit, window = services.parse_rate(settings.COMMENT_RATE_LIMIT)
            minutes = max(1, int(window.total_seconds() // 60))
            # Translators: the first part of "You have posted 5 comments in the last 10 minutes".
            comments = ngettext("%(count)d comment", "%(count)d comments", limit) % {"count": limit}
            # Translators: the second part of "You have posted 5 comments in the last 10 minutes".
            period = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
            form.add_error(
                None,
                _(
                    # Translators: comments is "5 comments", period is "10 minutes".
                    "You have posted %(comments)s in the last %(period)s, the most we accept. "
                    "Please wait a little and post again: your text is still here."
                )
                % {"comments": comments, "period": period},
            )
            status = 429
        else:
            # Shown by the comment form, where the reader is looking (#comment-posted).
            messages.success(
                request,
                _("Thank you. Your comment will appear once an editor has approved it."),
                extra_tags="comment",
            )
            return redirect(article.get_absolute_url() + "#comment-posted")
    context = article_page_context(request, article) | {"comment_form": form}
    return render_story_page(request, context, status=status)


def csrf_refused(request, reason=""):
    """A form posted without a valid CSRF token (``CSRF_FAILURE_VIEW``).

    A story page served from an HTTP accelerator carries no token (it is the same page for
    every reader); reader.js fetches one before a form is sent. Without JavaScript the
    comment or the answer arrives without one: the reader gets the story page back, drawn
    for them with a token, the comment they wrote still in the form, and is asked to send
    it again. Anything else gets Django's own answer.
    """
    match = request.resolver_match
    if match is None or match.view_name not in ("engagement:comment", "engagement:react"):
        return default_csrf_failure(request, reason)
    try:
        article = _published_article(match.kwargs["pk"])
    except Http404:
        return default_csrf_failure(request, reason)
    if match.view_name == "engagement:comment":
        messages.warning(
            request, _("For your safety, please send your comment again: it is still in the form.")
        )
        form = CommentForm(initial={name: request.POST.get(name, "") for name in CommentForm.base_fields})
    else:
        messages.warning(request, _("For your safety, please give your answer again."))
        form = None
    context = article_page_context(request, article)
    if form is not None:
        context["comment_form"] = form
    response = render_story_page(request, context, status=403)
    add_never_cache_headers(response)
    return response
