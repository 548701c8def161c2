from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView, ListView, TemplateView

from . import notifications
from .dashboard import cards_for
from .forms import NotificationPreferencesForm
from .mixins import ScopedObjectMixin
from .models import Notification
from .workflow import WorkflowError, history_rows

REASON_MAX_LENGTH = 2000


class DashboardView(LoginRequiredMixin, TemplateView):
    """The home page of every role: counts and links from each app's providers."""

    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["cards"] = cards_for(user)
        context["grants"] = user.grants
        return context


# --- the notification centre: each user sees and changes their own rows only -----------


class NotificationListView(LoginRequiredMixin, ListView):
    """The user's notifications, newest first (unread ones stand out)."""

    template_name = "core/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 20

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user).only(
            "pk", "title", "body", "link", "created_at", "read_at", "recipient_id"
        )


def _own_notification(request, pk):
    # Someone else's notification answers 404, as if it did not exist.
    return get_object_or_404(Notification, pk=pk, recipient=request.user)


def _back(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class NotificationOpenView(LoginRequiredMixin, View):
    """Clicking a notification: mark it read and go to what it is about."""

    http_method_names = ["post"]

    def post(self, request, pk):
        notification = notifications.mark_read(_own_notification(request, pk))
        link = notification.link
        if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
            return HttpResponseRedirect(link)
        return redirect("core:notification_list")


class NotificationReadView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        notifications.mark_read(_own_notification(request, pk))
        return HttpResponseRedirect(_back(request, reverse("core:notification_list")))


class NotificationReadAllView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        count = notifications.mark_all_read(request.user)
        if count:
            messages.success(
                request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count}
            )
        return HttpResponseRedirect(_back(request, reverse("core:notification_list")))


class NotificationPreferencesView(LoginRequiredMixin, FormView):
    template_name = "core/notification_preferences.html"
    form_class = NotificationPreferencesForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["chosen"] = notifications.preferences_for(self.request.user)
        return kwargs

    def form_valid(self, form):
        notifications.set_preferences(self.request.user, form.email_events())
        messages.success(self.request, _("Đã lưu cách nhận thông báo."))
        return redirect("core:notification_preferences")


@never_cache
@require_safe
def healthz(request):
    """Monitoring: JSON with the database, Redis and worker state; 503 when one is down.
    Open to anyone (no login), so it says nothing but ok / not ok and ages."""
    from .health import health  # noqa: PLC0415

    report = health()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the Vietnamese page instead of Django's English one (403)."""
    return render(request, "errors/csrf_failure.html", status=403)


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # No context processor can be trusted after a crash: render the bare template.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def run_transition(request, workflow, perform, obj, action, reason=""):
    """Call `perform(obj, action, reason)` (the engine or an app's service wrapper) and
    tell the user what happened in Vietnamese; True when the move was made."""
    try:
        perform(obj, action, reason)
    except WorkflowError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        messages.error(
            request,
            _("Bạn không có quyền thực hiện thao tác này với %(noun)s.") % {"noun": workflow.noun},
        )
    else:
        messages.success(
            request, _("Đã thực hiện: %(action)s.") % {"action": workflow.action_label(action)}
        )
        return True
    return False


class WorkflowTransitionView(ScopedObjectMixin, View):
    """POST <object>/chuyen/<action>/: apply one action of `workflow` through the engine.

    Subclasses set `workflow` (a core.workflow.Workflow), `permission_required` (the view
    permission: the engine checks the action's own), `get_scoped_queryset()` and
    `detail_url_name`; `perform()` may call the app's service wrapper instead. The object is
    fetched in scope (404 outside), the action must be one the workflow declares (404
    otherwise), and every refusal comes back as a Vietnamese message on the object's page.
    """

    workflow = None
    detail_url_name = ""

    def get_success_url(self, obj):
        return reverse(self.detail_url_name, args=[obj.pk])

    def perform(self, obj, action, reason):
        return self.workflow.transition(obj, action, by=self.request.user, reason=reason)

    def post(self, request, *args, action, **kwargs):
        if action not in self.workflow.action_labels:
            raise Http404
        obj = self.get_object()
        reason = request.POST.get("reason", "").strip()[:REASON_MAX_LENGTH]
        if action in self.workflow.confirm_required and request.POST.get("confirm") != "1":
            messages.error(
                request,
                _("Hãy đánh dấu ô xác nhận trước khi «%(action)s».")
                % {"action": self.workflow.action_label(action).lower()},
            )
        else:
            run_transition(request, self.workflow, self.perform, obj, action, reason)
        return redirect(self.get_success_url(obj))


class HistoryView(ScopedObjectMixin, DetailView):
    """The history page of any object: every move and event, with Vietnamese labels.

    Subclasses set `permission_required`, `get_scoped_queryset()`, `history_title`
    and `detail_url_name` (the "back" link); `get_subtitle()` may add a line.
    """

    template_name = "core/history.html"
    history_title = ""
    detail_url_name = ""

    def get_subtitle(self):
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "history_title": self.history_title,
                "subject": self.object,
                "subtitle": self.get_subtitle(),
                "history": history_rows(self.object),
                "back_url": reverse(self.detail_url_name, args=[self.object.pk]),
            }
        )
        return context


# --- the delivery log of reminders and digests (campaign office, administrator) ----------


class DeliveryLogView(LoginRequiredMixin, View):
    """What the reminders sent to whom, when, through which channel; failures and retries.
    The campaign office sees the rows about units inside its bodies; others get 404."""

    template_name = "core/delivery_log.html"
    paginate_by = 20

    def get(self, request):
        from django.core.paginator import Paginator  # noqa: PLC0415

        from . import deliveries  # noqa: PLC0415

        if not deliveries.can_see_log(request.user):
            raise Http404
        filters = deliveries.filters_from(request.GET)
        page = Paginator(deliveries.deliveries(request.user, filters), self.paginate_by).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            self.template_name,
            {
                "rows": deliveries.rows_of(page.object_list),
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
                "filters": filters,
                "campaigns": deliveries.campaigns_in_log(request.user),
                "units": deliveries.units_in_log(request.user),
                "channels": deliveries.CHANNELS,
                "statuses": deliveries.STATUSES,
            },
        )
