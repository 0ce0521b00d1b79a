"""The memo the stages keep between builds: the same inputs give the result of last time."""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from alliancegen.memo import Memo
from alliancegen.routes import Route


class Thing:
    """An object compared by identity, as the model's objects are."""


def test_the_same_objects_give_the_result_computed_before() -> None:
    memo, thing, calls = Memo(), Thing(), []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    for _ in range(3):
        assert memo("key", (thing, date(2026, 11, 27)), compute) == 1
        memo.settle()
    assert calls == [1]


def test_another_object_or_another_value_is_computed_again() -> None:
    memo, thing = Memo(), Thing()
    assert memo("key", (thing, [thing]), lambda: "first") == "first"
    memo.settle()
    assert memo("key", (Thing(), [thing]), lambda: "other object") == "other object"
    memo.settle()
    assert memo("key", (thing, [thing, thing]), lambda: "longer list") == "longer list"


def test_equal_but_not_identical_objects_count_as_changed() -> None:
    memo = Memo()
    memo("key", {"a": Thing()}, lambda: "first")
    assert memo("key", {"a": Thing()}, lambda: "second") == "second"


def test_what_a_build_did_not_ask_for_is_let_go() -> None:
    memo, thing = Memo(), Thing()
    memo("old", thing, lambda: "kept?")
    memo.settle()
    memo.settle()  # a build that did not ask for "old"
    assert memo("old", thing, lambda: "computed again") == "computed again"


def test_a_new_route_with_the_same_context_objects_is_the_same_input() -> None:
    memo, thing = Memo(), Thing()
    memo("page", Route("a/", "page.html", {"item": thing, "entries": [(None, thing)]}), lambda: 1)
    memo.settle()
    same_again = Route("a/", "page.html", {"item": thing, "entries": [(None, thing)]})
    assert memo("page", same_again, lambda: 2) == 1
    assert memo("page", Route("a/", "page.html", {"item": Thing()}), lambda: 3) == 3


def test_equal_sets_of_plain_values_are_the_same_input_sets_of_objects_are_not() -> None:
    memo = Memo()
    memo("media", frozenset({PurePosixPath("media/a.jpg")}), lambda: 1)
    assert memo("media", frozenset({PurePosixPath("media/a.jpg")}), lambda: 2) == 1
    assert memo("media", frozenset({PurePosixPath("media/b.jpg")}), lambda: 3) == 3
    memo("things", frozenset({Thing()}), lambda: 4)
    assert memo("things", frozenset({Thing()}), lambda: 5) == 5


def test_what_was_kept_last_is_there_to_build_on_whatever_it_came_from() -> None:
    memo = Memo()
    memo("key", Thing(), lambda: "first")
    memo.settle()
    assert memo.last("key") == "first"
    assert memo.last("never asked") is None
