"""Seeded message corpora for comparing THREAD/SORT of the fake Dovecot with real Dovecot.

- generate(seed, count): >= 500 messages with reply trees, Re:/Fwd:/[list]/(fwd)/[fwd: ...]
  subjects, RFC 2047 encoded-word subjects and names, missing/duplicate/invalid Message-IDs,
  reference loops and self references, unknown (dummy) parents, In-Reply-To only vs References
  only, missing/invalid Date headers, equal dates, time zones, equal INTERNALDATEs and sizes.
- capture_vectors(): the 14 messages of dovecot.md section 3.4 (captures/imap-thread.txt).
- write_corpus(): one file per message, "<seq>_<internaldate>.eml", CRLF line ends; the name
  format is what mock_dovecot/tools/oxh_thread_tool.cpp reads.

A message is a CorpusMessage(raw bytes, internaldate as Unix seconds). Sequence numbers are the
list positions + 1 (the test APPENDs them in list order).
"""
from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

BASE_TIME = 1704067200  # 2024-01-01T00:00:00Z


@dataclass(frozen=True)
class CorpusMessage:
    raw: bytes
    internaldate: int

    def imap_internaldate(self) -> str:
        """The APPEND date-time argument, quoted, in UTC."""
        dt = datetime.fromtimestamp(self.internaldate, tz=timezone.utc)
        return dt.strftime('"%d-%b-%Y %H:%M:%S +0000"')


def build_message(headers: list[tuple[str, str]], body: str = "body") -> bytes:
    lines = [f"{name}: {value}" for name, value in headers]
    text = "\r\n".join(lines) + "\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n"
    return text.encode("utf-8")


def rfc2822_date(ts: int, offset_minutes: int = 0) -> str:
    sign = "+" if offset_minutes >= 0 else "-"
    off = abs(offset_minutes)
    dt = datetime.fromtimestamp(ts + offset_minutes * 60, tz=timezone.utc)
    return dt.strftime("%a, %d %b %Y %H:%M:%S ") + f"{sign}{off // 60:02d}{off % 60:02d}"


def q_word(text: str, charset: str = "utf-8") -> str:
    out = []
    for b in text.encode(charset):
        c = chr(b)
        if c == " ":
            out.append("_")
        elif c.isalnum() and b < 0x80:
            out.append(c)
        else:
            out.append(f"={b:02X}")
    return f"=?{charset}?Q?{''.join(out)}?="


def b_word(text: str, charset: str = "utf-8") -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


TOPICS = [
    "Project plan", "Lunch", "status", "Quarterly report", "Server migration", "Café meeting",
    "Über die Planung", "Ελληνικά νέα", "Привет команда", "Budget 2024", "release notes",
    "Holiday schedule", "Bug #1234 crash", "Offsite", "Straße closed", "naïve question",
    "Re-org", "FW policy", "[urgent] disk full", "Weekly sync",
]

NAMES = [
    ("Alice Example", "alice"), ("Bob", "Bob.Smith"), ("Carol Ann", "carol"),
    ("Émile Zola", "emile"), ("Jürgen", "juergen"), ("dave", "Dave"), ("Zed", "zed"),
    ("Ösel", "oesel"), ("", "eve"), ("Mallory", "mallory"),
]


def subject_variant(rng: random.Random, topic: str, reply: bool) -> str:
    """A raw Subject for `topic`, decorated the many ways RFC 5256 section 2.1 strips."""
    plain = [
        lambda t: t,
        lambda t: t.upper(),
        lambda t: t.lower(),
        lambda t: "[list] " + t,
        lambda t: t + " (fwd)",
        lambda t: "  " + t.replace(" ", "\t ", 1) + "  ",
        lambda t: "[fwd: " + t + "]",
        lambda t: "[a][b] " + t,
    ]
    replies = [
        lambda t: "Re: " + t,
        lambda t: "RE: " + t,
        lambda t: "re:" + t,
        lambda t: "Re: Re: " + t,
        lambda t: "Fwd: " + t,
        lambda t: "Fw: " + t,
        lambda t: "[list] Re: " + t,
        lambda t: "Re: [list] " + t,
        lambda t: "Re[2]: " + t,
        lambda t: "Re : " + t,
        lambda t: "Re: " + t + " (fwd)",
        lambda t: "Fwd: [fwd: Re: " + t + "]",
    ]
    subject = rng.choice(replies if reply else plain)(topic)
    roll = rng.random()
    if roll < 0.12:
        subject = q_word(subject)
    elif roll < 0.2:
        subject = b_word(subject)
    elif roll < 0.25 and all(ord(c) < 0x100 for c in subject):
        subject = q_word(subject, "iso-8859-1")
    elif roll < 0.3 and " " in subject:
        head, tail = subject.split(" ", 1)
        subject = head + " " + q_word(tail)  # plain text followed by an encoded word
    return subject


