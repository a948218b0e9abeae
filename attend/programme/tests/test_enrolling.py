"""Reading the addresses a facilitator pastes or uploads: pure, no database."""

import pytest

from attend.programme.enrolling import MAX_ADDRESSES, addresses_from_csv, addresses_from_text


def test_pasted_addresses_may_be_one_or_many_a_line_and_are_deduplicated():
    found = addresses_from_text("Ann@Example.test, bo@example.test\n\n<cy@example.test>; ann@example.test\n")

    assert found.problems == []
    assert found.emails == ["ann@example.test", "bo@example.test", "cy@example.test"]


def test_every_bad_address_is_named_by_its_line():
    found = addresses_from_text("ann@example.test\nnot-one\nbo@example.test oops@")

    assert [str(problem) for problem in found.problems] == [
        'Line 2: "not-one" is not a valid email address',
        'Line 3: "oops@" is not a valid email address',
    ]


def test_too_many_addresses_at_once_are_refused():
    text = "\n".join(f"p{n}@example.test" for n in range(MAX_ADDRESSES + 1))

    assert [str(problem) for problem in addresses_from_text(text).problems] == ["Add at most 2,000 people at once"]


def test_a_csv_file_gives_its_email_column_with_the_line_of_each_problem():
    data = b'name,Work email\nAnn,ann@example.test\n"Bo, the\nsecond",bo@example\nCy,cy@example.test\n'

    found = addresses_from_csv(data)

    assert found.emails == ["ann@example.test", "cy@example.test"]
    assert [str(problem) for problem in found.problems] == ['Line 3: "bo@example" is not a valid email address']


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,team\nAnn,Ward 7\n", "Line 1: The first line must name an email column"),
        (b"\xff\xfeemail\n", 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.'),
    ],
    ids=["no email column", "not UTF-8"],
)
def test_a_file_that_cannot_be_read_says_why(data, message):
    assert [str(problem) for problem in addresses_from_csv(data).problems] == [message]
