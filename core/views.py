from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.generic import TemplateView

from .dashboard import cards_for


class DashboardView(LoginRequiredMixin, TemplateView):
    """The home page of every role: counts and links from each app's providers."""

    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["cards"] = cards_for(user)
        context["grants"] = user.grants
        return context


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # No context processor can be trusted after a crash: render the bare template.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
