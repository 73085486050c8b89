"""What this app adds to the stories' pages, through ``articles.extensions``: the comment
count on each card, and the reactions and comments under each story."""

from django.db.models import Q

from articles.querysets import count_per_article

from . import services
from .forms import CommentForm
from .models import COMMENT_MAX_LENGTH, Comment

STORY_TEMPLATE = "engagement/_reader_features.html"


def approved_comment_count():
    """Each story's number of approved comments, as a subquery in the list's own query."""
    return count_per_article(Comment, Q(status=Comment.Status.APPROVED))


def story_page(request, article):
    """The story's approved comments, oldest first, an empty comment form (a POST that
    refused one draws the page again with its own), and the reader's answer to "Do you like
    this article?" with the counts so far once they have answered."""
    mine = services.my_reaction(article, services.existing_reader(request))
    return {
        "comments": list(article.comments.approved().order_by("created_at")),
        "comment_form": CommentForm(),
        "my_reaction": mine,
        "reaction_counts": services.reaction_counts(article) if mine else None,
        "comment_max_length": COMMENT_MAX_LENGTH,
    }
