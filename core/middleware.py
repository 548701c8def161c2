"""Request middleware of the project (sessions; request ids are added with the logs)."""

import time

from django.conf import settings

REFRESHED_KEY = "_refreshed_at"


class SessionRefreshMiddleware:
    """Keep an active session alive for SESSION_COOKIE_AGE after its last request.

    Django moves a session's expiry only when the session is saved. Saving it on every
    request (SESSION_SAVE_EVERY_REQUEST) would write the session table on every page view;
    here it is written at most once every SESSION_REFRESH_SECONDS, so a session expires
    between SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after the
    last request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or not session.session_key:
            return response
        if not session.get("_auth_user_id"):
            return response
        now = int(time.time())
        if now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_KEY] = now  # marks the session modified: saved with a new expiry
        return response


def mark_session_refreshed(sender, request, user, **kwargs):
    """At login the session is new: count it as refreshed (connected to user_logged_in)."""
    request.session[REFRESHED_KEY] = int(time.time())
