"""Load test of Thi đua (issue 15): `make loadtest` runs this file with Locust, headless,
against gunicorn on PostgreSQL + Redis on 127.0.0.1 (scripts/loadtest.sh builds the
database and starts the processes). Not a test of the suite and never run by CI.

Simulated users, in the proportions of the demo accounts (units/demo_data/accounts.csv:
13 unit staff, 5 campaign offices, 1 approver), each logged in once through the login form
(CSRF token from the page, the demo password), waiting until all are logged in (so the
pages are measured under the full load, not the login burst), and then clicking through the
app as a person would, following only links and forms the pages show them:

- unit staff: their dossier list, a dossier's page and, when the dossier is theirs to
  edit (draft or returned), its form, saved back through the same form with one text
  changed (a real write through the service, with a history row); the same for their
  reports (list, report page, form, save). A unit whose report is not started yet starts
  it from the report list.
- offices: the dossier list (all, then filtered by state), a dossier's page, the report
  list, a report dashboard and its two Excel exports.
- approver: the approval board (all, then the proposals only); while proposals remain,
  selects one, reviews the confirmation page (quota after approval) and confirms (on the
  demo the round's quota is used up, so the app refuses each with its quota message).
- everyone: the floor page, the password-change form (the floor of bench/: a minimal
  logged-in page through the same middleware, session, navbar and templates), in the same
  run, so each page's p95 reads as a ratio to the floor's.

Every answer must be exactly what the page should answer (200, or 302 to the right place
after a post); anything else, any 4xx/5xx and any redirect to the login page is a failure.
"""

import itertools
import os
import random
import re
import threading
import time

import lxml.html
from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "ThiDua@2026")  # README, "Demo accounts"
USERS = int(os.environ.get("LOADTEST_USERS", "50"))

UNIT_STAFF = [f"donvi{n}" for n in range(1, 10)] + [
    "donvi_dsong",
    "donvi_unghoe",
    "donvi_bmt",
    "donvi_sgtvt",
]
OFFICES = ["vanphong", "vanphong_dsong", "vanphong_unghoe", "vanphong_bmt", "vanphong_sgtvt"]
APPROVERS = ["chutich"]

_share = len(UNIT_STAFF) + len(OFFICES) + len(APPROVERS)
APPROVER_COUNT = max(1, round(USERS * len(APPROVERS) / _share))
OFFICE_COUNT = max(1, round(USERS * len(OFFICES) / _share))
UNIT_COUNT = max(1, USERS - APPROVER_COUNT - OFFICE_COUNT)

LOGIN_WAIT_SECONDS = 120
FLOOR = "/tai-khoan/doi-mat-khau/"
LOGIN = "/tai-khoan/dang-nhap/"
# Which link a simulated user clicks: not a secret.
pick = random.Random().choice  # noqa: S311
MARK = " (đã rà soát)"  # toggled on and off by the saves: a real change each time


def _links(html, pattern):
    return sorted(set(re.findall(rf'href="({pattern})"', html)))


def _form(html, predicate):
    """The first form of the page for which predicate(form) holds, with the values a
    browser would send: lxml's successful controls, minus what sits in a <template>
    (the formset's empty row) and with a textarea's first newline dropped (HTML parsing
    drops it; lxml keeps it)."""
    document = lxml.html.fromstring(html)
    for form in document.forms:
        if not predicate(form):
            continue
        values = []
        for name, value in form.form_values():
            element = form.inputs[name]
            element = element[0] if isinstance(element, list | tuple) else element
            if _in_template(element):
                continue
            if getattr(element, "tag", "") == "textarea" and value.startswith("\n"):
                value = value[1:]
            values.append((name, value))
        return form, values
    return None, None


def _in_template(element):
    parent = element.getparent()
    while parent is not None:
        if parent.tag == "template":
            return True
        parent = parent.getparent()
    return False


def _toggle(values, field):
    """Flip MARK at the end of the first value of `field`."""
    for index, (name, value) in enumerate(values):
        if name == field:
            value = value[: -len(MARK)] if value.endswith(MARK) else value + MARK
            values[index] = (name, value)
            return True
    return False


def _error(response):
    """What went wrong when no answer came (status 0: reset, refused, timeout)."""
    error = getattr(response, "error", None)
    return f" {type(error).__name__}: {error}" if error else ""


def _multipart(values):
    """The form as a browser posts an enctype=multipart/form-data form with no file."""
    return [(name, (None, value.encode())) for name, value in values]


