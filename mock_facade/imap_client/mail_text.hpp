#pragma once
// Text and time helpers for rendering mail fields as App Suite does: RFC 2047 encoded words,
// RFC 5322 and IMAP INTERNALDATE dates, and the user's time-zone offset for "Time" values
// (ox.md 2.1: Time = UTC ms plus the user's offset unless timezone=UTC).
// Thread: pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oxh::facade::mailtext {

// "=?utf-8?B?...?=" / "=?iso-8859-1?Q?...?=" words decoded to UTF-8 (us-ascii, utf-8, iso-8859-1,
// iso-8859-15 and windows-1252 as Latin-1); whitespace between adjacent encoded words dropped.
// Other charsets keep their bytes.
std::string decodeEncodedWords(std::string_view text);
// RFC 5322 date-time ("Mon, 7 Feb 1994 21:52:25 -0800") -> UTC milliseconds.
std::optional<std::int64_t> parseRfc5322Date(std::string_view text);
// IMAP date-time ("17-Jul-1996 02:44:25 -0700") -> UTC milliseconds.
std::optional<std::int64_t> parseInternalDate(std::string_view text);
// Offset in milliseconds of zone `zone` at UTC instant `utcMillis`: "UTC"/"GMT", "+HH:MM",
// "-HH:MM", and the CET zones with the EU rule (last Sunday of March 01:00 UTC to last Sunday of
// October 01:00 UTC: +2h, otherwise +1h). Unknown zones: 0.
std::int64_t zoneOffsetMillis(std::string_view zone, std::int64_t utcMillis);
// Days since 1970-01-01 of a civil date (proleptic Gregorian).
std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);

}  // namespace oxh::facade::mailtext
