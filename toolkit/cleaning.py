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
from collections.abc import Iterable
from dataclasses import dataclass, field

from ._text import normalize_text, replace_chars

__all__ = ["Cleaned", "clean_article", "reads_as_report", "remove_repeated_lines", "rule_family"]

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
    rules: tuple[str, ...] = field(default_factory=tuple)  # why each line of ``removed`` went, in order


def _words(line: str) -> int:
    return len(line.split())


_PLAIN_QUOTES = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"))


def _key(line: str) -> str:
    """Comparison key for repeated headlines: case, spacing and quote style folded."""
    line = replace_chars(line, _PLAIN_QUOTES)
    return " ".join(line.casefold().split()).rstrip(".")


# --- why a line was removed (the ``rules`` of :class:`Cleaned`, ``removed_rule`` of articles) --

RULE_TITLE = "repeated headline"
RULE_END = "end of the page (comments, promoted headlines)"
RULE_LINKS = "list of links"
RULE_TIME = "relative time"
RULE_DATE = "date line"
RULE_BYLINE = "byline"
RULE_FURNITURE = "page furniture (sharing, sign-up, advertising, copyright, labels)"
RULE_NOTE = "note on the piece (first appeared elsewhere, updates)"
RULE_PLAYER = "photo gallery or media player"
RULE_CAPTION = "photo caption or credit"
RULE_CREDIT = "wire credit"
RULE_CONTACT = "contact or link line (e-mail or web address, handle)"
RULE_CARD = "inline link card (a name, then headlines, then MORE)"
RULE_REPORTING = "reporting credit (… contributed to this report)"
RULE_PROMO = "the page speaking to its reader (you, our … newsletter, this article, sign up)"
MAX_PROMO_WORDS = 80  # a promotion is a box of a few lines
MAX_PROMO_CHARS = 700  # (and so not longer than this)

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
    |^(?:graphics?|infographic|interactive|factbox|fact\ box|timeline|map|chart|gallery|slideshow|video|audio)
       (?:\ id)?\s*[-–—:]\s.{0,160}$
    |^\(\s*[^()]{1,40}:\s*[^()]{1,160}\)$
    |^share\ (?:all\ sharing\ options|your\ (?:thoughts|top|views|story))\b.*$
    |^related\ (?:video|coverage|content|article|story)\b.{0,200}$
    |^(?:leave\ a\ (?:reply|comment)|your\ email\ address\ will\ not\ be\ published\.?
       |required\ fields\ are\ marked\b.*|save\ my\ name,?\ email.*|post\ comment|(?:name|email|website)\s*\*?
       |cancel\ reply|you\ must\ be\ logged\ in\b.*|thanks\ for\ (?:reading|watching)\b.*)$
    |^(?:breaking(?:\ news)?|update[d]?|exclusive|live|video|watch|photos?|opinion|analysis|editor'?s?\ note)\s*:?$
    |^(?:close|menu|search|skip(?:\ ad)?|log\ ?in|sign\ in|back\ to\ top|toggle\ navigation|loading\.*)$
    |^\(?(?:reporting|additional\ reporting|writing|editing)\ by\b.*\)?$""",
    re.IGNORECASE | re.VERBOSE,
)

# Notes about the piece rather than the news: where it first appeared, when it was updated.
EDITORS_NOTE = re.compile(
    r"""^(?:editor(?:['’]?s|s['’])?\ note\s*:?\s*)?
    (?:this|a\ (?:shorter\ )?version\ of\ this)\s+(?:article|piece|column|story|post|essay|op-ed|commentary|transcript|episode)
       \s+(?:was\s+|has\s+been\s+)?(?:originally|first|previously|also)?\s*(?:appeared|published|posted|ran|aired)\s+(?:in|on|at|by)\b.*$
    |^(?:this\ (?:article|story|post|page)\ (?:has\ been|was|is\ being)\ updated\b.*)$
    |^(?:updated|last\ updated|update)\s*(?:at|on)?\s*:?\s*\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\.?(?:\ [A-Z]{2,4})?\b.{0,80}$""",
    re.IGNORECASE | re.VERBOSE,
)
MAX_NOTE_WORDS = 40  # a note on the piece is a line or two
# "Write to Byron Tau at byron.tau@wsj.com", "Contact us at editors@time.com.", an embedded
# tweet's credit "— Name (@handle) January 5, 2020": a short line with an address or handle.
CONTACT_LINE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|(?<![\w@])@\w{2,}")
MAX_CONTACT_WORDS = 20
# "Watch the latest video at video.foxnews.com", "Read or share this story: https://…": a
# short line pointing to a web address.
WEB_ADDRESS = re.compile(r"https?://\S+|\bwww\.\S+|\b[\w-]+(?:\.[\w-]+)*\.com\b", re.IGNORECASE)
MAX_LINK_LINE_WORDS = 12
# "The Associated Press contributed to this report.", "Nathaniel Weixel contributed.",
# "Contributing: David Jackson, USA TODAY": who else reported, not the report.
REPORTING_CREDIT = re.compile(
    r"^(?:[•⦁·*\-–—\s]*[A-Z][^!?]{0,160}\bcontributed(?:\ (?:to\ )?(?:this|the)\ (?:report|story|article))?(?:\ reporting)?\.?"
    r"|contributing(?:\ writers?|\ reporters?)?\s*:.{0,160})$", re.VERBOSE | re.IGNORECASE)

# Photo captions and credits: "Image copyright Getty Images", "FILE PHOTO: … REUTERS/Name",
# "Image Jitka Vesel was …" (a caption behind the word Image), "(AP Photo/Evan Vucci)".
CAPTION = re.compile(
    r"""\(?(?i:(?:file\ )?photo(?:graph)?s?(?:\ credit)?)\s*(?::|(?i:by)\b|$)
    |(?i:image(?:\ copyright|\ caption|\ source|\ credit)?)\s*(?::|$)
    |(?i:image\ (?:copyright|caption))\b
    |Image\s+[A-Z](?!\w*\ (?:is|was|matters)\b)
    |(?i:file\ photo)\b
    |(?i:enlarge\ this\ image)
    |(?i:toggle\ caption)\b""",
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


# The words of a box (sign-up, subscription, privacy notice, advertising, a reporting credit):
# a paragraph without any of them holds no box among its sentences.
_BOX_HINTS = ("ign up", "ign Up", "igning up", "ubscri", "ewsletter", "nbox", "lick", "rivacy", "erms of", "eprint",
              "opyright", "ights reserved", "dvertis", "ponsored", "contributed to")


def _furniture_rule(line: str, n_words: int) -> str | None:
    """The family of page furniture ``line`` belongs to, or None."""
    if n_words <= MAX_FURNITURE_WORDS and FURNITURE.match(line) is not None:
        return RULE_FURNITURE
    if n_words <= MAX_NOTE_WORDS and EDITORS_NOTE.match(line) is not None:
        return RULE_NOTE
    if n_words <= MAX_CONTACT_WORDS and "@" in line and CONTACT_LINE.search(line) is not None:
        return RULE_CONTACT
    if n_words <= MAX_LINK_LINE_WORDS and ("http" in line or "www." in line or ".com" in line) \
            and WEB_ADDRESS.search(line) is not None:
        return RULE_CONTACT
    if n_words <= MAX_CONTACT_WORDS and "ontribut" in line and REPORTING_CREDIT.match(line) is not None:
        return RULE_REPORTING
    if "aption" in line or "Videos" in line or line.startswith(("Photos", "PHOTOS", "JUST", "Media")):
        if GALLERY.search(line):
            return RULE_PLAYER
    if LONG_FURNITURE.match(line) is not None:
        return RULE_FURNITURE
    return RULE_CAPTION if _is_caption(line, n_words) else None


# A hover card flattened into the text: "President Trump Donald John TrumpGOP senators balk at
# lengthy impeachment trial … MORE on Friday said": after the name as the report wrote it, the
# person's full name, glued to a run of headlines that ends in MORE.
_CARD_WORD = re.compile(r"[A-Z][\w'’-]*[a-z][A-Z0-9][\w'’-]*")  # "TrumpGOP", "McCain2020"
_CARD_END = re.compile(r"\sMORE(?=[’'\s,.;:)]|$)")
MAX_CARD_WORDS = 120  # a card holds a few headlines
MAX_NAME_WORDS = 6  # the full name in a card ("Hillary Diane Rodham Clinton") and the title before it


def _strip_link_cards(line: str) -> tuple[str, list[str]]:
    """``line`` without inline link cards, and the cards removed. A card is recognised by
    the name as the report wrote it, then within a few words the same surname glued to the
    first headline ("Trump Donald John TrumpGOP …"), then the word MORE."""
    if "MORE" not in line:
        return line, []
    cards = []
    position = 0
    while (word := _CARD_WORD.search(line, position)) is not None:
        position = word.end()
        end = _CARD_END.search(line, word.end())
        if end is None or len(line[word.end():end.start()].split()) > MAX_CARD_WORDS:
            continue
        before = line[:word.start()].split(" ")
        window = range(len(before) - 1, max(-1, len(before) - 1 - MAX_NAME_WORDS), -1)
        start = None
        for cut in range(1, len(word.group())):  # where the surname ends and the headline starts
            if (word.group()[cut].isupper() or word.group()[cut].isdigit()) and word.group()[cut - 1].islower():
                surname = word.group()[:cut]
                k = next((k for k in window if before[k] == surname), None)
                if k is not None:
                    start = len(" ".join(before[:k + 1])) + 1
                    break
        if start is None:
            continue
        cards.append(line[start:end.end()].strip())
        line = line[:start].rstrip() + line[end.end():]
        position = start
    return line, cards


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
    removed: list[tuple[str, str]] = []  # (line, rule)
    for i, line in enumerate(lines):
        if "MORE" in line:
            lines[i], cards = _strip_link_cards(line)
            removed.extend((card, RULE_CARD) for card in cards)
    byline = date = dateline = credit = None

    # Furniture above the headline (a video player's "CLOSE", "Advertisement") goes first, so
    # that it is never taken for the title.
    # (Lines leave the top by counting them, then cutting the list once: popping each from
    # the front would move the rest every time.)
    top = 0
    while len(lines) - top > 1 and (rule := _furniture_rule(lines[top], _words(lines[top]))):
        removed.append((lines[top], rule))
        top += 1
    # Title: given, or a headline-like first line; its repeats at the top leave the text.
    if title is None and len(lines) - top > 1 and _is_headline(lines[top]):
        title = lines[top]
        top += 1
    if title:
        tkey = _key(title)
        while top < len(lines) and _key(lines[top]) == tkey:
            removed.append((lines[top], RULE_TITLE))
            top += 1
    lines = lines[top:]

    # The end of the page: a marker after the report starts furniture that runs to the end.
    n_words = [_words(ln) for ln in lines]
    total = sum(n_words)
    before = 0
    for i, ln in enumerate(lines):
        n = n_words[i]
        if before > 0 and n <= 8 and END_MARKER.match(ln) and before >= total - before - n:
            removed.extend((line, RULE_END) for line in lines[i:])
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
            removed.append((ln, RULE_LINKS))
            continue
        if in_links and n <= MAX_LINK_WORDS and not ln.endswith("."):
            removed.append((ln, RULE_LINKS))
            continue
        in_links = False
        if n <= 6 and RELATIVE_TIME.match(ln):
            removed.append((ln, RULE_TIME))
        elif top and n <= 12 and DATE_LINE.match(ln):
            removed.append((ln, RULE_DATE))
            date = date or ln
        elif top and n <= MAX_BYLINE_WORDS and (m := BYLINE.match(ln)):
            removed.append((ln, RULE_BYLINE))
            byline = byline or m.group("who")
        elif rule := _furniture_rule(ln, n):
            removed.append((ln, rule))
        elif not kept and title and _key(ln) == _key(title):
            removed.append((ln, RULE_TITLE))
        else:
            kept.append(ln)
    lines = kept

    # Credit standing alone as the last line ("AFP", "— Reuters").
    if lines and (m := CREDIT_LINE.match(lines[-1])):
        credit = m.group("credit")
        removed.append((lines.pop(), RULE_CREDIT))

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
    where: dict[str, int] = {}  # (a line removed many times, such as "Advertisement", is looked for once)
    in_order = sorted(removed, key=lambda pair: where[pair[0]] if pair[0] in where
                      else where.setdefault(pair[0], max(0, normal.find(pair[0]))))  # in text order
    return Cleaned(
        text="\n\n".join(lines),
        title=title,
        dateline=dateline,
        credit=credit,
        byline=byline,
        date=date,
        removed=tuple(line for line, _ in in_order),
        rules=tuple(rule for _, rule in in_order),
    )


# --- furniture by repetition across an outlet's articles ---------------------------------------

MIN_REPEAT_ARTICLES = 3  # a line in this many articles of one outlet is part of its pages, not of a report
MIN_PROSE_WORDS = 8  # a line of reporting is a sentence: shorter lines are labels, names, headings
MAX_LABEL_WORDS = 4  # "More:", "Read or Share this story:", "Contributing:" open a promo or credit line
MAX_LABEL_CHARS = 42  # (the colon after a label stands within this many characters)
RULE_REPEATED = "repeated in {n} articles of {group}"
RULE_LABEL = "line opened by a label repeated in {n} articles of {group} ({label!r})"


def rule_family(rule: str) -> str:
    """The family of a removal rule, without the counts and names a rule of repetition
    carries ("repeated in 74 articles of Christian Science Monitor" -> "repeated in several
    articles of the outlet")."""
    if rule.startswith("repeated in "):
        return "repeated in several articles of the outlet"
    if rule.startswith("line opened by a label repeated"):
        return "line opened by a label the outlet repeats"
    return rule


_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_MONTHS_DAYS = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b\.?")
# A sentence end inside a paragraph: a full stop (or ? !) after a lower-case word, then a
# capital; a period after an abbreviation ("Mr.", "Sen.") is checked against the shipped list.
_FRAGMENT_END = re.compile(r"(?<=[a-z%)\]][.!?])\s+(?=[A-Z])")
_LAST_WORD = re.compile(r"([A-Za-z.]+)[.!?]$")
_LABEL = re.compile(r"^(?P<label>[^\W\d_][^:]{0,40}?):\s*(?P<rest>\S.*)$")  # ("More:Brett …" has no space)
# Words with which a page speaks to its reader or about itself, never a report about the news.
_READER = re.compile(r"\b(?:[Yy]ou|[Yy]our|[Yy]ours|[Yy]ourself|[Ww]e|[Oo]ur|[Oo]urs)\b|\bus\b")
_NAME_WORDS = re.compile(r"[\w&]+(?:\.[\w&]+)*")
_PAGE_PATTERN = (
    r"\bthis (?:article|story|post|page|site|newsletter|podcast|episode|column|video|transcript)\b"
    r"|\bsign(?:ing)?[\s-]?up\b|\b(?:un)?subscri(?:be|bing|ption)\b|\bnewsletters?\b|\binbox\b|\bclick\b"
    r"|\bprivacy policy\b|\bterms of (?:use|service)\b|\breprints?\b|\bcopyright\b|\ball rights reserved\b"
    r"|\brush transcript\b|\badvertis(?:ement|ing)\b|\bsponsored\b|\bcontributed to this report\b"
    r"|\b(?:originally|first) (?:appeared|published)\b")
_PAGE = re.compile(_PAGE_PATTERN, re.IGNORECASE)
_CAPS_HEADING = re.compile(r"^[A-Z][A-Z'’&-]+\s+[A-Z][A-Z'’&-]+\b")
_CONTACT = re.compile(r"https?://|www\.|\S@\S|(?<!\w)@\w|\b[\w-]+\.(?:com|org|net)\b", re.IGNORECASE)


MAX_DATED_KEY = 200  # dates are folded in lines up to this long (a date line is short; prose is not compared by it)
MAX_BOX_CHARS = 800  # a paragraph holding a sign-up or promotion box among its sentences is not longer


def _repeat_key(line: str) -> str:
    """A line as compared across articles. A short line (where page furniture is) is
    compared with case, quotation marks, digits and the names of months and days folded;
    a long one as it stands (the text is already single-spaced)."""
    if len(line) > MAX_DATED_KEY:
        return line
    key = replace_chars(line.casefold(), _PLAIN_QUOTES)
    if _DIGIT.search(key) is not None:  # a date has digits; a line without them needs no folding
        key = _MONTHS_DAYS.sub("<d>", _DIGITS.sub("", key))
    return key.strip(" .")


def _may_hold_a_box(paragraph: str) -> bool:
    """Whether a paragraph may hold a recurring box among its sentences: it is short enough
    and has a word of the page ("sign up", "newsletter", "privacy", "click" …) or an address
    (cheap tests; the rules decide later)."""
    if len(paragraph) > MAX_BOX_CHARS:
        return False
    return "@" in paragraph or any(hint in paragraph for hint in _BOX_HINTS)


def _is_quotation(line: str) -> bool:
    """A line whose words are mostly inside quotation marks is somebody's words (as in a
    column of quotes), not the page's."""
    if not any(mark in line for mark in "\"“”«»"):
        return False
    from .segment import quote_spans  # (imported here: segment is larger and needs no cleaning)

    inside = sum(len(line[a:b].split()) for a, b in quote_spans(line))
    return inside > 0.5 * len(line.split())


def _outside_quotes(line: str) -> str:
    if not any(mark in line for mark in "\"“”«"):
        return line
    from .segment import quote_spans

    pieces, position = [], 0
    for a, b in quote_spans(line):
        pieces.append(line[position:a])
        position = b
    pieces.append(line[position:])
    return " ".join(pieces)


def reads_as_report(line: str, names: Iterable[str] = ()) -> bool:
    """Whether a line reads as a sentence of a news report, so that repeating it across
    articles (a wire story's background paragraph) does not make it page furniture.

    A line reads as reporting when it is a sentence (at least ``MIN_PROSE_WORDS`` words,
    opening with a capital, a digit or a quotation mark and ending with a full stop, a
    question or exclamation mark, not opening with a heading in capitals) and, outside
    quotations, it neither speaks to the reader
    or for the page ("you", "your", "we", "our", "us"), nor names a web address, an e-mail
    address or a handle, nor speaks of the page itself ("this article", "sign up",
    "newsletter", "privacy policy", "contributed to this report", "originally appeared" …),
    nor names the outlet (``names``: lower-case forms of its name).
    """
    text = line.strip()
    if len(text.split()) < MIN_PROSE_WORDS:
        return False
    if not (text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“‘"):
        return False
    if not text.rstrip("\"”’')]").endswith((".", "!", "?")):
        return False
    if _CAPS_HEADING.match(text):  # "COUNTDOWN TO 2020 The race …": a heading run into a promotion
        return False
    bare = _outside_quotes(text)
    if _READER.search(bare) or _CONTACT.search(bare) or _PAGE.search(bare):
        return False
    lowered = " " + " ".join(_NAME_WORDS.findall(bare.lower())) + " "
    return not any(f" {name} " in lowered for name in names)


def _fragments(paragraph: str) -> list[str]:
    """The sentences of a paragraph without quotation marks (one piece for a paragraph that
    holds a quotation: its attribution is part of the report)."""
    if any(mark in paragraph for mark in "\"“”«»"):
        return [paragraph]
    from ._resources import word_list

    abbreviations = word_list("abbreviations")
    pieces, start = [], 0
    for m in _FRAGMENT_END.finditer(paragraph):
        before = _LAST_WORD.search(paragraph, start, m.start())
        if before and before.group(1).lower() in abbreviations:
            continue
        pieces.append(paragraph[start:m.start()])
        start = m.end()
    pieces.append(paragraph[start:])
    return [p for p in pieces if p.strip()]


def _rows_matching(flat, rows, *patterns: tuple[str, bool]):
    """The rows (indices into ``flat``, an Arrow string array) that match every pattern
    (regex, ignore case), each tested only on the rows that matched the ones before."""
    import numpy as np
    import pyarrow.compute as pc

    for pattern, ignore_case in patterns:
        if not len(rows):
            break
        hit = pc.match_substring_regex(flat.take(rows), pattern, ignore_case=ignore_case)
        rows = rows[np.asarray(hit.fill_null(False))]
    return rows


def remove_repeated_lines(texts: list[str], groups: list[object],
                          names: dict[object, set[str]] | None = None,
                          min_articles: int = MIN_REPEAT_ARTICLES) -> list[tuple[str, list[tuple[str, str]]]]:
    """Page furniture found by repetition: lines that recur in ``min_articles`` or more
    articles of one group (an outlet) and do not read as reporting.

    Lines are the paragraphs of the cleaned texts, compared once case, quotation marks,
    digits, month and day names and spacing are folded (:func:`_repeat_key`). A paragraph
    goes when it recurs and is neither a quotation nor a sentence of reporting
    (:func:`reads_as_report`, with the group's own ``names``). Within a paragraph, the
    sentences that recur and do not read as reporting go; when what is left of the paragraph
    does not read as reporting either (a newsletter box whose heading differs from one
    article to the next), the whole paragraph goes. A line opened by a short label and a
    colon ("More: …", "Contributing: …") goes when the label opens lines in
    ``min_articles`` articles of the group and the rest is not a sentence of reporting.

    Returns, for each text, the text without those lines and the removed ``(line, rule)``
    pairs in text order.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    names = names or {}
    if not texts:
        return []
    # Every paragraph of every article, with its article and group, as columns: the keys of
    # the paragraphs are computed and counted in compiled code, and only paragraphs that
    # recur (a few in a hundred) are read in Python.
    split = pc.split_pattern(pa.array([t if isinstance(t, str) else "" for t in texts], type=pa.large_string()),
                             "\n\n")
    article = pc.list_parent_indices(split).to_numpy()
    flat = pc.list_flatten(split)
    n_rows = len(flat)
    group_code, _ = pd.factorize(pd.Series(list(groups), dtype=object).fillna("\0none"))
    row_group = group_code[article]
    # Keys: a long paragraph as it stands; a short one folded (case, quotation marks, and in
    # one with digits, the digits and the names of months and days). A folded short key is
    # never as long as a long paragraph, so the two kinds of key cannot be confused.
    lengths = pc.utf8_length(flat).to_numpy(zero_copy_only=False)
    is_short = lengths <= MAX_DATED_KEY
    short, long = np.flatnonzero(is_short), np.flatnonzero(~is_short)
    lowered = pc.utf8_lower(flat.take(short))
    for mark, plain in _PLAIN_QUOTES:
        lowered = pc.replace_substring(lowered, mark, plain)
    dated = np.asarray(pc.match_substring_regex(lowered, r"\d"))
    short_keys = pc.utf8_trim(lowered, " .")
    if dated.any():
        folded = pc.utf8_trim(pc.replace_substring_regex(pc.replace_substring_regex(
            lowered, r"\d+", ""), _MONTHS_DAYS.pattern, "<d>"), " .")
        short_keys = pc.if_else(pa.array(dated), folded, short_keys)
    key_code = np.empty(n_rows, dtype=np.int64)
    short_codes = pc.dictionary_encode(short_keys).indices.to_numpy(zero_copy_only=False).astype(np.int64)
    key_code[short] = short_codes
    if len(long):
        key_code[long] = pc.dictionary_encode(flat.take(long)).indices.to_numpy(zero_copy_only=False) \
            + (int(short_codes.max()) + 1 if len(short_codes) else 0)

    def paragraph(row: int) -> str:
        return flat[int(row)].as_py()

    # For each row, the articles of its group that hold its key (each article once).
    combined = row_group.astype(np.int64) * (int(key_code.max()) + 1 if n_rows else 1) + key_code
    distinct, counts = np.unique(np.unique(combined * len(texts) + article) // len(texts), return_counts=True)
    repeats = counts[np.searchsorted(distinct, combined)]
    # A short paragraph in which the page speaks to its reader about itself ("If you enjoyed
    # this article … Join", "Get the Monitor Stories you care about delivered to your inbox")
    # is page furniture even where it does not recur.
    maybe_promo = _rows_matching(flat, np.flatnonzero(lengths <= MAX_PROMO_CHARS),
                                 (_READER.pattern, False), (_PAGE_PATTERN, True))
    promos = {row for row in maybe_promo.tolist()
              if len((text := paragraph(row)).split()) <= MAX_PROMO_WORDS and not _is_quotation(text)
              and _READER.search(_outside_quotes(text)) is not None}
    # Rows that may hold a box among their sentences, and rows opened by a short label.
    hints = "|".join(re.escape(h) for h in ("@", *_BOX_HINTS))
    maybe_box = np.zeros(n_rows, dtype=bool)
    maybe_box[_rows_matching(flat, np.flatnonzero(lengths <= MAX_BOX_CHARS), (re.escape(". "), False),
                             (hints, False))] = True
    colon = pc.find_substring(flat, ":").to_numpy()
    maybe_label = (colon >= 0) & (colon < MAX_LABEL_CHARS)
    pieces: dict[int, list[tuple[str, str]]] = {}
    labels: dict[int, tuple[str, str, str]] = {}
    extra: dict[object, dict[str, set[int]]] = {}  # group -> sentence or label key -> articles
    for row in np.flatnonzero(maybe_box | maybe_label):
        text, g, a = paragraph(row), row_group[row], article[row]
        if maybe_box[row] and _may_hold_a_box(text):
            fragments = _fragments(text)
            if len(fragments) > 1:
                pieces[row] = [(f, "\1" + _repeat_key(f)) for f in fragments]
                for _, k in pieces[row]:
                    extra.setdefault(g, {}).setdefault(k, set()).add(a)
        if maybe_label[row] and (m := _LABEL.match(text)) and len(m.group("label").split()) <= MAX_LABEL_WORDS:
            labels[row] = (m.group("label"), m.group("rest"), "\2" + _repeat_key(m.group("label")))
            extra.setdefault(g, {}).setdefault(labels[row][2], set()).add(a)

    def count(g: int, k: str) -> int:
        return len(extra.get(g, {}).get(k, ()))

    # What goes: decided row by row for the rows that recur, whole or in part. A line that
    # recurs is read once a group (``report``, ``quotation``: the verdicts so far).
    decided: dict[int, tuple[str | None, list[tuple[str, str]]]] = {}  # row -> (what is kept, removed)
    group_of = list(groups)
    report: dict[tuple[str, int], bool] = {}
    quotation: dict[str, bool] = {}

    def reads_so(text: str, g: int, own) -> bool:
        if (text, g) not in report:
            report[text, g] = reads_as_report(text, own)
        return report[text, g]

    def quoted(text: str) -> bool:
        if text not in quotation:
            quotation[text] = _is_quotation(text)
        return quotation[text]

    candidates = set(np.flatnonzero(repeats >= min_articles).tolist()) | set(pieces) | set(labels) | promos
    for row in sorted(candidates):
        line, g = paragraph(row), row_group[row]
        group = group_of[article[row]]
        own = names.get(group, ())
        where = str(group) if group is not None else "(no outlet)"
        n = int(repeats[row])
        if n >= min_articles and not quoted(line) and not reads_so(line, g, own):
            decided[row] = (None, [(line, RULE_REPEATED.format(n=n, group=where))])
            continue
        if row in promos:
            decided[row] = (None, [(line, RULE_PROMO)])
            continue
        if row in labels:
            name, rest, label_key = labels[row]
            n = count(g, label_key)
            if n >= min_articles and not reads_so(rest[:1].upper() + rest[1:], g, own) and not quoted(line):
                decided[row] = (None, [(line, RULE_LABEL.format(n=n, group=where, label=name))])
                continue
        if row in pieces:
            repeated = [(f, count(g, k)) for f, k in pieces[row]]
            gone = [(f, n) for f, n in repeated if n >= min_articles and not quoted(f) and not reads_so(f, g, own)]
            if gone:
                rest = " ".join(f for f, n in repeated if (f, n) not in gone)
                most = max(n for _, n in gone)
                if not rest or not reads_so(rest, g, own):
                    decided[row] = (None, [(line, RULE_REPEATED.format(n=most, group=where))])
                else:
                    decided[row] = (rest, [(f, RULE_REPEATED.format(n=n, group=where)) for f, n in gone])
    out: list[tuple[str, list[tuple[str, str]]]] = [(t, []) for t in texts]
    offsets = np.searchsorted(article, np.arange(len(texts)))
    for a in sorted({int(article[row]) for row in decided}):
        kept, removed = [], []
        for row, line in enumerate(texts[a].split("\n\n"), start=int(offsets[a])):
            if row in decided:
                text, gone = decided[row]
                removed.extend(gone)
                if text is not None:
                    kept.append(text)
            else:
                kept.append(line)
        out[a] = ("\n\n".join(kept), removed)
    return out
