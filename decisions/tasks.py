import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from .enums import BatchState
from .models import CertificateBatch, Decision

logger = logging.getLogger(__name__)


@shared_task(bind=True)
def task_render_certificates(self, *, batch_id):
    """Render a decision's certificates into one PDF, reporting progress twice over: to
    the Celery result (celery-progress) and on the batch row, which the page polls, so the
    bar survives a reload and a restarted browser."""
    from celery_progress.backend import ProgressRecorder  # noqa: PLC0415

    from .certificates import render_certificates  # noqa: PLC0415 - WeasyPrint only here

    batch = CertificateBatch.objects.select_related("decision").filter(pk=batch_id).first()
    if batch is None:
        logger.info("Certificate batch %s is gone.", batch_id)
        return 0
    recorder = ProgressRecorder(self)

    def progress(done, total):
        CertificateBatch.objects.filter(pk=batch.pk).update(done=done, total=total)
        if self.request.id:
            recorder.set_progress(done, total, description="")

    CertificateBatch.objects.filter(pk=batch.pk).update(state=BatchState.RUNNING)
    try:
        data = render_certificates(
            batch.decision, layout=batch.layout, base_url=batch.base_url, progress=progress
        )
    except Exception as error:
        CertificateBatch.objects.filter(pk=batch.pk).update(
            state=BatchState.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    batch.refresh_from_db()
    batch.file.save(
        f"giay-khen/{batch.decision_id}/{batch.pk}-{batch.layout}.pdf",
        ContentFile(data),
        save=False,
    )
    batch.save(update_fields=["file", "updated_at"])
    # A job's progress, not a business state: one UPDATE, as for RUNNING and FAILED above.
    CertificateBatch.objects.filter(pk=batch.pk).update(
        state=BatchState.DONE, done=batch.total, finished_at=timezone.now()
    )
    return batch.total


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_notify_decision_issued(*, decision_id, log_id=None):
    """Tell the staff of every unit whose nominee is on the issued decision, and the
    office: the number, the date and the list. Once per issue (the key is its history row)."""
    from django.urls import reverse  # noqa: PLC0415

    from core.notifications import (  # noqa: PLC0415
        notify,
        transition_key,
        transition_log,
        without_actor,
    )
    from units.enums import Role  # noqa: PLC0415
    from units.selectors import users_holding  # noqa: PLC0415

    decision = (
        Decision.objects.select_related("issuing_body", "form").filter(pk=decision_id).first()
    )
    if decision is None:
        return 0
    lines = list(decision.lines.select_related("nomination__dossier__unit").order_by("order", "pk"))
    units = {line.nomination.dossier.unit for line in lines if line.nomination_id}
    users = list(users_holding(Role.CAMPAIGN_OFFICE, decision.issuing_body))
    for unit in sorted(units, key=lambda u: u.path):
        users += list(users_holding(Role.UNIT_STAFF, unit))
    log = transition_log(decision, log_id)
    return notify(
        "decision_issued",
        decision,
        recipients=without_actor(users, log),
        context={"decision": decision, "lines": lines},
        key=transition_key(decision, log, "issue"),
        link=reverse("public:decision", args=[decision.pk]),
    )
