"""Forms of the shared pages."""

from django import forms

from . import notifications


class NotificationPreferencesForm(forms.Form):
    """One box per kind of notification: e-mail too (ticked) or in the app only."""

    def __init__(self, *args, chosen, **kwargs):
        super().__init__(*args, **kwargs)
        for event, label in notifications.EVENTS.items():
            self.fields[event] = forms.BooleanField(
                label=label, required=False, initial=chosen.get(event, True)
            )

    def email_events(self):
        return [event for event in notifications.EVENTS if self.cleaned_data.get(event)]
