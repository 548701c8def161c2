"""Public pages (công khai), open to anyone without an account: the index of published
plans and issued award lists, each issued decision's list (names, post and unit, form;
nothing from the appraisal), and the verification page a certificate's QR code opens."""

import time

from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from campaigns.selectors import published_campaigns
from core.params import is_id
from core.workflow import WorkflowError

from . import selectors
from .enums import DecisionKind, DecisionState
from .models import Decision, DecisionLine

PUBLIC_STATES = (DecisionState.ISSUED, DecisionState.AMENDED, DecisionState.REVOKED)


def public_decisions():
    return (
        Decision.objects.filter(state__in=PUBLIC_STATES)
        .select_related("issuing_body", "form")
        .order_by("-issued_on", "-pk")
    )


def open_windows():
    from .models import CommentWindow  # noqa: PLC0415

    today = timezone.localdate()
    return CommentWindow.objects.filter(opens_on__lte=today, closes_on__gte=today).select_related(
        "round__campaign"
    )


class PublicIndexView(View):
    template_name = "decisions/public_index.html"

    def get(self, request):
        return render(
            request,
            self.template_name,
            {
                "campaigns": list(published_campaigns().select_related("issuing_body")[:50]),
                "decisions": list(public_decisions().filter(kind=DecisionKind.AWARD)[:50]),
                "windows": list(open_windows()),
            },
        )


class PublicDecisionView(View):
    template_name = "decisions/public_decision.html"

    def get(self, request, pk):
        decision = public_decisions().filter(pk=pk).first()
        if decision is None:
            raise Http404
        rows = selectors.decision_lines(decision)
        return render(
            request,
            self.template_name,
            {
                "decision": decision,
                "sections": [
                    (heading, members)
                    for heading, _kind, members in selectors.list_sections(decision, rows)
                ],
            },
        )


class VerifyView(View):
    """/xac-minh/<code>/: valid, revoked or unknown, in words anyone understands."""

    template_name = "decisions/verify.html"

    def get(self, request, code):
        line = (
            DecisionLine.objects.filter(
                verification_code=code.strip().upper()[:12], decision__state__in=PUBLIC_STATES
            )
            .select_related("decision__issuing_body", "decision__form", "revoked_by")
            .first()
        )
        status = "unknown"
        if line is not None:
            status = "revoked" if line.revoked_by_id else "valid"
        return render(
            request,
            self.template_name,
            {"line": line, "status": status, "code": code[:12]},
            status=404 if status == "unknown" else 200,
        )


class PublicCommentView(View):
    """The round's proposed list while its comment window is open, and the góp ý form.
    A filled honeypot or a form sent faster than a person could is thanked and dropped."""

    template_name = "decisions/public_comment.html"

    def _window(self, round_pk):
        from .models import CommentWindow  # noqa: PLC0415

        window = (
            CommentWindow.objects.filter(round_id=round_pk)
            .select_related("round__campaign__issuing_body")
            .first()
        )
        if window is None or window.opens_on > timezone.localdate():
            raise Http404
        return window

    def _render(self, request, window, *, values=None, error="", status=200):
        from . import comments  # noqa: PLC0415

        open_now = window.is_open(timezone.localdate())
        return render(
            request,
            self.template_name,
            {
                "window": window,
                "round": window.round,
                "open": open_now,
                "nominations": list(comments.proposed(window.round)) if open_now else [],
                "values": values or {},
                "error": error,
                "stamp": signing.dumps(time.time(), salt=STAMP_SALT),
            },
            status=status,
        )

    def get(self, request, round_pk):
        return self._render(request, self._window(round_pk))

    def post(self, request, round_pk):
        from . import comments  # noqa: PLC0415

        window = self._window(round_pk)
        values = {
            key: request.POST.get(key, "") for key in ("nomination", "author", "contact", "text")
        }
        if request.POST.get("website") or not _human_pace(request.POST.get("stamp", "")):
            messages.success(request, _("Cảm ơn bạn đã góp ý."))
            return redirect("public:comment", round_pk=round_pk)
        try:
            comments.add_comment(
                window.round,
                int(values["nomination"]) if is_id(values["nomination"]) else 0,
                author=values["author"],
                contact=values["contact"],
                text=values["text"],
                sender=comments.sender_of(request),
            )
        except comments.TooMany as error:
            return self._render(request, window, values=values, error=str(error), status=429)
        except WorkflowError as error:
            return self._render(request, window, values=values, error=str(error), status=400)
        messages.success(request, _("Cảm ơn bạn đã góp ý."))
        return redirect("public:comment", round_pk=round_pk)


STAMP_SALT = "decisions.public-comment"


def _human_pace(stamp):
    from .comments import MIN_SECONDS  # noqa: PLC0415

    try:
        sent = signing.loads(stamp, salt=STAMP_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return False
    return time.time() - float(sent) >= MIN_SECONDS
