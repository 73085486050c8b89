"""What every newsroom admin screen shares so that no posted value gives a 500.

Two places in Django's admin query the database with values straight from the request:

- a type-ahead (autocomplete) field shown again after a form error looks up the values
  posted to label them; a value that is no key ("abc", a NUL, a number past the column)
  made that lookup fail;
- a list action filters the list by the ids posted as the selection, with the same
  failure for an id that is not one;
- a list's search (and every type-ahead, which searches the same way) sends what was
  typed into the query, and PostgreSQL refuses a NUL in it (``cms.admin_search``).

``SafeInputsMixin`` goes first in the bases of every ModelAdmin and inline of the project.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext

from cms.admin_search import NulFreeSearchMixin

from ..validators import row_id

# What a posted value that cannot be a key is read as: the form field then says "Select a
# valid choice" as for any unknown one, instead of sending it to the database (thirty digits
# overflow SQLite's integers there).
NOT_A_KEY = "not-a-key"


class _KnownKeysOnly:
    """An autocomplete widget that passes on, and labels, only values that can be keys of its model."""

    def _can_be_key(self, value):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.attname)
        try:
            target.run_validators(target.to_python(value))
        except (ValidationError, TypeError, ValueError):
            return False
        return True

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, list):
            return [item if self._can_be_key(item) else NOT_A_KEY for item in value]
        return value if value in (None, "") or self._can_be_key(value) else NOT_A_KEY

    def optgroups(self, name, value, attr=None):
        usable = [item for item in value if self._can_be_key(item)]
        return super().optgroups(name, usable, attr)


class KnownKeysAutocompleteSelect(_KnownKeysOnly, AutocompleteSelect):
    pass


class KnownKeysAutocompleteSelectMultiple(_KnownKeysOnly, AutocompleteSelectMultiple):
    pass


class SafeInputsMixin(NulFreeSearchMixin):
    """Autocomplete fields and list actions that refuse malformed input with a message, not a 500."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownKeysAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownKeysAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        chosen = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(row_id(value) is None for value in chosen):
            self.message_user(
                request,
                gettext("The selection holds something that is not an item of this list; nothing was done."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)
