"""Attend's own logs never write an answer link (ADR 0018): a logged path with its time could tie a person to the
moment they answered, and the token in it is the link itself. Proxies in front of Attend are asked the same in
the README."""

import logging
import re

# Any path under /listen/answer/ except the thank-you page, up to the next slash, query, space or quote.
ANSWER_LINK = re.compile(r"(/listen/answer/)(?!thank-you/)[^/?#\s\"'<>]+")
HIDDEN = r"\1[hidden]"


def hide_answer_links(text: str) -> str:
    return ANSWER_LINK.sub(HIDDEN, text)


class HideAnswerLinks(logging.Filter):
    """Rewrites a record's message with every answer token replaced; keeps the record (the line still counts)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/listen/answer/" in message:
            record.msg, record.args = hide_answer_links(message), ()
            # runserver's formatter reads the request line from here too
            if hasattr(record, "request") and not isinstance(record.request, str):
                record.request = None
        return True
