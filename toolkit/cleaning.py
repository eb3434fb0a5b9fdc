"""Cleaning scraped article text: take out page furniture, pull out title, dateline and credit.

Scraped pages carry more than the report: the headline printed twice, "2 months ago", share
prompts, photo captions, newsletter sign-ups, a comment form and a block of unrelated
headlines under "Don't Miss". :func:`clean_article` removes such lines, keeps every one of them
in ``removed`` (nothing is lost silently), and moves the title, dateline ("MOSCOW:"), wire
credit ("– AFP", "(Reuters)", ", reports 24brussels.") and byline ("By …") to fields of their
own, so that word counts, readability and sentiment see only the report itself.

Lines are only removed when they stand on their own and match a pattern of furniture; a
sentence that merely contains "click here" or "advertisement" stays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._text import normalize_text, replace_chars

__all__ = ["Cleaned", "clean_article"]

MAX_TITLE_WORDS = 30  # headlines are short; a longer first line is body text
MAX_FURNITURE_WORDS = 30  # furniture lines are short; a long line is prose even if it starts alike
MAX_CAPTION_WORDS = 60  # photo captions can be a full sentence or two
MAX_BYLINE_WORDS = 12  # "By Jane Doe and John Roe, Associated Press"
TOP_LINES = 6  # bylines, dates and relative times are looked for among the first lines only


@dataclass(frozen=True)
class Cleaned:
    """The result of :func:`clean_article`."""

    text: str
    title: str | None = None
    dateline: str | None = None
    credit: str | None = None
    byline: str | None = None
    date: str | None = None  # a date that stood as a line of its own near the top (unparsed)
    removed: tuple[str, ...] = field(default_factory=tuple)


def _words(line: str) -> int:
    return len(line.split())


_PLAIN_QUOTES = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"))


def _key(line: str) -> str:
    """Comparison key for repeated headlines: case, spacing and quote style folded."""
    line = replace_chars(line, _PLAIN_QUOTES)
    return " ".join(line.casefold().split()).rstrip(".")


# --- line patterns --------------------------------------------------------------------------

_UNITS = r"(?:second|sec|minute|min|hour|hr|day|week|month|year)s?"
RELATIVE_TIME = re.compile(
    rf"^(?:(?:updated|published|posted|last updated)\s*:?\s*)?(?:\d+|an?|one|a few)\s+{_UNITS}\s+ago\.?$",
    re.IGNORECASE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_LINE = re.compile(
    rf"""^(?:(?:updated|published|posted|last\ updated)\s*:?\s*)?
    (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?
    (?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
      |\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}
      |\d{{4}}-\d{{2}}-\d{{2}}
      |\d{{1,2}}/\d{{1,2}}/\d{{2,4}})
    (?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?\.?$""",
    re.IGNORECASE | re.VERBOSE,
)
BYLINE = re.compile(r"^by\s+(?P<who>[A-Z][\w.'’\-]*(?:[\s,]+(?:and\s+)?[A-Z][\w.'’\-]*)*)\.?$", re.IGNORECASE)

# A standalone line that opens the end of a page (comment form, promoted headlines): from
# here to the end is furniture, provided the report comes before it.
END_MARKER = re.compile(
    r"""^(?:leave\ a\ (?:reply|comment)|post\ a\ comment|\d*\s*comments?|join\ the\ (?:conversation|discussion)
    |don'?t\ miss|must\ read|trending(?:\ now)?|most\ (?:read|popular|viewed|shared)|popular\ (?:posts|stories)
    |latest\ (?:news|stories|posts)|recommended(?:\ for\ you)?|about\ the\ author|tags?|filed\ under
    |share\ this(?:\ (?:article|story))?)\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
# A standalone line that opens a list of links inside the page ("Read more:", "Related"):
# the marker and the headline-like lines after it go; the report may go on below them.
LINKS_MARKER = re.compile(
    r"""^(?:related|related\ (?:articles|stories|posts|news|coverage|content|topics|links)|read\ (?:more|next|also)
    |more\ (?:from|stories|news|on\ this\ story)(?:\ .{0,40})?|you\ (?:may|might)\ also\ (?:like|be\ interested\ in)
    |also\ read|see\ also|further\ reading)\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
MAX_LINK_WORDS = 20  # a linked headline is short and does not end with a full stop

# Lines of page furniture wherever they stand (each only when it is a line of its own).
FURNITURE = re.compile(
    r"""^(?:advertisement|advertising|sponsored(?:\ content)?|ad|promoted)\s*:?$
    |^advertisement\s+(?:continue\ reading|story\ continues|thanks\ for\ watching|skip\ ad)\b.*$
    |^(?:story\ continue[sd]\ below|continue\ reading(?:\ the\ main\ story)?|skip\ to\ (?:main\ )?content)\b.{0,60}$
    |^(?:©\s*)?copyright\s*(?:©|\(c\)|\d{4}).{0,200}$|^©.{0,200}$|^.{0,150}\ball\ rights\ reserved\b.{0,100}$
    |^slideshow\s*\(\d+\ images?\)$
    |^story\ highlights(?:\s*$|\s+(?-i:[A-Z]).*$)
    |^sign\ up\b.*\b(?:newsletters?|e-?mails?|alerts?|updates|free|account|our|daily|weekly|today|here|now)\b.*$
    |^(?:subscribe|download)\b.*\b(?:newsletters?|podcasts?|app|youtube|channel|itunes|our|now|today|here)\b.*$
    |^follow\b.*(?:@|twitter|facebook|instagram|tiktok|linkedin|\bx\b|us\ on|on\ google\ news).*$
    |^(?:share|tweet|email|print|comment|save|copy\ link|whatsapp|facebook|twitter|pinterest|reddit|linkedin)
       (?:\s+(?:this|on|via|article|story|post|share|tweet|email|print|facebook|twitter|whatsapp|pinterest|reddit|linkedin))*\s*:?$
    |^(?:read\ more|see\ also|also\ read|related|watch|listen)\s*:\s.{0,200}$
    |^read\ more\b.{0,160}$
    |^share\ (?:all\ sharing\ options|your\ (?:thoughts|top|views|story))\b.*$
    |^related\ (?:video|coverage|content|article|story)\b.{0,200}$
    |^(?:leave\ a\ (?:reply|comment)|your\ email\ address\ will\ not\ be\ published\.?
       |required\ fields\ are\ marked\b.*|save\ my\ name,?\ email.*|post\ comment|(?:name|email|website)\s*\*?
       |cancel\ reply|you\ must\ be\ logged\ in\b.*|thanks\ for\ (?:reading|watching)\b.*)$
    |^(?:breaking(?:\ news)?|update[d]?|exclusive|live|video|watch|photos?|opinion|analysis|editor'?s?\ note)\s*:?$
    |^\(?(?:reporting|additional\ reporting|writing|editing)\ by\b.*\)?$""",
    re.IGNORECASE | re.VERBOSE,
)

# Photo captions and credits: "Image copyright Getty Images", "FILE PHOTO: … REUTERS/Name",
# "Image Jitka Vesel was …" (a caption behind the word Image), "(AP Photo/Evan Vucci)".
CAPTION = re.compile(
    r"""\(?(?i:(?:file\ )?photo(?:graph)?s?(?:\ credit)?)\s*(?::|(?i:by)\b|$)
    |(?i:image(?:\ copyright|\ caption|\ source|\ credit)?)\s*(?::|$)
    |(?i:image\ (?:copyright|caption))\b
    |Image\s+[A-Z](?!\w*\ (?:is|was|matters)\b)
    |(?i:file\ photo)\b
    |(?i:enlarge\ this\ image)""",
    re.VERBOSE,
)
# A photo credit anywhere in a short line ("… REUTERS/Mike Blake", "(AP Photo/Evan Vucci)").
PHOTO_CREDIT = re.compile(
    r"\b(?:AP|AFP|AAP|EPA)\ Photos?\b|REUTERS/|/\ ?(?:Getty\ Images|AFP|AP|Reuters|EPA|Shutterstock)\b"
    r"|\bGetty\ Images\b|\(Photo:|\|\ (?:AP|Reuters|AFP|Getty)\b",
    re.VERBOSE,
)

# Dateline at the start of the report: "MOSCOW:", "NEW YORK (Reuters) -", "KYIV, Ukraine (AP) —",
# "Washington (CNN)". The place is in capitals unless a credit in brackets follows it.
_CREDIT_IN_BRACKETS = r"\((?P<credit>[A-Z][\w&.\- ]{0,30}?)\)"
# Between dateline and report: a colon and a space, a dash with spaces, or a long dash.
_SEPARATOR = r"(?::\s+|\s*[—–]\s*|\s+--?\s+|--\s*)"
DATELINE_CAPS = re.compile(
    r"""^(?P<place>[A-Z][A-Z'’.\-]+(?:\ [A-Z][A-Z'’.\-]+){0,3}(?:,\ [A-Z][A-Za-z.]+(?:\ [A-Z][A-Za-z.]+){0,2})?)
    (?:\s*""" + _CREDIT_IN_BRACKETS + r""")?""" + _SEPARATOR + r"""(?=\S)""",
    re.VERBOSE,
)
DATELINE_BRACKETED = re.compile(
    r"^(?P<place>[A-Z][A-Za-z'’.\-]+(?: [A-Z][A-Za-z'’.\-]+){0,3}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?)"
    r"\s*" + _CREDIT_IN_BRACKETS + r"(?:" + _SEPARATOR + r"|\s*(?=[A-Z]))(?=\S)"
)
CREDIT_AT_START = re.compile(r"^" + _CREDIT_IN_BRACKETS + _SEPARATOR + r"(?=\S)")
# Labels in capitals that look like a dateline but are not a place.
NOT_A_PLACE = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE VIDEO PHOTOS PHOTO OPINION ANALYSIS NEW NOTE "
    "EDITOR'S EDITORS FACT CHECK WARNING CORRECTION FILE Q A".split()
)
# Wire credit closing the report: "… one-fifth of Ukraine. – AFP", "— Reuters".
# Only an agency-like credit counts: a word in capitals ("AFP", "ANI") or a known wire name,
# so that a quote's attribution ("… — President Zelensky") is never taken for a credit.
_WIRE = r"(?:[A-Z][A-Z&]{1,6}|Reuters|Bloomberg|Xinhua|Kyodo|Yonhap|Anadolu|Interfax|Sputnik|dpa)"
CREDIT_AT_END = re.compile(r"(?<=[.!?\"”'’)])\s*(?:[–—]|--?)\s*(?P<credit>" + _WIRE + r")\s*$")
CREDIT_LINE = re.compile(r"^(?:[–—]|--?)?\s*\(?(?P<credit>" + _WIRE + r")\)?$")
# A rewrite crediting its source at the end of the lede: "…, reports 24brussels."
REPORTS_CREDIT = re.compile(r",\s*(?:reports|reported|writes)\s+(?P<credit>[\w.\-]+(?: [A-Z][\w.\-]*){0,2})\.\s*$")


def _is_headline(line: str) -> bool:
    n = _words(line)
    return 0 < n <= MAX_TITLE_WORDS and not line.endswith((".", ",", ";", ":")) and not line[:1].islower()


def _is_caption(line: str, n_words: int) -> bool:
    if n_words > MAX_CAPTION_WORDS:
        return False
    if CAPTION.match(line):
        return True
    return ("/" in line or "Getty" in line or "Photo" in line or "|" in line) and PHOTO_CREDIT.search(line) is not None


# Furniture at any length: sign-up boxes carry long lists (of countries, of newsletters).
LONG_FURNITURE = re.compile(r"^(?:sign\ up\b.*\b(?:newsletters?|inbox|e-?mails?)\b|click\ here\b)", re.IGNORECASE | re.VERBOSE)


# Furniture at any length, by a marker inside the line: a photo gallery flattened into one
# line ("… Hide Caption 2 of 6 Photos: …"), a video player ("JUST WATCHED … Replay More
# Videos … MUST WATCH"), a media player ("Media playback is unsupported on your device").
GALLERY = re.compile(r"\bHide Caption \d+ of \d+\b|^Photos:\s|\bReplay More Videos\b|^JUST WATCHED\b"
                     r"|^Media playback is unsupported", re.IGNORECASE)


def _is_furniture(line: str, n_words: int) -> bool:
    if n_words <= MAX_FURNITURE_WORDS and FURNITURE.match(line) is not None:
        return True
    if "aption" in line or "Videos" in line or line.startswith(("Photos", "PHOTOS", "JUST", "Media")):
        if GALLERY.search(line):
            return True
    return LONG_FURNITURE.match(line) is not None or _is_caption(line, n_words)


def _paragraphs(text: str) -> list[str]:
    """Split normalised text into paragraphs: blank lines separate them; a single line break
    inside a block separates them too, unless the block is hard-wrapped prose (a line that
    does not end a sentence followed by one that starts in lower case), which is joined."""
    out: list[str] = []
    for block in text.split("\n\n"):  # (a third line break leaves a blank line, dropped below)
        lines = [ln for ln in block.split("\n") if ln.strip()]
        current = ""
        for ln in lines:
            if current and not current.endswith((".", "!", "?", ":", '"', "”", "’", "'")) and ln[:1].islower():
                current = f"{current} {ln}"
            else:
                if current:
                    out.append(current)
                current = ln
        if current:
            out.append(current)
    return out


def clean_article(raw: str, *, title: str | None = None) -> Cleaned:
    """Clean one article's scraped text.

    Parameters
    ----------
    raw
        The article as scraped (any line endings, possibly with page furniture).
    title
        The title when the source gives one; a first line repeating it is dropped from the
        text. Without it, a short first line that does not end like a sentence is taken as
        the title, and its repeats below it are dropped.

    Returns
    -------
    Cleaned
        ``text`` with paragraphs separated by one blank line, ``title``, ``dateline``,
        ``credit``, ``byline``, ``date`` (a date line found in the text, as written), and
        ``removed``: every line taken out of the text, in the order they stood.
    """
    normal = normalize_text(raw)
    lines = _paragraphs(normal)
    removed: list[str] = []
    byline = date = dateline = credit = None

    # Title: given, or a headline-like first line; its repeats at the top leave the text.
    if title is None and len(lines) > 1 and _is_headline(lines[0]):
        title = lines.pop(0)
    if title:
        tkey = _key(title)
        while lines and _key(lines[0]) == tkey:
            removed.append(lines.pop(0))

    # The end of the page: a marker after the report starts furniture that runs to the end.
    n_words = [_words(ln) for ln in lines]
    total = sum(n_words)
    before = 0
    for i, ln in enumerate(lines):
        n = n_words[i]
        if before > 0 and n <= 8 and END_MARKER.match(ln) and before >= total - before - n:
            removed.extend(lines[i:])
            lines, n_words = lines[:i], n_words[:i]
            break
        before += n

    # Lists of links: the marker and the headline-like lines below it; then lines near the
    # top (relative times, dates, bylines) and furniture anywhere.
    kept: list[str] = []
    in_links = False
    for i, (ln, n) in enumerate(zip(lines, n_words)):
        top = i < TOP_LINES and not kept
        if n <= 8 and LINKS_MARKER.match(ln):
            in_links = True
            removed.append(ln)
            continue
        if in_links and n <= MAX_LINK_WORDS and not ln.endswith("."):
            removed.append(ln)
            continue
        in_links = False
        if n <= 6 and RELATIVE_TIME.match(ln):
            removed.append(ln)
        elif top and n <= 12 and DATE_LINE.match(ln):
            removed.append(ln)
            date = date or ln
        elif top and n <= MAX_BYLINE_WORDS and (m := BYLINE.match(ln)):
            removed.append(ln)
            byline = byline or m.group("who")
        elif _is_furniture(ln, n):
            removed.append(ln)
        elif not kept and title and _key(ln) == _key(title):
            removed.append(ln)
        else:
            kept.append(ln)
    lines = kept

    # Credit standing alone as the last line ("AFP", "— Reuters").
    if lines and (m := CREDIT_LINE.match(lines[-1])):
        credit = m.group("credit")
        removed.append(lines.pop())

    if lines:
        first = lines[0]
        m = DATELINE_CAPS.match(first)
        if m and m.group("place").split(",")[0].replace(".", "") not in NOT_A_PLACE and len(m.group("place")) >= 2:
            dateline = m.group("place").strip()
            credit = credit or (m.group("credit") or None)
            first = first[m.end():]
        elif m := DATELINE_BRACKETED.match(first):
            dateline, credit = m.group("place").strip(), credit or m.group("credit")
            first = first[m.end():]
        elif m := CREDIT_AT_START.match(first):
            credit = credit or m.group("credit")
            first = first[m.end():]
        if m := REPORTS_CREDIT.search(first):
            credit = credit or m.group("credit")
            first = first[: m.start()].rstrip()
            first = first if first.endswith((".", "!", "?", "”", '"')) else first + "."
        lines[0] = first[:1].upper() + first[1:] if first[:1].islower() else first

    if lines and (m := CREDIT_AT_END.search(lines[-1])):
        # Only a short credit in a name-like form, after the report's last sentence.
        credit = credit or m.group("credit")
        lines[-1] = lines[-1][: m.start()].rstrip()

    lines = [ln for ln in lines if ln.strip()]
    return Cleaned(
        text="\n\n".join(lines),
        title=title,
        dateline=dateline,
        credit=credit,
        byline=byline,
        date=date,
        removed=tuple(sorted(removed, key=lambda line: max(0, normal.find(line)))),  # in text order
    )
