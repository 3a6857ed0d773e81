"""A corpus of varied RFC 5322/MIME messages for comparing the fake Dovecot's MIME renderings
(mock_dovecot/mime, via oxh_mime_tool) with real Dovecot's FETCH answers.

Each entry is (name, raw bytes with CRLF line ends, section specs worth fetching).
`write_corpus(dir)` writes <name>.eml files and returns [(name, path, specs)].
Run as a script to write the corpus into a directory: python3 mime_corpus.py OUTDIR
"""
from __future__ import annotations

import base64
import quopri
import sys
from pathlib import Path

BASE_SPECS = ["", "HEADER", "TEXT", "1", "1.MIME", "2", "HEADER.FIELDS (SUBJECT FROM)",
              "HEADER.FIELDS.NOT (SUBJECT DATE)"]


def _crlf(text: str | bytes) -> bytes:
    data = text.encode("utf-8") if isinstance(text, str) else text
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return data


def _hdr(**extra: str) -> str:
    base = {
        "From": "Alice Example <alice@example.org>",
        "To": "Bob <bob@example.org>",
        "Subject": "Test message",
        "Date": "Mon, 02 Jan 2023 10:11:12 +0100",
        "Message-ID": "<m1@example.org>",
    }
    base.update({k.replace("_", "-"): v for k, v in extra.items()})
    return "".join(f"{k}: {v}\n" for k, v in base.items() if v is not None)


def _long_text(lines: int = 30) -> str:
    return "".join(f"Line {i}: the quick brown fox jumps over the lazy dog.\n" for i in range(lines))


