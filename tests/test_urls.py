import pytest
from django.urls import resolve, reverse


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("core:dashboard", [], "/bang-dieu-khien/"),
        ("units:unit_list", [], "/don-vi/"),
        ("units:unit_detail", [7], "/don-vi/7/"),
        ("units:person_list", [], "/can-bo/"),
        ("units:person_detail", [7], "/can-bo/7/"),
        ("units:import", [], "/don-vi/nhap-tu-tep/"),
        ("units:import_template", ["units", "xlsx"], "/don-vi/nhap-tu-tep/mau/units.xlsx"),
        ("login", [], "/tai-khoan/dang-nhap/"),
        ("logout", [], "/tai-khoan/dang-xuat/"),
        ("password_change", [], "/tai-khoan/doi-mat-khau/"),
        ("password_reset", [], "/tai-khoan/quen-mat-khau/"),
    ],
)
def test_reverse_and_resolve(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).view_name == name