def address(rng: random.Random, domain: str) -> str:
    name, local = rng.choice(NAMES)
    style = rng.randrange(6)
    if style == 0 or not name:
        return f"{local}@{domain}"
    if style == 1:
        return f'"{name}" <{local}@{domain}>'
    if style == 2:
        return f"{q_word(name)} <{local}@{domain}>"
    if style == 3:
        return f"{local}@{domain} ({name})"
    if style == 4:
        return f"<{local}@{domain}>"
    if all(ord(c) < 0x80 for c in name):
        return f"{name} <{local}@{domain}>"
    return f"{b_word(name)} <{local}@{domain}>"


def generate(seed: int = 5256, count: int = 520) -> list[CorpusMessage]:
    rng = random.Random(seed)
    messages: list[CorpusMessage] = []
    known: list[tuple[str, list[str], str]] = []  # (message-id, references chain, topic)
    used_ids: list[str] = []
    for i in range(count):
        seq = i + 1
        mid = f"<m{seq}.{rng.randrange(1000)}@corpus.example>"
        roll = rng.random()
        headers: list[tuple[str, str]] = []
        refs: list[str] = []
        reply = known and roll < 0.55
        if reply:
            parent_id, parent_refs, topic = rng.choice(known[-60:])
            refs = parent_refs + [parent_id]
            if rng.random() < 0.5:
                topic = rng.choice(known)[2] if rng.random() < 0.1 else topic
        else:
            topic = rng.choice(TOPICS)
        # Message-ID: usually unique; sometimes missing, invalid or a duplicate.
        id_roll = rng.random()
        if id_roll < 0.04:
            mid_header = None
        elif id_roll < 0.07 and used_ids:
            mid_header = rng.choice(used_ids)  # duplicate
        elif id_roll < 0.09:
            mid_header = f"<no-at-sign-{seq}>"
        elif id_roll < 0.11:
            mid_header = f"<m{seq} @ corpus.example>"  # whitespace inside is removed
        else:
            mid_header = mid
        if mid_header:
            headers.append(("Message-ID", mid_header))
            used_ids.append(mid_header)
        # References / In-Reply-To shapes.
        ref_roll = rng.random()
        if refs:
            if ref_roll < 0.15:
                headers.append(("In-Reply-To", refs[-1]))  # In-Reply-To only
            elif ref_roll < 0.25:
                headers.append(("References", " ".join(refs[-1:])))  # truncated
            elif ref_roll < 0.3:
                headers.append(("References", "<lost-" + str(seq) + "@gone> " + refs[-1]))
            elif ref_roll < 0.35:
                headers.append(("References", "bogus-no-brackets"))
                headers.append(("In-Reply-To", refs[-1] + " (comment)"))
            elif ref_roll < 0.4:
                headers.append(("References", "\r\n\t".join(refs)))  # folded
                headers.append(("In-Reply-To", "<ignored@because.references>"))
            elif ref_roll < 0.44 and mid_header:
                # A loop: reference ourselves or put the chain in the wrong order.
                headers.append(("References", " ".join(refs + [mid_header])))
            elif ref_roll < 0.48 and len(refs) > 1:
                headers.append(("References", " ".join(reversed(refs))))
            else:
                headers.append(("References", " ".join(refs)))
        elif ref_roll < 0.06:
            headers.append(("References", f"<dummy{rng.randrange(8)}@nowhere>"))
        elif ref_roll < 0.08:
            headers.append(("In-Reply-To", f"<dummy{rng.randrange(8)}@nowhere>"))
        headers.append(("Subject", subject_variant(rng, topic, bool(reply))))
        if rng.random() < 0.02:
            headers = [h for h in headers if h[0] != "Subject"]
        # Dates: most distinct, some equal, some missing/invalid, various zones.
        date_roll = rng.random()
        sent = BASE_TIME + rng.randrange(0, 40 * 86400) // 60 * 60
        if date_roll < 0.06:
            pass  # no Date header: INTERNALDATE is used
        elif date_roll < 0.08:
            headers.append(("Date", "not a date"))
        elif date_roll < 0.14:
            headers.append(("Date", rfc2822_date(BASE_TIME + 86400 * 3)))  # equal dates
        else:
            headers.append(("Date", rfc2822_date(sent, rng.choice([0, 0, 60, -300, 330, -480]))))
        headers.append(("From", address(rng, rng.choice(["example.net", "Example.ORG"]))))
        headers.append(("To", address(rng, "example.org")))
        if rng.random() < 0.4:
            headers.append(("Cc", address(rng, "cc.example")))
        rng.shuffle(headers)
        body = "x" * rng.choice([10, 10, 50, 120, rng.randrange(1, 400)])
        internal = BASE_TIME + 50 * 86400 + rng.randrange(0, 5000) * 60
        if messages and rng.random() < 0.05:
            internal = messages[-1].internaldate  # equal INTERNALDATEs
        messages.append(CorpusMessage(build_message(headers, body), internal))
        if mid_header and "@" in mid_header and " " not in mid_header:
            known.append((mid_header, refs[-6:], topic))
    return messages