def corpus() -> list[tuple[str, bytes, list[str]]]:
    c: list[tuple[str, bytes, list[str]]] = []

    def add(name: str, raw: str | bytes, specs: list[str] | None = None) -> None:
        c.append((name, _crlf(raw), BASE_SPECS + (specs or [])))

    add("plain", _hdr() + "\nHello Bob,\nthis is a plain message.\n")
    add("plain_mime_version", _hdr(MIME_Version="1.0", Content_Type="text/plain; charset=us-ascii")
        + "\nJust text.\n")
    add("utf8_8bit", _hdr(MIME_Version="1.0", Content_Type="text/plain; charset=utf-8",
                          Content_Transfer_Encoding="8bit", Subject="Grüße aus Köln")
        + "\nGrüße aus Köln – “quotes” and ümlauts.\n")
    body_qp = quopri.encodestring(("Zeile eins: Grüße aus Köln, long line " + "y" * 100 + "\nEnde.\n")
                                  .encode("utf-8")).decode("ascii")
    add("quoted_printable", _hdr(MIME_Version="1.0", Content_Type='text/plain; charset="utf-8"',
                                 Content_Transfer_Encoding="quoted-printable") + "\n" + body_qp)
    b64 = base64.encodebytes("Base64 body with ünïcödé text.\nSecond line.\n".encode("utf-8")).decode()
    add("base64_text", _hdr(MIME_Version="1.0", Content_Type="text/plain; charset=UTF-8",
                            Content_Transfer_Encoding="base64") + "\n" + b64)
    latin1 = "Sch\xf6ne Gr\xfc\xdfe aus M\xfcnchen \xa4\n".encode("latin-1")
    add("latin1_8bit", _hdr(MIME_Version="1.0", Content_Type="text/plain; charset=iso-8859-1",
                            Content_Transfer_Encoding="8bit").encode() + b"\n" + latin1)
    add("latin9_qp", _hdr(MIME_Version="1.0", Content_Type="text/plain; charset=ISO-8859-15",
                          Content_Transfer_Encoding="quoted-printable") + "\nPreis: 10 =A4, =BDuvre\n")
    add("cp1252", _hdr(MIME_Version="1.0", Content_Type="text/plain; charset=windows-1252",
                       Content_Transfer_Encoding="quoted-printable") + "\n=93Smart quotes=94 =96 dash =80\n")
    att = base64.encodebytes(bytes(range(256))).decode()
    add("multipart_mixed_attachment",
        _hdr(MIME_Version="1.0", Content_Type='multipart/mixed; boundary="XYZ"')
        + "\nThis is the preamble.\n--XYZ\nContent-Type: text/plain; charset=utf-8\n\nSee the attachment.\n"
        "--XYZ\nContent-Type: application/octet-stream; name=\"data.bin\"\n"
        "Content-Disposition: attachment; filename=\"data.bin\"; size=256\n"
        "Content-Transfer-Encoding: base64\nContent-ID: <att1@example.org>\nContent-Description: raw bytes\n\n"
        + att + "--XYZ--\nThis is the epilogue.\n", ["2.MIME", "3", "1.TEXT", "2.HEADER"])
    add("multipart_alternative",
        _hdr(MIME_Version="1.0", Content_Type="multipart/alternative; boundary=alt42")
        + "\n--alt42\nContent-Type: text/plain; charset=utf-8\n\nPlain version of the text.\n"
        "--alt42\nContent-Type: text/html; charset=utf-8\n\n<html><body><p>HTML <b>version</b></p></body></html>\n"
        "--alt42--\n", ["2.MIME"])
    add("multipart_alternative_html_first",
        _hdr(MIME_Version="1.0", Content_Type="multipart/alternative; boundary=alt43")
        + "\n--alt43\nContent-Type: text/html; charset=utf-8\n\n<p>HTML&nbsp;first &amp; foremost</p>\n"
        "--alt43\nContent-Type: text/plain; charset=utf-8\n\nPlain second.\n--alt43--\n")
    add("html_only", _hdr(MIME_Version="1.0", Content_Type="text/html; charset=utf-8")
        + "\n<html><head><style>p {color: red}</style><title>T</title></head>\n"
        "<body><!-- hidden --><p>Hello&nbsp;<i>HTML</i> world &lt;3 &#x263A; AT&T</p>"
        "<blockquote>quoted part</blockquote><script>var x = 1;</script>after</body></html>\n")
    inner = (_hdr(Subject="Inner message", From="Carol <carol@example.org>", Message_ID="<inner@example.org>",
                  MIME_Version="1.0", Content_Type="text/plain; charset=utf-8")
             + "\nThe inner body.\nSecond inner line.\n")
    add("nested_rfc822",
        _hdr(MIME_Version="1.0", Content_Type="multipart/mixed; boundary=outer")
        + "\n--outer\nContent-Type: text/plain\n\nForwarded message below.\n"
        "--outer\nContent-Type: message/rfc822\nContent-Disposition: inline\n\n" + inner + "--outer--\n",
        ["2.HEADER", "2.TEXT", "2.1", "2.MIME", "2.HEADER.FIELDS (SUBJECT)", "2.1.MIME"])
    add("rfc822_with_multipart_inside",
        _hdr(MIME_Version="1.0", Content_Type="message/rfc822")
        + "\n" + _hdr(Subject="Inner multipart", MIME_Version="1.0", Content_Type="multipart/mixed; boundary=in")
        + "\n--in\n\nfirst\n--in\nContent-Type: text/plain\n\nsecond\n--in--\n",
        ["1.1", "1.2", "1.HEADER", "1.TEXT", "1.1.MIME"])
    add("nested_multipart",
        _hdr(MIME_Version="1.0", Content_Type='multipart/mixed; boundary="a"')
        + "\n--a\nContent-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nB1\n"
        "--b\nContent-Type: text/html\n\n<b>B2</b>\n--b--\nepilogue of b\n--a\nContent-Type: text/plain\n\nA2\n--a--\n",
        ["1.1", "1.2", "1.2.MIME", "1.MIME"])
    add("groups", _hdr(To="Friends: a@example.org, \"B B\" <b@example.org>;, Empty:;",
                       Cc="undisclosed-recipients:;"))
    add("missing_headers", "X-Only: header\n\nBody without the usual headers.\n")
    add("no_header_at_all", "\nBody after an empty header.\n")
    add("encoded_words", _hdr(Subject="=?utf-8?q?J=C3=BCrgen?= =?utf-8?b?R3LDvMOfZQ==?= plain",
                              From="=?iso-8859-1?q?J=FCrgen_M=FCller?= <jm@example.net>")
        + "\nBody.\n")
    add("odd_parameters",
        _hdr(MIME_Version="1.0",
             Content_Type='Text/PLAIN; CHARSET="UTF-8"; Format=Flowed; name*0="long"; name*1="name.txt"; '
                          "title*=utf-8''%E2%82%AC%20rate; empty=\"\"",
             Content_Disposition='INLINE; FileName="a \\"quoted\\" name.txt"',
             Content_Language="de, en-US", Content_Location="http://example.org/x",
             Content_MD5="Q2hlY2sgSW50ZWdyaXR5IQ==")
        + "\nText with odd parameters.\n")
    add("long_folded_headers",
        _hdr(Subject="A very long subject that is folded\n  over several lines\n\tand even uses a tab",
             To="one@example.org,\n two@example.org,\n \"Three, Third\" <three@example.org>",
             References="<a@example.org>\n <b@example.org>", Date="Tue, 3 Jan 2023\n 10:00:00 -0500")
        + "\nBody.\n")
    add("empty_body", _hdr())
    add("empty_body_with_blank_line", _hdr() + "\n")
    add("quoted_specials", _hdr(Subject='Quote "one" "two" \\ back', From='"Last, First \\"Nick\\"" <n@example.org>')
        + "\nBody.\n")
    add("many_specials", _hdr(Subject='""""" five quotes') + "\nBody.\n")
    add("eight_bit_header", _hdr(Subject="Raw 8-bit Grüße", From="Jürgen <j@example.org>") + "\nBody.\n")
    add("multiple_from_and_subject", _hdr() + "From: second@example.org\nSubject: Second subject\n\nBody.\n")
    add("sender_reply_to", _hdr(Sender="Secretary <sec@example.org>", Reply_To="list@example.org",
                                Bcc="hidden@example.org", In_Reply_To="<parent@example.org>") + "\nBody.\n")
    add("broken_addresses", _hdr(To="just-a-name, <@route.example:user@example.org>, user@, @example.org, "
                                    "\"Quoted\" only, x@[127.0.0.1] (Comment Name)") + "\nBody.\n")
    add("no_mime_version_cte", _hdr(Content_Transfer_Encoding="base64") + "\nSGVsbG8gd29ybGQ=\n")
    add("content_type_no_mime_version", _hdr(Content_Type="text/html") + "\n<p>Hi</p>\n")
    add("multipart_no_boundary", _hdr(MIME_Version="1.0", Content_Type="multipart/mixed") + "\nNo parts here.\n")
    add("multipart_missing_end", _hdr(MIME_Version="1.0", Content_Type="multipart/mixed; boundary=zz")
        + "\n--zz\n\nonly part, never closed\n", ["1.MIME"])
    add("boundary_prefix_tricks",
        _hdr(MIME_Version="1.0", Content_Type="multipart/mixed; boundary=ab")
        + "\n--ab\nContent-Type: multipart/mixed; boundary=abc\n\n--abc\n\ninner\n--abc--\n--ab\n\nouter two\n--ab--\n",
        ["1.1", "1.MIME"])
    add("part_header_ended_by_boundary",
        _hdr(MIME_Version="1.0", Content_Type="multipart/mixed; boundary=q")
        + "\n--q\nContent-Type: text/plain\n--q\n\nsecond\n--q--\n", ["1.MIME"])
    add("digest",
        _hdr(MIME_Version="1.0", Content_Type="multipart/digest; boundary=d")
        + "\n--d\n\nSubject: digest one\nFrom: x@example.org\n\nfirst digest body\n--d\n"
        "Content-Type: text/plain\n\nexplicit text\n--d--\n", ["1.1", "1.HEADER"])
    add("invalid_content_type", _hdr(MIME_Version="1.0", Content_Type="text") + "\nbody\n")
    add("content_type_garbage", _hdr(MIME_Version="1.0", Content_Type="text/plain garbage") + "\nbody\n")
    add("quoted_reply", _hdr() + "\n> quoted line one\n> quoted line two\n\nActual reply text.\n")
    add("only_quoted", _hdr() + "\n> all quoted\n> really\n")
    add("long_body", _hdr() + "\n" + _long_text(20))
    add("whitespace_body", _hdr() + "\n   \n\t\n  lots   of\t\tspace  \n\n")
    add("cr_only_lines", _hdr().encode() + b"\nline one\rline two\r\nend\r\n")
    add("huge_header", _hdr(X_Long="v" * 5000, Subject="huge " + "w " * 500) + "\nBody.\n")
    add("application_only", _hdr(MIME_Version="1.0", Content_Type="application/pdf; name=x.pdf",
                                 Content_Transfer_Encoding="base64") + "\nJVBERi0xLjQK\n")
    add("unknown_charset", _hdr(MIME_Version="1.0", Content_Type="text/plain; charset=x-unknown-42")
        + "\nText in an unknown charset.\n")
    add("bom_and_nul", _hdr(MIME_Version="1.0", Content_Type="text/plain; charset=utf-8")
        + "\n\ufeffBOM first\n")
    add("alternative_without_plain",
        _hdr(MIME_Version="1.0", Content_Type="multipart/alternative; boundary=np")
        + "\n--np\nContent-Type: text/enriched\n\n<bold>enriched</bold>\n"
        "--np\nContent-Type: text/html\n\n<p>html wins</p>\n--np--\n")
    add("eight_bit_mime_fields",
        _hdr(MIME_Version="1.0", Content_Type="text/plain; charset=utf-8; name=\"Grüße.txt\"",
             Content_Description="Beschreibung: Grüße", Content_ID="<ü@example.org>")
        + "\nbody\n")
    # LF-only line ends, appended as they are (sizes and sections count them as CRLF).
    c.append(("lf_only", (_hdr(MIME_Version="1.0", Content_Type="multipart/mixed; boundary=lf")
                          + "\n--lf\n\nlf part\n--lf--\n").encode(), BASE_SPECS + ["1.MIME"]))
    return c


def write_corpus(directory: Path) -> list[tuple[str, Path, list[str]]]:
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, raw, specs in corpus():
        path = directory / f"{name}.eml"
        path.write_bytes(raw)
        out.append((name, path, specs))
    return out


if __name__ == "__main__":
    for name, path, _ in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "mime-corpus")):
        print(path)
