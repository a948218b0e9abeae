"""Spotting text that could identify a patient or colleague, so the journal can warn before saving. Pure, no database.

Phone numbers are from Ofcom's ranges for drama (07700 900xxx, 0113 496 0xxx, 020 7946 0xxx); NHS numbers are the
published examples and the 999 test range; email addresses use reserved example domains.
"""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from attend.reflect.identifiers import LABELS, Finding, find_identifiers, is_valid_nhs_number


def found(text: str) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in find_identifiers(text)]


def weighted_sum(digits: str) -> int:
    """The NHS number rule written the other way round: with weights 10 down to 1, a valid number sums to 0 mod 11."""
    return sum(int(digit) * weight for digit, weight in zip(digits, range(10, 10 - len(digits), -1), strict=False))


def check_digit_for(first_nine: str) -> int:
    """0-9, or 10 when no tenth digit can make the total divisible by 11."""
    return -weighted_sum(first_nine) % 11


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda digits: len(set(digits)) > 1)


@st.composite
def valid_nhs_numbers(draw) -> str:
    first_nine = draw(nine_digits.filter(lambda digits: check_digit_for(digits) != 10))
    return first_nine + str(check_digit_for(first_nine))


# The check digit


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "9434765870", "4505577104", "9990000018"])
def test_known_nhs_numbers_are_valid(number):
    assert is_valid_nhs_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "9434765918",  # last digit wrong
        "4010232138",
        "9434765991",  # two digits swapped
        "1234567890",  # 123456789 calls for a check digit of 10, which is never issued
        "1234567899",
        "943476591",  # too short
        "94347659190",  # too long
        "943 476 5919",  # separators are the caller's to remove
        "943-476-5919",
        "94347659l9",
        "",
        "٩٤٣٤٧٦٥٩١٩",  # Arabic-Indic digits are digits to Python, not to the NHS
    ],
)
def test_numbers_that_fail_the_check_are_not_nhs_numbers(number):
    assert not is_valid_nhs_number(number)


@pytest.mark.parametrize("digit", "0123456789")
def test_a_number_of_one_repeated_digit_passes_the_arithmetic_but_is_not_an_nhs_number(digit):
    number = digit * 10
    assert weighted_sum(number) % 11 == 0
    assert not is_valid_nhs_number(number)


@given(nine_digits)
def test_any_nine_digits_with_their_check_digit_are_valid_unless_the_check_digit_would_be_10(first_nine):
    check_digit = check_digit_for(first_nine)
    valid_endings = [digit for digit in "0123456789" if is_valid_nhs_number(first_nine + digit)]
    assert valid_endings == ([] if check_digit == 10 else [str(check_digit)])


