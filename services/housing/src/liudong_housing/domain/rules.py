"""A rule broken by a command, naming each field at fault: the API answers one 422 with all."""

from __future__ import annotations


class RuleBroken(Exception):
    def __init__(self, *problems: tuple[str, str]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = list(problems)

    @property
    def field(self) -> str:
        return self.problems[0][0]

    @property
    def message(self) -> str:
        return self.problems[0][1]


def refuse_if(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise RuleBroken(*problems)