class ThiDuaUser(HttpUser):
    abstract = True
    wait_time = between(2, 6)  # seconds a person spends reading before the next click
    accounts = ()
    _counter = None
    _lock = threading.Lock()
    _logged_in = [0]  # shared by every user class

    def on_start(self):
        with self._lock:
            number = next(type(self)._counter)
        self.username = self.accounts[number % len(self.accounts)]
        page = self.get(LOGIN, "login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page or "")
        with self.client.post(
            LOGIN,
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token[1] if token else "",
            },
            name="login (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or LOGIN in response.headers.get("Location", ""):
                response.failure(f"{self.username}: login answered {response.status_code}")
        # Wait for everyone's login (the costliest request: PBKDF2, on purpose) before the
        # first page, so the pages are measured with all users working, not under the
        # login burst of the ramp-up. Failed logins count too; two minutes at most.
        ThiDuaUser._logged_in[0] += 1
        deadline = time.monotonic() + LOGIN_WAIT_SECONDS
        while ThiDuaUser._logged_in[0] < USERS and time.monotonic() < deadline:
            time.sleep(0.5)  # gevent-patched: the other users run meanwhile

    def get(self, url, name):
        """GET that must answer 200 (no redirect: a redirect to the login page or from
        an edit form to the read-only page is a failure here). Returns the text."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(
                    f"{self.username} GET {url}: {response.status_code} "
                    f"{response.headers.get('Location', '') or _error(response)}"
                )
                return None
            return response.text

    def post_form(self, url, values, name, expect_location):
        with self.client.post(
            url,
            files=_multipart(values),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.startswith(expect_location):
                response.failure(
                    f"{self.username} POST {url}: {response.status_code} {location} "
                    + (re.sub(r"\s+", " ", response.text)[:300] if response.text else "")
                    + _error(response)
                )
                return False
            return True

    @task(2)
    def floor(self):
        self.get(FLOOR, "floor: đổi mật khẩu")


class UnitStaff(ThiDuaUser):
    weight = len(UNIT_STAFF)
    fixed_count = UNIT_COUNT
    accounts = UNIT_STAFF
    _counter = itertools.count()

    @task(5)
    def dossier(self):
        listing = self.get("/khen-thuong/", "unit: danh sách hồ sơ")
        if not listing:
            return
        dossiers = _links(listing, r"/khen-thuong/ho-so/\d+/")
        if not dossiers:
            return
        detail_url = pick(dossiers)
        detail = self.get(detail_url, "unit: hồ sơ")
        edit_url = f"{detail_url}sua/"
        if not detail or f'href="{edit_url}"' not in detail:
            return  # submitted: the unit only reads it
        form_page = self.get(edit_url, "unit: sửa hồ sơ")
        if not form_page:
            return
        _, values = _form(form_page, lambda f: f.method == "POST" and not f.action)
        if values is None or not _toggle(values, "nominations-0-achievement_summary"):
            return
        self.post_form(edit_url, values, "unit: lưu hồ sơ (POST)", edit_url)

    @task(5)
    def report(self):
        listing = self.get("/bao-cao/", "unit: danh sách báo cáo")
        if not listing:
            return
        start, values = _form(
            listing, lambda f: f.method == "POST" and re.search(r"/bao-cao/\d+/lap/$", f.action)
        )
        if start is not None:  # the report is not started yet: start it, as the page offers
            self.post_form(start.action, values, "unit: lập báo cáo (POST)", "/bao-cao/don-vi/")
            return
        reports = _links(listing, r"/bao-cao/don-vi/\d+/")
        if not reports:
            return
        detail_url = pick(reports)
        detail = self.get(detail_url, "unit: báo cáo")
        edit_url = f"{detail_url}sua/"
        if not detail or f'href="{edit_url}"' not in detail:
            return  # sent: the unit only reads it
        form_page = self.get(edit_url, "unit: sửa báo cáo")
        if not form_page:
            return
        _, values = _form(form_page, lambda f: f.method == "POST" and not f.action)
        if values is None or not _toggle(values, "section_1"):
            return
        self.post_form(edit_url, values, "unit: lưu báo cáo (POST)", edit_url)


class Office(ThiDuaUser):
    weight = len(OFFICES)
    fixed_count = OFFICE_COUNT
    accounts = OFFICES
    _counter = itertools.count()

    @task(5)
    def review_dossiers(self):
        listing = self.get("/khen-thuong/", "office: danh sách hồ sơ")
        if not listing:
            return
        self.get("/khen-thuong/?state=submitted", "office: danh sách hồ sơ (lọc)")
        dossiers = _links(listing, r"/khen-thuong/ho-so/\d+/")
        if dossiers:
            self.get(pick(dossiers), "office: hồ sơ")

    @task(4)
    def report_dashboard(self):
        listing = self.get("/bao-cao/", "office: danh sách báo cáo")
        if not listing:
            return
        dashboards = _links(listing, r"/bao-cao/\d+/tong-hop/")
        if not dashboards:
            return
        dashboard = self.get(pick(dashboards), "office: tổng hợp báo cáo")
        if not dashboard:
            return
        exports = _links(dashboard, r"/bao-cao/\d+/tong-hop/[a-z-]+\.xlsx\?nam=\d+")
        if exports:
            self.get(pick(exports).replace("&amp;", "&"), "office: xuất Excel")


class Approver(ThiDuaUser):
    weight = len(APPROVERS)
    fixed_count = APPROVER_COUNT
    accounts = APPROVERS
    _counter = itertools.count()

    @task(5)
    def approve(self):
        listing = self.get("/khen-thuong/", "approver: danh sách hồ sơ")
        boards = _links(listing or "", r"/khen-thuong/dot/\d+/phe-duyet/")
        if not boards:
            return
        board_url = pick(boards)
        self.get(board_url, "approver: bảng phê duyệt")
        board = self.get(f"{board_url}?state=proposed", "approver: bảng phê duyệt (lọc)")
        if not board:
            return
        form, values = _form(
            board, lambda f: f.method == "POST" and f.xpath(".//input[@name='page_nomination']")
        )
        if form is None:
            return
        proposed = [value for name, value in values if name == "page_nomination"]
        if not proposed:
            return  # everything on the board is decided: the approver only reads it
        chosen = pick(proposed)
        review = [(n, v) for n, v in values if n in ("csrfmiddlewaretoken", "back")]
        review += [("nomination", chosen), ("action", "approve")]
        with self.client.post(
            board_url,
            files=_multipart(review),
            name="approver: xem lại trước khi duyệt (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                # Another approver decided it between the two pages: the board says so.
                return
            if response.status_code != 200:
                response.failure(
                    f"{self.username} POST {board_url}: {response.status_code}{_error(response)}"
                )
                return
            confirm_page = response.text
        _, confirm = _form(
            confirm_page,
            lambda f: f.method == "POST" and f.xpath(".//input[@name='confirmed']"),
        )
        if confirm is None:
            return
        self.post_form(board_url, confirm, "approver: xác nhận phê duyệt (POST)", board_url)