@given(valid_nhs_numbers(), st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_changing_any_single_digit_of_a_valid_number_makes_it_invalid(number, position, change):
    changed_digit = str((int(number[position]) + change) % 10)
    assert not is_valid_nhs_number(number[:position] + changed_digit + number[position + 1 :])


@given(valid_nhs_numbers(), st.integers(min_value=0, max_value=8))
def test_swapping_two_neighbouring_different_digits_makes_a_valid_number_invalid(number, position):
    assume(number[position] != number[position + 1])
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    assert not is_valid_nhs_number(swapped)


# Each kind, in the kind of sentence people write


def test_a_finding_says_what_it_is_and_exactly_where():
    text = "I checked the wristband against NHS number 943 476 5919 before giving the dose."
    start = text.index("943")
    assert find_identifiers(text) == [
        Finding(kind="nhs_number", label="an NHS number", text="943 476 5919", start=start, end=start + 12)
    ]


def test_every_kind_has_a_plain_english_label():
    assert LABELS == {
        "nhs_number": "an NHS number",
        "hospital_number": "a hospital or MRN number",
        "phone_number": "a phone number",
        "date_of_birth": "a date of birth",
        "postcode": "a postcode",
        "email": "an email address",
        "named_person": "a title and surname",
    }


@pytest.mark.parametrize(
    ("sentence", "nhs_number"),
    [
        ("I checked the wristband against 943 476 5919 before the dose.", "943 476 5919"),
        ("The referral letter had 9434765919 on it but the wristband did not.", "9434765919"),
        ("His notes were filed under 943-476-5919 by mistake.", "943-476-5919"),
        ("NHS no. 401 023 2137 was missing from the drug chart.", "401 023 2137"),
        ("(NHS 4010232137)", "4010232137"),
    ],
)
def test_an_nhs_number_is_found_as_ten_digits_or_three_three_four(sentence, nhs_number):
    assert found(sentence) == [("nhs_number", nhs_number)]


@pytest.mark.parametrize(
    "sentence",
    [
        "I checked the wristband against 943 476 5918 before the dose.",
        "The reference 1234567890 came from the incident system.",
        "Mixed separators 943 476-5919 are not how anyone writes a number.",
        "The batch code 12 943 476 5919 ran on.",  # part of a longer run of grouped digits
    ],
)
def test_ten_digits_that_fail_the_check_or_the_shape_are_not_an_nhs_number(sentence):
    assert found(sentence) == []


@given(valid_nhs_numbers(), st.sampled_from(["{}{}{}", "{} {} {}", "{}-{}-{}"]))
def test_any_valid_nhs_number_is_found_however_it_is_grouped(number, layout):
    written = layout.format(number[:3], number[3:6], number[6:])
    assert found(f"We confirmed NHS number {written} at handover.") == [("nhs_number", written)]


@given(valid_nhs_numbers(), st.integers(min_value=1, max_value=9))
def test_no_ten_digit_number_with_a_wrong_check_digit_is_called_an_nhs_number(number, change):
    wrong = number[:9] + str((int(number[9]) + change) % 10)
    assert found(f"We confirmed NHS number {wrong} at handover.") == []


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("The patient (DOB 03/04/1957) was frightened and I did not notice.", "03/04/1957"),
        ("She was born 3 April 1957 and had lived alone since her husband died.", "3 April 1957"),
        ("I wrote his date of birth: 1957-04-03 on the wrong form.", "1957-04-03"),
        ("D.O.B. 3/4/57 was on the label, the name was not.", "3/4/57"),
        ("dob 03.04.1957 on the handover sheet", "03.04.1957"),
        ("He was born on the 3rd of April 1957, the same day as my father.", "3rd of April 1957"),
        ("Her birth date is April 3, 1957.", "April 3, 1957"),
        ("The baby was born on 12 Sept 2024 at 32 weeks.", "12 Sept 2024"),
        ("Date of Birth - 04/23/1957 (American format on the transfer letter)", "04/23/1957"),
    ],
)
def test_a_date_is_a_date_of_birth_when_a_cue_says_so(sentence, date):
    assert found(sentence) == [("date_of_birth", date)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The meeting on 03/04/2025 ran late.",
        "I was born to do this job, and on 03/04/2025 I remembered why.",
        "She was born in 1957.",  # a year alone is not a date of birth
        "He was born 3 April, a spring baby.",
        "DOB 45/99/1957 is not a date at all.",
        "Looking after a newborn on 03/04/2025 was new to me.",
    ],
)
def test_a_date_without_a_birth_cue_is_not_a_date_of_birth(sentence):
    assert found(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "phone_number"),
    [
        ("I gave her daughter my mobile, 07700 900123, which I now regret.", "07700 900123"),
        ("The son rang from +44 7700 900123 twice in the night.", "+44 7700 900123"),
        ("I rang the GP surgery on 0113 496 0000 for the history.", "0113 496 0000"),
        ("The care home (020 7946 0958) had no record of the fall.", "020 7946 0958"),
        ("Her landline, (0113) 496 0000, was on the front sheet.", "(0113) 496 0000"),
        ("Call +44 (0)20 7946 0958 was scribbled on the notes.", "+44 (0)20 7946 0958"),
        ("07700900123 was written on the whiteboard.", "07700900123"),
        ("His brother abroad had 0044 7700 900123.", "0044 7700 900123"),
        ("Mobile 07700 900 123 3 times a day, she said.", "07700 900 123"),
    ],
)
def test_a_uk_mobile_or_landline_is_a_phone_number(sentence, phone_number):
    assert found(sentence) == [("phone_number", phone_number)]


@pytest.mark.parametrize(
    "sentence",
    [
        "I rang ext 4321 and nobody answered.",
        "In 2024 and 2025 the ward was short-staffed.",
        "We called 999 and then 111.",
        "The helpline 0800 123 4567 was closed.",  # a service, not a person
        "The long number 077009001234 is a reference, not a phone.",
        "A dose of 0.5 mg at 01:00.",
    ],
)
def test_short_numbers_years_and_services_are_not_phone_numbers(sentence):
    assert found(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "postcode"),
    [
        ("The home visit in LS1 4AP was the first time I met her family.", "LS1 4AP"),
        ("He had travelled in from SW1A 1AA on his own.", "SW1A 1AA"),
        ("she lived at m1 1ae, near the station", "m1 1ae"),
        ("The address was EC1A 1BB.", "EC1A 1BB"),
        ("Discharge address LS14AP.", "LS14AP"),
        ("Postcode: B2 4QA", "B2 4QA"),
        ("The transport went to M1 1ST.", "M1 1ST"),  # in capitals, an ending like ST is a postcode
    ],
)
def test_a_uk_postcode_is_found_in_capitals_or_lower_case(sentence, postcode):
    assert found(sentence) == [("postcode", postcode)]


