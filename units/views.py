from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.mixins import RolePermissionMixin, ScopedObjectMixin

from . import selectors
from .enums import UnitKind


class UnitListView(RolePermissionMixin, ListView):
    """Units in the user's scope, searchable without accents, filterable by kind."""

    permission_required = "units.list_units"
    template_name = "units/unit_list.html"
    context_object_name = "units"
    paginate_by = 50

    def get_queryset(self):
        params = self.request.GET
        return selectors.unit_list(
            self.request.user,
            search=params.get("q", "").strip(),
            kind=params.get("kind", ""),
            active=params.get("active", ""),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = UnitKind.choices
        context["title"] = _("Đơn vị")
        return context


class UnitDetailView(ScopedObjectMixin, DetailView):
    permission_required = "units.view_unit"
    template_name = "units/unit_detail.html"
    context_object_name = "unit"

    def get_scoped_queryset(self):
        return selectors.units_visible_to(self.request.user).select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        context["children"] = unit.children.order_by("path")
        context["people"] = unit.people.order_by("full_name")
        context["ancestors"] = selectors.ancestors_of(unit)
        return context


class PersonListView(RolePermissionMixin, ListView):
    permission_required = "units.list_people"
    template_name = "units/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        return selectors.person_list(
            self.request.user, search=self.request.GET.get("q", "").strip()
        )


class PersonDetailView(ScopedObjectMixin, DetailView):
    permission_required = "units.view_person"
    template_name = "units/person_detail.html"
    context_object_name = "person"

    def get_scoped_queryset(self):
        return selectors.people_visible_to(self.request.user)
