"""Attend's one kind of email: plain text (with any HTML alternative) whose lines are never broken or encoded.

Python's email package folds anything longer than 78 characters: a body line becomes quoted-printable (a link
split over lines with a trailing "="), a long header an encoded word. RFC 5322 allows lines of 998, so with that
limit the body goes as 7bit (or 8bit, utf-8, when it is not plain ASCII) and every link stays whole on its own
line, in a mail client and in the console backend alike.
"""

import email.policy

from django.core.mail import EmailMultiAlternatives

RFC_5322_LINE_LIMIT = 998


class Email(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=RFC_5322_LINE_LIMIT))
