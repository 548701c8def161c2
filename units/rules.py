"""Permission predicates on roles and on the unit subtree (the `rules` package).

An object takes part in scope checks through its `scope_unit` property: the unit
whose subtree decides who may see it (a unit itself, a person's unit, a dossier's unit).
"""

import rules

from .enums import Role


def _grants(user):
    return user.grants if getattr(user, "is_authenticated", False) else []


@rules.predicate
def is_admin(user):
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(g.role == Role.ADMIN for g in _grants(user))


def has_role(*roles):
    """Predicate: the user holds any of `roles` (in any body)."""

    @rules.predicate(name=f"has_role({', '.join(roles)})")
    def predicate(user):
        return any(g.role in roles for g in _grants(user))

    return predicate


is_unit_staff = has_role(Role.UNIT_STAFF)
is_campaign_office = has_role(Role.CAMPAIGN_OFFICE)
is_appraiser = has_role(Role.APPRAISER)
is_approver = has_role(Role.APPROVER)


def acts_for_body(user, body, *roles):
    """True when `user` holds one of `roles` on `body` itself: the office, appraiser and
    chairman act on what their own body issues (a province's office oversees a district's
    dossiers from above but does not accept them, nor its chairman approve them)."""
    return body is not None and any(
        g.body_id == body.pk for g in _grants(user) if not roles or g.role in roles
    )


def unit_in_scope(user, unit, *roles):
    """True when `unit` lies in the subtree of a body where `user` holds one of `roles`."""
    if unit is None or not unit.path:
        return False
    return any(
        unit.path.startswith(g.body.path) for g in _grants(user) if not roles or g.role in roles
    )


def in_scope_as(*roles):
    """Predicate: the object's `scope_unit` is in the subtree of one of the user's bodies
    for `roles` (any role when none is given)."""

    @rules.predicate(name=f"in_scope_as({', '.join(roles) or 'any'})")
    def predicate(user, obj):
        if obj is None:
            return False
        return unit_in_scope(user, obj.scope_unit, *roles)

    return predicate


unit_in_user_scope = in_scope_as()

rules.add_perm("units.access_admin_area", is_admin)
rules.add_perm("units.import_units", is_admin)


@rules.predicate
def is_superuser(user):
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def target_is_not_superuser(user, account):
    # A superuser is managed in the Django admin only: the office administrator can neither
    # see nor change one (changing its password would hand over the superuser's rights).
    return account is not None and not account.is_superuser


rules.add_perm("units.manage_accounts", is_admin)
rules.add_perm("units.change_account", is_admin & (is_superuser | target_is_not_superuser))
rules.add_perm("units.manage_units", is_admin)
rules.add_perm("units.list_units", rules.is_authenticated)
rules.add_perm("units.list_people", rules.is_authenticated)