def capture_vectors() -> list[CorpusMessage]:
    """The 14 messages whose live answers are in dovecot.md section 3.4."""
    spec = [
        ("<1@t>", None, None, "Project plan", "10:00"),
        ("<2@t>", None, "<1@t>", "Re: Project plan", "11:00"),
        ("<3@t>", "<1@t> <2@t>", None, "Re: Project plan", "10:30"),
        ("<4@t>", "<missing@t>", None, "Lunch", "09:00"),
        ("<5@t>", "<missing@t>", None, "Re: Lunch", "09:30"),
        ("<6@t>", None, None, "Fwd: Project plan", "12:00"),
        ("<7@t>", None, None, "[list] Re: status", "08:00"),
        ("<8@t>", None, None, "Status", "08:30"),
        (None, None, None, "No message id, no date", None),
        ("<1@t>", None, None, "Duplicate id of 1", "13:00"),
        ("<11@t>", "<11@t>", None, "Self loop", "13:30"),
        ("<12@t>", "<1@t> <3@t>", None, "Re: Project plan", "14:00"),
        ("<13@t>", "<x@t> <y@t>", "<8@t>", "Re: Re: [list] status (fwd)", "15:00"),
        ("<14@t>", "bogus-no-brackets", "<4@t>", "RE: lunch", "15:30"),
    ]
    out = []
    for n, (mid, refs, irt, subject, time) in enumerate(spec, start=1):
        headers = [("From", f"t{n}@example.net"), ("To", "alice@example.org")]
        if mid:
            headers.append(("Message-ID", mid))
        if refs:
            headers.append(("References", refs))
        if irt:
            headers.append(("In-Reply-To", irt))
        headers.append(("Subject", subject))
        if time:
            headers.append(("Date", f"Mon, 01 Jan 2024 {time}:00 +0000"))
        internal = BASE_TIME + 7 * 3600 if time is None else BASE_TIME + 86400 + n
        out.append(CorpusMessage(build_message(headers, f"body {n}"), internal))
    return out


def write_corpus(directory: Path, messages: list[CorpusMessage]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for seq, msg in enumerate(messages, start=1):
        (directory / f"{seq:05d}_{msg.internaldate}.eml").write_bytes(msg.raw)
    return directory
