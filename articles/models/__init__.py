"""The app's models: the newsroom's content."""

from .content import (
    Article,
    ArticleAuthor,
    Author,
    FrontPageStory,
    ImageCaption,
    Photo,
    Region,
    SourceOrganisation,
    TaggedArticle,
    Topic,
)

__all__ = [
    "Article",
    "ArticleAuthor",
    "Author",
    "FrontPageStory",
    "ImageCaption",
    "Photo",
    "Region",
    "SourceOrganisation",
    "TaggedArticle",
    "Topic",
]
