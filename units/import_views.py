"""Bulk import of units and people from a spreadsheet (admin role only)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.http import CSV, XLSX, file_response
from core.mixins import RolePermissionMixin

from .forms import ImportForm
from .import_templates import template_csv, template_workbook
from .importers import PEOPLE, UNITS, import_units_file


class UnitImportView(RolePermissionMixin, View):
    permission_required = "units.import_units"
    template_name = "units/unit_import.html"

    def get(self, request):
        return render(
            request,
            self.template_name,
            {"form": ImportForm(), "title": gettext_lazy("Nhập từ tệp")},
        )

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        context = {"form": form, "title": gettext_lazy("Nhập từ tệp")}
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        result = import_units_file(
            form.cleaned_data["file"], kind=form.cleaned_data["kind"], by=request.user
        )
        if not result.ok:
            # Nothing was written; the chosen kind stays selected, the file must be re-chosen.
            context["errors"] = result.errors
            return render(request, self.template_name, context, status=400)
        label = _("đơn vị") if result.kind == UNITS else _("cán bộ")
        messages.success(
            request,
            _("Đã nhập %(label)s: thêm mới %(created)s, cập nhật %(updated)s.")
            % {"label": label, "created": result.created, "updated": result.updated},
        )
        return redirect("units:unit_list" if result.kind == UNITS else "units:person_list")


class ImportTemplateView(RolePermissionMixin, View):
    permission_required = "units.import_units"

    def get(self, request, kind, fmt):
        if kind not in (UNITS, PEOPLE) or fmt not in ("xlsx", "csv"):
            raise Http404
        name = "mau-nhap-don-vi" if kind == UNITS else "mau-nhap-can-bo"
        if fmt == "xlsx":
            return file_response(template_workbook(kind), f"{name}.xlsx", XLSX)
        return file_response(template_csv(kind), f"{name}.csv", CSV)
