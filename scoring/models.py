"""The evaluators' entries for a scored plan: one value per unit and criterion, with its
evidence, and the council's vote that ends the tie-breaks. Points, totals and ranks are
computed (scoring.points), never stored."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Criterion
from core.models import TimeStampedModel
from units.models import Unit


class Score(TimeStampedModel):
    """What was measured for `unit` on `criterion` (a rate, verified items, or points)."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE, related_name="scores"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("kết quả"), max_digits=12, decimal_places=2)
    evidence = models.TextField(_("minh chứng"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("điểm chấm")
        verbose_name_plural = _("điểm chấm")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "unit"], name="score_one_per_cell")
        ]

    def __str__(self):
        return f"{self.unit} — {self.criterion}"

    @property
    def scope_unit(self):
        return self.criterion.campaign.issuing_body


class TieVote(TimeStampedModel):
    """Votes a unit received when the council voted to break a tie (the last tie-break)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tie_votes"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    votes = models.PositiveIntegerField(_("số phiếu"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("phiếu bầu khi bằng điểm")
        verbose_name_plural = _("phiếu bầu khi bằng điểm")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="tie_vote_one_per_unit")
        ]

    def __str__(self):
        return f"{self.unit} — {self.votes}"

    @property
    def scope_unit(self):
        return self.campaign.issuing_body
