"""Scope-aware reads: every list of units, people or users starts here."""

from django.db.models import Count, Q

from core.text import folded_search

from .models import Person, Unit, User
from .rules import is_admin


def _scope_paths(user, roles):
    if not getattr(user, "is_authenticated", False):
        return []
    return user.scope_paths(*roles)


def units_visible_to(user, *roles):
    """Units the user may see: everything for an admin, else the subtrees of their bodies."""
    if is_admin(user):
        return Unit.objects.all()
    return Unit.objects.within_paths(_scope_paths(user, roles))


def people_visible_to(user, *roles):
    qs = Person.objects.select_related("unit")
    if is_admin(user):
        return qs
    paths = _scope_paths(user, roles)
    if not paths:
        return qs.none()
    condition = Q()
    for path in paths:
        condition |= Q(unit__path__startswith=path)
    return qs.filter(condition)


def users_visible_to(user):
    if is_admin(user):
        return User.objects.select_related("unit").prefetch_related("role_grants__body")
    return User.objects.none()


def users_holding(role, body):
    """Active accounts granted `role` on `body` itself: whom a notification to that body
    goes to (a unit's staff, an issuing body's campaign office)."""
    return User.objects.filter(
        is_active=True, role_grants__role=role, role_grants__body=body
    ).distinct()


def unit_list(user, *, search="", kind="", active=""):
    """Units for the list page: scope first, then filters; people counted in the query."""
    qs = (
        units_visible_to(user)
        .select_related("parent")
        .annotate(people_count=Count("people"))
        .order_by("path")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if active == "1":
        qs = qs.filter(is_active=True)
    elif active == "0":
        qs = qs.filter(is_active=False)
    if search:
        qs = folded_search(qs, search)
    return qs


def person_list(user, *, search="", unit_id=None):
    qs = people_visible_to(user).order_by("unit__path", "full_name", "pk")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if search:
        qs = folded_search(qs, search)
    return qs


def ancestors_of(unit):
    """The unit's ancestors, root first, in one query from the materialised path."""
    segments = [seg for seg in unit.path.split(".") if seg][:-1]
    if not segments:
        return []
    pks = [int(seg) for seg in segments]
    by_pk = Unit.objects.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]
