"""The app's models: the newsroom's content, and what readers add to it."""

from .content import (
    Article,
    ArticleAuthor,
    Author,
    FrontPageStory,
    ImageCaption,
    Region,
    SourceOrganisation,
    TaggedArticle,
    Topic,
)
from .engagement import COMMENT_MAX_LENGTH, Comment, Page, Reaction

__all__ = [
    "COMMENT_MAX_LENGTH",
    "Article",
    "ArticleAuthor",
    "Author",
    "Comment",
    "FrontPageStory",
    "ImageCaption",
    "Page",
    "Reaction",
    "Region",
    "SourceOrganisation",
    "TaggedArticle",
    "Topic",
]
