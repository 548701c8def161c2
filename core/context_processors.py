from django.conf import settings


def navigation(request):
    """Role flags for the navigation bar: each menu entry shows for the roles that use it."""
    user = getattr(request, "user", None)
    roles = set()
    if user is not None and user.is_authenticated:
        roles = {grant.role for grant in user.grants}
        if user.is_superuser:
            roles.add("admin")
    return {"nav_roles": roles, "site_name": getattr(settings, "SITE_NAME", "Thi đua")}


def notifications(request):
    """The bell's unread count: one query for a signed-in user, none for a visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .notifications import unread_count  # noqa: PLC0415 - keep settings import light

    return {"unread_notifications": unread_count(user)}
