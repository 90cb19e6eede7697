"""The one CSV reader every import uses: byte-order mark, delimiters, encodings, line numbers."""

from __future__ import annotations

import pytest

from balise.domain.shared.csvfiles import CsvRow, decode_text, read_csv_table, sniff_delimiter
from balise.domain.shared.errors import ValidationError


def test_a_comma_file_gives_its_header_and_rows_with_line_numbers() -> None:
    table = read_csv_table("slug,kind\nalpha,company\nbeta,public_body\n")

    assert table.header == ("slug", "kind")
    assert table.rows == (CsvRow(2, ("alpha", "company")), CsvRow(3, ("beta", "public_body")))
    assert table.delimiter == ","


def test_the_utf8_byte_order_mark_is_dropped_from_bytes_and_from_text() -> None:
    data = "\ufeffslug,name_fr\nalpha,Société\n".encode()

    assert read_csv_table(data).header == ("slug", "name_fr")
    assert read_csv_table(data.decode("utf-8")).header == ("slug", "name_fr")
    assert read_csv_table(data).rows[0].cells == ("alpha", "Société")


def test_semicolon_files_from_excel_in_belgium_are_read() -> None:
    data = "\ufeffslug;name_fr;min\r\nalpha;Ville, centre;1,5\r\n".encode()

    table = read_csv_table(data)

    assert table.delimiter == ";"
    assert table.header == ("slug", "name_fr", "min")
    assert table.rows == (CsvRow(2, ("alpha", "Ville, centre", "1,5")),)


def test_tab_separated_files_are_read() -> None:
    assert read_csv_table("a\tb\n1\t2\n").rows == (CsvRow(2, ("1", "2")),)
    assert sniff_delimiter("only\n") == ","
    assert sniff_delimiter('"a;b",c\n') == ","


def test_a_latin1_file_is_refused_with_the_line_and_the_byte_that_fail() -> None:
    data = "slug,name_fr\nalpha,Alpha\nbeta,Société\n".encode("latin-1")

    with pytest.raises(ValidationError) as caught:
        read_csv_table(data)

    message = caught.value.errors["file"]
    assert message.key.startswith("This file is not UTF-8 text")
    assert "Windows-1252" in message.key
    assert message.params == {"line": 3, "byte": "0xE9", "column": 10}


def test_a_utf16_file_is_named_as_such() -> None:
    with pytest.raises(ValidationError) as caught:
        decode_text("slug,kind\n".encode("utf-16"))

    assert "UTF-16" in caught.value.errors["file"].key


def test_the_error_names_the_field_it_is_given() -> None:
    with pytest.raises(ValidationError) as caught:
        read_csv_table(b"a,b\n\xff,1\n", field="respondents")

    assert list(caught.value.errors) == ["respondents"]


def test_an_empty_file_has_no_header_and_no_rows() -> None:
    for empty in (b"", "", "\ufeff", "\n\n", " , \n"):
        table = read_csv_table(empty)
        assert (table.header, table.rows) == ((), ())


def test_quoted_line_breaks_stay_in_their_cell_and_lines_count_from_where_a_row_starts() -> None:
    text = 'slug,address\nalpha,"Rue Haute 1\n1000 Bruxelles"\nbeta,"Grand-Place"\n'

    table = read_csv_table(text)

    assert table.rows == (
        CsvRow(2, ("alpha", "Rue Haute 1\n1000 Bruxelles")),
        CsvRow(4, ("beta", "Grand-Place")),
    )


def test_blank_lines_are_skipped_but_counted() -> None:
    table = read_csv_table("a,b\n\n1,2\n,\n3,4\n")

    assert [row.line for row in table.rows] == [3, 5]


def test_a_field_too_large_for_csv_is_a_translated_error_naming_the_line() -> None:
    text = "a,b\n1,2\n3," + "x" * 200_000 + "\n"

    with pytest.raises(ValidationError) as caught:
        read_csv_table(text)

    assert caught.value.errors["file"].params == {"line": 3}