@pytest.mark.parametrize(
    "sentence",
    [
        "As an FY1 2nd rotation doctor I felt out of my depth.",
        "The lift to Ward A2 3rd floor was broken.",
        "It took B2 1hr to turn around.",
        "Handover at 2pm and again at 8am.",
        "I take B12 tablets.",
        "The code ab12cd was on the locker.",  # no space and not in capitals
        "QA1 2AB uses a first letter no postcode has.",
    ],
)
def test_ordinals_units_and_codes_are_not_postcodes(sentence):
    assert found(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "email"),
    [
        ("I emailed jane.doe@example.nhs.uk about it without thinking.", "jane.doe@example.nhs.uk"),
        ("Her son (tom+work@example.org) asked for the notes.", "tom+work@example.org"),
        ("Send it to ward7-team@example.net.", "ward7-team@example.net"),
    ],
)
def test_an_email_address_is_found(sentence, email):
    assert found(sentence) == [("email", email)]


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("I copied MRN 12345678 onto the wrong request form.", "12345678"),
        ("The label said hospital no: A1234567 but the wristband did not.", "A1234567"),
        ("hosp no. 7654321 appeared on both sets of notes", "7654321"),
        ("The patient ID: RXX12345678 was on the handover list.", "RXX12345678"),
        ("unit number 456789 was missing", "456789"),
        ("Her MRN is 00123456.", "00123456"),
        ("Hospital Number RXX-1234567", "RXX-1234567"),
    ],
)
def test_a_number_after_a_hospital_number_cue_is_a_hospital_number(sentence, number):
    assert found(sentence) == [("hospital_number", number)]


def test_a_hospital_number_that_passes_the_nhs_check_is_reported_once_as_an_nhs_number():
    assert found("hospital no: 9434765919") == [("nhs_number", "9434765919")]


@pytest.mark.parametrize(
    "sentence",
    [
        "I saw patient number 3 first.",
        "The unit number was on the door.",
        "Her MRN was missing from the form.",
        "The record number 12 of the audit.",
        "A reference 12345678 without a cue could be anything.",
    ],
)
def test_short_numbers_and_uncued_numbers_are_not_hospital_numbers(sentence):
    assert found(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "named_person"),
    [
        ("When Mr Smith asked me to stay, I stayed.", "Mr Smith"),
        ("Mrs O'Neill's daughter thanked us.", "Mrs O'Neill"),
        ("Ms Patel challenged my plan and she was right.", "Ms Patel"),
        ("I escalated to Dr Jones at 2am.", "Dr Jones"),
        ("Miss Hughes was upset by the delay.", "Miss Hughes"),
        ("Mx Lee taught me a lot about listening.", "Mx Lee"),
        ("Sister Brown supported me after the incident.", "Sister Brown"),
        ("Nurse Khan stayed late to help.", "Nurse Khan"),
        ("Dr. Jones had already left.", "Dr. Jones"),
        ("Mrs McDonald and her husband arrived.", "Mrs McDonald"),
        ("Prof Smith-Jones led the debrief.", "Prof Smith-Jones"),
        ("I thanked Mr and Mrs Shah.", "Mrs Shah"),
    ],
)
def test_a_title_before_a_capitalised_surname_is_a_named_person(sentence, named_person):
    assert found(sentence) == [("named_person", named_person)]


@pytest.mark.parametrize(
    "sentence",
    [
        "I waited for the Dr.",
        "Dr",
        "We read Mr Men books on the children's ward.",
        "Then the dr said it was fine.",
        "Dr said we should wait.",
        "Mr and Mrs came together.",
        "I really miss Sarah.",  # a verb, not a title
        "As a Nurse Associate I feel unseen.",
        "Nurse Practitioner roles are changing.",
        "Patients who ask Dr Google arrive frightened.",
        "Miss Tuesday's huddle and you lose the thread.",
        "MR SMITH in capitals reads as a shout, not a name.",
    ],
)
def test_a_title_alone_or_before_an_ordinary_word_is_not_a_named_person(sentence):
    assert found(sentence) == []


# Ordinary reflective writing must pass without a single warning


