#pragma once
// Shared steps of the mail actions: the folder parameter as an IMAP mailbox (MSG-0066),
// mail ids as UIDs (MSG-0032), UID FETCH of a set with parsing, and the render settings of a
// call (flagging mode, time zone).
// Thread: callers hold the account's lock.
#include <cstdint>
#include <string>
#include <vector>

#include "mock_facade/ajax/ajax_call.hpp"
#include "mock_facade/ajax/facade_context.hpp"
#include "mock_facade/ajax/mail_columns.hpp"
#include "mock_facade/imap_client/fetch_parse.hpp"
#include "mock_facade/imap_client/imap_account.hpp"

namespace oxh::facade {

// The IMAP full name of a "default0/..." folder id; MSG-0066 when it is not one.
std::string mailboxOf(const std::string& folderId);
// SELECTs the folder (MSG-0066 when the server says NO) and returns its full name.
std::string selectFolder(ImapAccount& account, const std::string& folderId);
// A mail id must be a UID; MSG-0032 otherwise.
std::uint32_t uidOf(const std::string& id, const std::string& folderId);
std::string uidSet(const std::vector<std::uint32_t>& uids);
// UID FETCH <set> (<items>) in the selected folder.
std::vector<imapfetch::MailRecord> fetch(ImapAccount& account, const std::string& set, const std::string& items);
// UIDs of the selected folder matching `criteria` ("ALL", "UNSEEN", ...).
std::vector<std::uint32_t> search(ImapAccount& account, const std::string& criteria);
MailRender renderFor(const AjaxCall& call, const std::string& folderId);
// Runs the command; AjaxError MSG-1000 with the server's answer unless it says OK.
void mustRun(ImapAccount& account, const std::string& command);
// "(\\Seen $cl_1)"
std::string flagList(const std::vector<std::string>& flags);

}  // namespace oxh::facade
