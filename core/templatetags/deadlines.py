"""Deadlines as offices write them: {{ deadline|deadline_words }} -> "hết ngày 29/01/2027",
{{ deadline|days_left }} -> "còn 3 ngày" (Vietnam dates)."""

from django import template

from core.reminders import days_left_words, deadline_words, vietnam_today

register = template.Library()


@register.filter(name="deadline_words")
def deadline_words_filter(deadline):
    return deadline_words(deadline) if deadline else ""


@register.filter
def days_left(deadline):
    return days_left_words(deadline, vietnam_today()) if deadline else ""
