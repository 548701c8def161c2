"""The evaluators' grid has no states: its history is events on each cell."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Workflow

from .models import Score, TieVote


class ScoreEvents(Workflow):
    name = "score"
    model = Score
    event_labels = {
        "enter": _("Nhập kết quả chấm điểm"),
        "change": _("Sửa kết quả chấm điểm"),
    }
    noun = _("điểm chấm")


class TieVoteEvents(Workflow):
    name = "tie_vote"
    model = TieVote
    event_labels = {
        "enter": _("Nhập số phiếu khi bằng điểm"),
        "change": _("Sửa số phiếu khi bằng điểm"),
    }
    noun = _("phiếu bầu")


SCORE = ScoreEvents()
TIE_VOTE = TieVoteEvents()
