"""The API's shapes as schemas: they validate what the API sends and describe it in the
OpenAPI document (/api/v1/schema/)."""

from datetime import date
from typing import Any

from ninja import Field, Schema


class Link(Schema):
    slug: str
    name: str = Field(description="In the story's language where the name is written in it, else in English.")
    url: str = Field(description="The public page.")
    api_url: str


class MediaTopic(Schema):
    code: str = Field(description="The IPTC Media Topic's eight digits.")
    qcode: str = Field(description="medtop: and the code.")
    name: str
    uri: str


class TopicLink(Link):
    media_topics: list[MediaTopic] = Field(
        description="The IPTC Media Topics the newsroom mapped this topic to."
    )


class RegionLink(Link):
    kind: str = Field(description="country, province, city or other")
    iso_code: str | None = Field(description="ISO 3166-1 alpha-2 for a country, ISO 3166-2 for a province.")


class Rendition(Schema):
    name: str
    href: str
    contenttype: str
    width: int | None
    height: int | None


class Photo(Schema):
    caption: str
    credit: str
    alt_text: str
    placement: str = Field(description="lead (above the text) or inline")
    after_paragraph: int | None
    photographer: str | None
    copyright_notice: str | None
    usage_terms: str | None
    usable_until: date | None = Field(description="The last day the photo may be used, when its rights end.")
    renditions: list[Rendition]


class StoryCard(Schema):
    id: int
    url: str
    api_url: str
    ninjs_url: str
    language: str
    headline: str
    standfirst: str
    published_at: str
    modified_at: str | None = Field(
        description="The last revision of the text or note, else the publication."
    )
    byline: list[Link]
    topics: list[TopicLink]
    regions: list[RegionLink]
    lead_photo: Photo | None
    translation_of: int | None = Field(description="The id of the story this one translates.")


class Translation(Schema):
    id: int
    language: str
    headline: str
    url: str
    api_url: str


class Note(Schema):
    kind: str = Field(description="correction, update or editors-note")
    text: str
    noted_at: str


class Story(StoryCard):
    description: str
    dateline: str
    body_html: str
    body_text: str
    organisations: list[Link]
    photos: list[Photo]
    translations: list[Translation]
    notes: list[Note]


class StoryPage(Schema):
    next: str | None = Field(description="The next page's address, or null on the last page.")
    results: list[StoryCard]


class Names(Schema):
    slug: str
    name: str
    names: dict[str, str] = Field(description="The name in each language it is written in.")
    url: str
    api_url: str
    stories_url: str = Field(description="This API's list of its published stories.")


class Author(Names):
    role: str
    bio: str


class Topic(Names):
    description: str
    media_topics: list[MediaTopic]


class Region(Names):
    kind: str
    iso_code: str | None
    parent: str | None = Field(description="The slug of the place it lies in.")


class Organisation(Names):
    short_name: str
    kind: str
    website: str


class NamesPage(Schema):
    next: str | None
    results: list[Any]


class AuthorPage(NamesPage):
    results: list[Author]


class TopicPage(NamesPage):
    results: list[Topic]


class RegionPage(NamesPage):
    results: list[Region]


class OrganisationPage(NamesPage):
    results: list[Organisation]


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None
