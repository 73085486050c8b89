"""The app's models: the newsroom's content."""

from .content import (
    Article,
    ArticleAuthor,
    Author,
    FormerSlug,
    FrontPageStory,
    ImageCaption,
    MediaTopic,
    Photo,
    Region,
    SourceOrganisation,
    StoryNote,
    TaggedArticle,
    Topic,
)

__all__ = [
    "Article",
    "ArticleAuthor",
    "Author",
    "FormerSlug",
    "FrontPageStory",
    "ImageCaption",
    "MediaTopic",
    "Photo",
    "Region",
    "SourceOrganisation",
    "StoryNote",
    "TaggedArticle",
    "Topic",
]
