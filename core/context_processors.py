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
