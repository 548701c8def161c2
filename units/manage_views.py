"""The office administrator's pages: accounts with their roles, and units.

Vietnamese pages of the app itself; the Django admin stays for superusers. Every write goes
through units.services (with a history row); no page shows a password hash or the
superuser/staff flags, and superuser accounts are not listed here at all.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.mixins import RolePermissionMixin, ScopedObjectMixin
from core.params import is_id

from . import services
from .forms import AccountForm, UnitForm, role_grant_formset
from .models import Unit, User


def accounts_for(user):
    qs = User.objects.select_related("unit").prefetch_related("role_grants__body")
    if not user.is_superuser:
        qs = qs.filter(is_superuser=False)
    return qs.order_by("username")


class AccountListView(RolePermissionMixin, ListView):
    permission_required = "units.manage_accounts"
    template_name = "units/account_list.html"
    context_object_name = "accounts"
    paginate_by = 50

    def get_queryset(self):
        qs = accounts_for(self.request.user)
        search = self.request.GET.get("q", "").strip()
        if search:
            qs = qs.filter(
                Q(username__icontains=search)
                | Q(full_name__icontains=search)
                | Q(email__icontains=search)
            )
        return qs


def _grants(formset):
    return [
        (form.cleaned_data["role"], form.cleaned_data["body"], form.cleaned_data["signing_mode"])
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and form.cleaned_data.get("role")
        and form.cleaned_data.get("body")
    ]


class AccountFormMixin:
    template_name = "units/account_form.html"

    def render_form(self, request, form, formset, account=None, status=200):
        return render(
            request,
            self.template_name,
            {"form": form, "formset": formset, "account": account},
            status=status,
        )

    def save(self, request, form, formset, account):
        if not (form.is_valid() and formset.is_valid()):
            # Everything typed comes back; only the password fields are emptied.
            return self.render_form(request, form, formset, account, status=400)
        if account is not None:  # the form wrote its values on `account`: compare to the row
            account = User.objects.get(pk=account.pk)
        with transaction.atomic():
            account = services.save_account(
                account, form.cleaned_data, password=form.cleaned_data["password1"], by=request.user
            )
            services.set_role_grants(account, _grants(formset), by=request.user)
        messages.success(request, _("Đã lưu tài khoản %(name)s.") % {"name": account})
        return redirect("units:account_list")


class AccountCreateView(RolePermissionMixin, AccountFormMixin, View):
    permission_required = "units.manage_accounts"

    def get(self, request):
        return self.render_form(request, AccountForm(), role_grant_formset())

    def post(self, request):
        form = AccountForm(request.POST)
        return self.save(request, form, role_grant_formset(request.POST), None)


class AccountUpdateView(ScopedObjectMixin, AccountFormMixin, View):
    permission_required = "units.change_account"

    def get_scoped_queryset(self):
        return accounts_for(self.request.user)

    def get(self, request, pk):
        account = self.get_object()
        return self.render_form(
            request, AccountForm(instance=account), role_grant_formset(instance=account), account
        )

    def post(self, request, pk):
        account = self.get_object()
        form = AccountForm(request.POST, instance=account)
        formset = role_grant_formset(request.POST, instance=account)
        return self.save(request, form, formset, account)


class UnitCreateView(RolePermissionMixin, View):
    permission_required = "units.manage_units"
    template_name = "units/unit_form.html"

    def get(self, request):
        initial = {}
        parent = request.GET.get("cap-tren")
        if parent and is_id(parent):
            initial["parent"] = Unit.objects.filter(pk=parent).first()
        return render(request, self.template_name, {"form": UnitForm(initial=initial)})

    def post(self, request):
        form = UnitForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        unit = services.save_unit(None, form.cleaned_data, by=request.user)
        messages.success(request, _("Đã thêm đơn vị %(name)s.") % {"name": unit})
        return redirect("units:unit_detail", pk=unit.pk)


class UnitUpdateView(ScopedObjectMixin, View):
    permission_required = "units.manage_units"
    template_name = "units/unit_form.html"

    def get_scoped_queryset(self):
        return Unit.objects.all()

    def get_permission_object(self):
        return None  # the administrator manages every unit

    def get(self, request, pk):
        unit = self.get_object()
        return render(request, self.template_name, {"form": UnitForm(instance=unit), "unit": unit})

    def post(self, request, pk):
        unit = self.get_object()
        form = UnitForm(request.POST, instance=unit)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "unit": unit}, status=400)
        unit = services.save_unit(Unit.objects.get(pk=unit.pk), form.cleaned_data, by=request.user)
        messages.success(request, _("Đã lưu đơn vị %(name)s.") % {"name": unit})
        return redirect("units:unit_detail", pk=unit.pk)