@pytest.mark.parametrize(
    "sentence",
    [
        "We met at 10:30 on 03/04/2025 and I felt 100% drained",
        "Ward 7 had 24 beds",
        "I spoke to the doctor",
        "Mr Men books",
        "the meeting ran from 2pm to 3pm",
        "In 2024 we saw 1500 patients",
        "section 4.2 of the policy",
        "I worked 12.5 hours on 3 nights in a row, 37.5 in total.",
        "Band 6 nurses covered bays 1-4 and side rooms 10 to 14.",
        "The NEWS2 score was 7 at 14:00 and 3 by 16:30.",
        "We scored 4/5 on the audit, up from 3/5 in Q2 2024/25.",
        "What? So what? Now what? I felt anxious, then relieved.",
        "Gibbs' cycle: description, feelings, evaluation, analysis, conclusion, action plan.",
        "I phoned the consultant, who said to give 500 mg of paracetamol.",
        "Sister and I talked for 20 minutes after handover.",
        "Page 12 of the NMC Code says to prioritise people.",
        "The incident was reported on Datix as a near miss.",
        "I was born to do this, I think, but not on 3 nights in a row.",
        "Bleep 4321 rang 6 times between 01:00 and 03:00.",
        "Version 2.0.1 of the protocol came out on 1 March 2025.",
    ],
)
def test_ordinary_reflective_prose_raises_no_warning(sentence):
    assert find_identifiers(sentence) == []


# Findings as a whole


def test_several_findings_come_back_in_order_of_position():
    text = (
        "Mr Smith (DOB 03/04/1957, NHS 943 476 5919) lives at LS1 4AP; his daughter is on 07700 900123 "
        "or jane.doe@example.org, and his MRN is 12345678."
    )
    assert found(text) == [
        ("named_person", "Mr Smith"),
        ("date_of_birth", "03/04/1957"),
        ("nhs_number", "943 476 5919"),
        ("postcode", "LS1 4AP"),
        ("phone_number", "07700 900123"),
        ("email", "jane.doe@example.org"),
        ("hospital_number", "12345678"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+44 (0)113 496 0000", [("phone_number", "+44 (0)113 496 0000")]),  # hides a 3-3-4 group
        ("LS14AP@example.org", [("email", "LS14AP@example.org")]),  # hides a postcode
        ("MRN 4010232137", [("nhs_number", "4010232137")]),  # the more specific reading wins a tie
    ],
)
def test_where_two_readings_overlap_only_the_wider_or_more_specific_one_is_kept(text, expected):
    assert found(text) == expected


def test_no_text_means_no_findings():
    assert find_identifiers("") == []


fragments = st.sampled_from(
    [" ", "  ", "\n", ", ", ".", "-", "/", ":", "(", ")", "@", "+44", "0", "07", "7", "12", "943", "476", "5919",
     "9434765919", "07700 900123", "0113", "496", "0000", "DOB", "born", "on", "the", "03/04/1957", "3 April 1957",
     "LS1", "4AP", "ls1 4ap", "MRN", "hospital no", "A1234567", "Mr", "Mrs", "Dr", "Smith", "O'Neill", "and",
     "jane.doe", "example.org", "x"]
)  # fmt: skip


@given(st.lists(fragments, max_size=40).map("".join))
def test_findings_are_sorted_do_not_overlap_and_quote_the_text_exactly(text):
    findings = find_identifiers(text)
    assert findings == sorted(findings, key=lambda finding: finding.start)
    for earlier, later in zip(findings, findings[1:], strict=False):
        assert earlier.end <= later.start
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.label == LABELS[finding.kind]


# Long entries: every pattern must stay linear, so adversarial text comes back rather than hanging.


@pytest.mark.parametrize(
    "text",
    [
        "0 " * 25_000,
        "Mr " * 16_667,
        "0" * 50_000,
        "1-" * 25_000,
        "07 " * 16_667,
        "(0" * 25_000,
        "+44 " * 12_500,
        "a." * 25_000,
        "a@" * 25_000,
        "a" * 50_000 + "@",
        "born " * 10_000,
        "DOB" + " " * 50_000,
        "MRN" + " " * 50_000 + "x",
        "Mr" + " " * 50_000 + "x",
        "born the " * 5_000,
        "MRN " * 12_500,
        "Mr " + "A" * 50_000,
        "Mr a" * 12_500,
        "LS1 " * 12_500,
        "943 " * 12_500,
        "03/" * 16_667,
    ],
)
def test_a_long_adversarial_entry_comes_back(text):
    assert find_identifiers(text) == []


def test_a_long_address_comes_back_whole():
    address = "a@" + "b." * 25_000 + "org"
    assert found(address) == [("email", address)]


def test_a_long_entry_full_of_identifiers_finds_every_one():
    sentence = "I met Mr Smith at LS1 4AP and rang 07700 900123. "
    assert len(find_identifiers(sentence * 1_000)) == 3_000
