from django import forms

from .kinds import KINDS
from .models import Delivery


class PreferencesForm(forms.Form):
    """One choice per registered notification kind."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in sorted(KINDS.items(), key=lambda kv: str(kv[1])):
            self.fields[code] = forms.ChoiceField(
                label=label, choices=Delivery.choices, initial=current.get(code, Delivery.IMMEDIATE),
                widget=forms.RadioSelect,
            )
