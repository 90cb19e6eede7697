"""Hardening (issue 16, items 8 and 9): texts no database stores, JSON nested too deeply, and the
start of an uploaded text file, on plain inputs."""

from __future__ import annotations

import json

import pytest

from balise.domain.shared.csvfiles import check_text_start, decode_text
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.jsonfiles import MAX_JSON_DEPTH, nesting_depth, read_json_document
from balise.domain.shared.text import unstorable_texts


def test_lone_surrogates_and_nul_characters_are_named_by_path() -> None:
    body = json.loads('{"a": "ok \\ud83d\\ude00", "b": ["x", "\\ud800"], "c": {"d": "\\u0000"}}')
    found = unstorable_texts(body)
    assert list(found) == ["b.1", "c.d"]
    assert found["b.1"].params == {"code": "D800"}
    assert "NUL" in found["c.d"].key
    assert unstorable_texts({"\udfff": "key"}) == {"body": unstorable_texts("\udfff")["body"]}
    assert unstorable_texts({"fine": ["é", 1, None, True]}) == {}


def test_the_walk_needs_no_recursion() -> None:
    deep: object = "\x00"
    for _ in range(5000):
        deep = [deep]
    assert list(unstorable_texts(deep)) == [".".join(["0"] * 5000)]


@pytest.mark.parametrize(
    ("document", "depth"),
    [(1, 0), ([], 1), ({"a": [1, {"b": []}]}, 4), ([[[[]]]], 4)],
)
def test_nesting_depth(document: object, depth: int) -> None:
    assert nesting_depth(document) == depth


def test_json_documents_too_deep_are_refused_by_name() -> None:
    assert read_json_document("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is not None
    for text in ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "[" * 100_000):
        with pytest.raises(ValidationError) as raised:
            read_json_document(text)
        assert "nested too deeply" in raised.value.message.key
    with pytest.raises(ValidationError) as raised:
        read_json_document("{nope")
    assert raised.value.message.key == "This file is not valid JSON."


def test_the_start_of_a_text_file() -> None:
    assert check_text_start(b"\xef\xbb\xbfa;b\n") == "a;b\n"
    assert check_text_start("é".encode() * 3 + "é".encode()[:1]) == "ééé"  # a cut character
    for head, key in (
        (b"", "The file is empty."),
        (b" \r\n", "The file is empty."),
        (b"a,b\x00", "This file holds binary data (NUL bytes), not text. Choose the text file."),
    ):
        with pytest.raises(ValidationError) as raised:
            check_text_start(head)
        assert raised.value.message.key == key
    with pytest.raises(ValidationError) as raised:
        check_text_start("a;b\nSyst\u00e8me;x\n".encode("latin-1"))
    assert raised.value.message.params == {"line": 2, "byte": "0xE8", "column": 5}
    with pytest.raises(ValidationError):
        decode_text("é".encode()[:1])  # a whole file that ends in half a character
