#pragma once
// Mail columns (ox.md 2.3, HTTP API appendix "column identifiers"): which IMAP FETCH items a
// column list needs, and each column's value for one message as App Suite renders it, with the
// user's flagging mode applied to color_label (102) and Time values (609, 610) shifted by the
// user's zone unless the request said timezone=UTC.
// Thread: pure functions.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mock_facade/flagging/flagging_mode.hpp"
#include "mock_facade/imap_client/fetch_parse.hpp"

namespace oxh::facade {

struct MailRender {
  flagging::Mode mode = flagging::Mode::ColorOnly;
  int defaultColor = 1;
  std::string timeZone = "UTC";
  bool utc = false;  // timezone=UTC
  std::string folderId;
  std::string accountName = "E-Mail";
};

// "UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE ..." for these columns.
std::string fetchItemsFor(const std::vector<int>& columns);
// The value of one column; unknown columns are null (App Suite skips what it does not know).
nlohmann::json mailColumn(const imapfetch::MailRecord& record, int column, const MailRender& render);
// One row of an all/list answer.
nlohmann::json mailRow(const imapfetch::MailRecord& record, const std::vector<int>& columns, const MailRender& render);
// The JSON field name of a column for object answers (threadedAll, get): 600 -> "id".
std::string mailColumnName(int column);
// The Time value of a UTC instant for this render (ox.md 2.1).
std::int64_t timeValue(std::int64_t utcMillis, const MailRender& render);
// [[personal, address], ...] with the personal part RFC 2047 decoded (null when absent).
nlohmann::json addressList(const std::vector<imapfetch::Address>& addresses);
// The message's color as stored and as shown.
int storedColorOf(const imapfetch::MailRecord& record);
bool hasAttachments(const imapfetch::BodyPart& structure);
// The `headers` parameter of all (HTTP API AllRequest.yaml, gblQueryParamMailHeaders): the FETCH
// item for these header names, and their values appended to a row after the columns (null when
// the message lacks one). Names compare case-insensitively.
std::string headerFetchItem(const std::vector<std::string>& names);
void appendHeaderValues(nlohmann::json& row, const imapfetch::MailRecord& record, const std::vector<std::string>& names);

}  // namespace oxh::facade
