"""A page changed or deleted announces its surrogate key (``articles.caching``)."""

from django.db.models.signals import post_delete, post_save

from articles import caching
from articles.caching import keys as page_keys
from articles.signals import connect_receiver, signal_name

from .models import Page


def _page_changed(sender, instance, **kwargs):
    caching.announce({page_keys.page(instance.pk)})


def connect():
    for signal in (post_save, post_delete):
        connect_receiver(signal, _page_changed, Page, signal_name(signal))
