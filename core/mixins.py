"""View mixins shared by every app.

Both rely on Django's AccessMixin: an anonymous visitor is sent to the login page, a
logged-in user without the permission gets 403.
"""

from django.views.generic.detail import SingleObjectMixin
from rules.contrib.views import PermissionRequiredMixin


class ScopedObjectMixin(PermissionRequiredMixin, SingleObjectMixin):
    """Fetch the object through a scope-aware selector, then check its object permission.

    Subclasses set `permission_required` and define `get_scoped_queryset()`. An object
    outside the user's scope is never fetched, so its URL answers 404; one in scope
    without the permission answers 403.
    """

    def dispatch(self, request, *args, **kwargs):
        # Anonymous visitors go to the login page before any object lookup (no 404 leak).
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_scoped_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.get_scoped_queryset()

    def get_object(self, queryset=None):
        if queryset is None:
            if not hasattr(self, "_scoped_object"):
                self._scoped_object = super().get_object()
            return self._scoped_object
        return super().get_object(queryset)

    def get_permission_object(self):
        return self.get_object()


class RolePermissionMixin(PermissionRequiredMixin):
    """For views without an object (lists, create pages): a permission on no object."""

    def get_permission_object(self):
        return None
