"""The inside pages' order: articles packed so that little room is left, near the editor's order.

Pure Python on measured heights (no layout): each inside article is as deep as it
was laid out (its opening and its balanced columns); the pages take them in a
flow, and a headline that would stand with fewer than three lines below it
moves to the next page, leaving the rest of its page empty. An article that runs
over a page's foot jumps (its jump line and the head of its continuation cost
room); one that may not jump starts at the next page's top instead. Which order leaves
the least room empty, moves the editor's most important articles least and
starts every pinned article on its page is found by simulated annealing
(Strecker and Hennig's finding: close to optimal where greedy placement is
clearly worse), from a fixed seed: the same issue always gets the same order.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Flow:
    """The pages' geometry, in CSS px."""

    page_height: float  # the text block's height
    start_page: int  # where the first inside article may start
    start_y: float  # and how far down that page
    min_start: float  # room an opening needs at a page's foot (opening and three lines)
    gap: float  # between two articles: the rule and its space
    jump: float = 0.0  # what a jump adds: its line at the break, its head on the next page


@dataclass(frozen=True)
class Item:
    ident: str
    height: float
    rank: int  # 0: the editor's most important inside article
    pin: int | None = None
    opening: float = 0.0
    jumps: bool = True  # False (``jump: false``): it starts at a page's top rather than jump


def simulate(order: list[Item], flow: Flow) -> tuple[float, int, dict[str, int]]:
    """Room left empty (px, the last page's foot not counted), pages used, start pages."""
    page, y = flow.start_page, flow.start_y
    waste = 0.0
    starts: dict[str, int] = {}
    for item in order:
        if y > 0:
            y += flow.gap
        need = item.opening + flow.min_start
        whole = not item.jumps and y + item.height > flow.page_height >= item.height
        if y > 0 and (flow.page_height - y < need or (item.pin and item.pin > page) or whole):
            waste += max(flow.page_height - y, 0)
            page, y = page + 1, 0.0
        starts[item.ident] = page
        y += item.height
        if y > flow.page_height and item.jumps:  # cut at the foot, continued overleaf
            y += flow.jump
        while y > flow.page_height:
            y -= flow.page_height
            page += 1
    return waste, page, starts


def cost(order: list[Item], flow: Flow) -> float:
    """Empty room, plus the editor's order disturbed (weighted by importance), plus
    every pin missed (heavily), plus every page more than needed."""
    waste, pages, starts = simulate(order, flow)
    moved = sum(
        max(position - item.rank, 0) * (len(order) - item.rank)
        for position, item in enumerate(order)
    )
    missed = sum(1 for item in order if item.pin and starts[item.ident] != item.pin)
    return waste + 6.0 * moved + 1e6 * missed + 0.5 * flow.page_height * pages


def best_order(items: list[Item], flow: Flow, steps: int = 4000) -> list[Item]:
    """The order of least :func:`cost`, by annealing over swaps and moves (seed 0)."""
    if len(items) < 2:
        return list(items)
    chance = random.Random(0)
    current = list(items)
    current_cost = cost(current, flow)
    best, best_cost = list(current), current_cost
    temperature = flow.page_height / 4
    for step in range(steps):
        candidate = list(current)
        a, b = chance.randrange(len(items)), chance.randrange(len(items))
        if chance.random() < 0.5:
            candidate[a], candidate[b] = candidate[b], candidate[a]
        else:
            candidate.insert(b, candidate.pop(a))
        candidate_cost = cost(candidate, flow)
        heat = temperature * (1 - step / steps) + 1e-9
        if candidate_cost <= current_cost or chance.random() < math.exp(
            (current_cost - candidate_cost) / heat
        ):
            current, current_cost = candidate, candidate_cost
            if current_cost < best_cost:
                best, best_cost = list(current), current_cost
    return best
