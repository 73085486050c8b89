"""Where other apps add to the stories' pages and to the newsroom's admin.

The articles app imports none of them: an app that shows something with each story
registers it here from its ``AppConfig.ready()``, and articles draws whatever is
registered. The engagement app (readers' comments and reactions, ``engagement/hooks.py``)
is the one that does today; without it the pages simply show no comments.

- ``card_annotations``: name -> a function returning an expression per story; every list
  of cards is annotated with each, in its one query (``ArticleQuerySet.for_cards``). The
  cards print ``comment_count`` when it is there.
- ``story_page_context``: functions ``(request, article)`` -> a dict merged into the story
  page's context (``views.article_page_context``).
- ``story_page_templates``: templates included at the foot of the story, in order.
- ``story_page_cookies``: cookies that make the story page personal to a reader (drawn
  for them alone, never cached: ``caching.public_page``).
- ``admin_annotations`` and ``admin_columns``: expressions for the admin's list of
  stories, and the columns (functions of a story, as ``list_display`` takes them) that
  show them, after the list's own.
- ``desk_sections``: functions ``(request, site)`` -> a section of the editors' desk
  (``admin/desk.py``) or None, shown before "Recently published".
"""

card_annotations = {}
story_page_context = []
story_page_templates = []
story_page_cookies = []
admin_annotations = {}
admin_columns = []
desk_sections = []
