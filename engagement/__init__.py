"""Reader engagement: reactions to a story and moderated comments under it.

It depends on articles (the stories it hangs under, their page and the page cache);
articles never imports it, but draws what it registers in ``articles.extensions``.
"""
