"""The small condition language of the rule set, evaluated on facts with a reason."""

from __future__ import annotations

from enum import Enum
from typing import Any

from balise.domain.aiact.facts import Facts

OPERATORS = ("!=", "~", "=", ">")  # `path~value`: the list at path contains value


def value_at(facts: Facts, path: str) -> Any:
    value: Any = facts
    for part in path.split("."):
        value = getattr(value, part)
    return value.value if isinstance(value, Enum) else value


def _atom(facts: Facts, text: str) -> tuple[bool, str]:
    for operator in OPERATORS:
        if operator in text:
            path, _, expected = text.partition(operator)
            actual = value_at(facts, path)
            if operator == "~":
                listed = expected in [getattr(item, "value", item) for item in actual]
                return listed, f"{path} {'lists' if listed else 'does not list'} {expected}"
            if operator == ">":
                result = actual is not None and float(actual) > float(expected)
            elif operator == "=":
                result = str(actual) == expected
            else:
                result = str(actual) != expected
            return result, f"{path} is {actual if actual is not None else 'null'}"
    actual = value_at(facts, text)
    if isinstance(actual, bool):
        return actual, f"{text} is {'true' if actual else 'false'}"
    if isinstance(actual, tuple):
        shown = ", ".join(str(getattr(item, "value", item)) for item in actual)
        return bool(actual), f"{text} is [{shown}]"
    return bool(actual), f"{text} is {actual!r}" if actual else f"{text} is not given"


def holds(facts: Facts, condition: Any) -> tuple[bool, list[str]]:
    """Whether the condition holds, and the facts that decided it."""
    if isinstance(condition, str):
        result, reason = _atom(facts, condition)
        return result, [reason]
    if isinstance(condition, dict):
        ((operator, operand),) = condition.items()
        if operator == "not":
            result, reasons = holds(facts, operand)
            return not result, reasons
        parts = [holds(facts, item) for item in operand]
        if operator == "all":
            failing = [reason for ok, reasons in parts if not ok for reason in reasons]
            if failing:
                return False, failing[:1]
            return True, [reason for _, reasons in parts for reason in reasons]
        if operator == "any":
            passing = [reason for ok, reasons in parts if ok for reason in reasons]
            if passing:
                return True, passing
            return False, [reason for _, reasons in parts for reason in reasons]
    raise ValueError(f"unknown condition {condition!r}")


def paths_in(condition: Any) -> list[str]:
    """Every facts path a condition reads: the rule set's tests check each one exists."""
    if isinstance(condition, str):
        for operator in OPERATORS:
            if operator in condition:
                return [condition.partition(operator)[0]]
        return [condition]
    ((_, operand),) = condition.items()
    if isinstance(operand, list):
        return [path for item in operand for path in paths_in(item)]
    return paths_in(operand)


def path_exists(path: str) -> bool:
    try:
        value_at(Facts(), path)
    except AttributeError:
        return False
    return True
