from celery import shared_task
from django.core.management import call_command


@shared_task
def task_clean_login_attempts():
    """Drop login-attempt logs older than 30 days (django-axes keeps them otherwise)."""
    call_command("axes_reset_logs", age=30)
