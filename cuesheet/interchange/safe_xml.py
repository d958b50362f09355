"""XML a user brings (FCP 7 XML, FCPXML) parsed without entity expansion, DTD fetching or external
references: a billion-laughs file or one that names /etc/passwd is refused before any reader sees it."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import ParseError

from cuesheet.domain.edit import TimelineError

XML_MAX_BYTES = 32 * 1024 * 1024  # a 3,000-clip FCP 7 XML is ~5 MB; the tree takes ~10x the text


def parse(data: bytes) -> Any:
    """The root element of ``data``; raises TimelineError in one line."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if len(data) > XML_MAX_BYTES:
        raise TimelineError(
            f"the file is {len(data):,} bytes; the largest XML timeline read is {XML_MAX_BYTES:,}"
        )
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise TimelineError(
            f"the XML declares entities or external references, which are refused ({error})"
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise TimelineError(f"line {line}: not well-formed XML (column {column})") from None
