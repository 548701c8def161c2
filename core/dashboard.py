"""A small registry of dashboard cards, so each app contributes its own counts.

Apps register a provider in their AppConfig.ready(); the dashboard view calls every
provider with the user. A provider returns a list of `Card` and must run a fixed number
of queries whatever the data size.
"""

from dataclasses import dataclass

_providers = []


@dataclass(frozen=True)
class Card:
    title: str
    count: int | None
    url: str
    link_label: str
    icon: str = "bi-grid"
    order: int = 100
    # One line under the count, e.g. the nearest deadline ("Hạn gần nhất: hết ngày …").
    note: str = ""


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def cards_for(user):
    cards = []
    for provider in _providers:
        cards.extend(provider(user))
    return sorted(cards, key=lambda card: card.order)
