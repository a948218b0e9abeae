from attend.core.mail import Email

LINK = "https://attend.example.nhs.uk/organisation/invitation/" + "x" * 43 + "/"


def raw(body: str, **headers) -> bytes:
    return Email(subject="Hello", body=body, to=["zoe@example.test"], headers=headers).message().as_bytes()


def test_a_long_link_stays_whole_on_its_own_line():
    message = raw(f"To set your password, use this link:\n\n{LINK}\n\nAttend\n")

    assert f"\n{LINK}\n".encode() in message
    assert b"quoted-printable" not in message
    assert b"Content-Transfer-Encoding: 7bit" in message


def test_a_body_that_is_not_plain_ascii_goes_as_8bit_utf8_not_encoded():
    message = raw(f"Hello Zoë,\n\n{LINK}\n")

    assert b"Content-Transfer-Encoding: 8bit" in message
    assert b'charset="utf-8"' in message
    assert "Hello Zoë,".encode() in message
    assert f"\n{LINK}\n".encode() in message


def test_a_long_header_is_not_folded_into_an_encoded_word():
    message = raw("Hi\n", **{"List-Unsubscribe": f"<{LINK}>"})

    assert f"List-Unsubscribe: <{LINK}>".encode() in message
