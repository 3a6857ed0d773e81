#include "mock_dovecot/imap/metadata_access.hpp"

#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr const char* kNotEnabled = "[CANNOT] Generic mailbox attributes not enabled";

bool startsWith(const std::string& text, std::string_view prefix) { return text.compare(0, prefix.size(), prefix) == 0; }

}  // namespace

std::optional<std::string> verifyEntryName(const std::string& name) {
  if (name.empty() || name[0] != '/') {
    return std::string("Entry name must begin with '/'");
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    switch (name[i]) {
      case '/':
        if (i > 0 && name[i - 1] == '/') {
          return std::string("Entry name can't contain consecutive '/'");
        }
        if (i + 1 == name.size()) {
          return std::string("Entry name can't end with '/'");
        }
        break;
      case '*':
        return std::string("Entry name can't contain '*'");
      case '%':
        return std::string("Entry name can't contain '%'");
      default:
        if (static_cast<unsigned char>(name[i]) <= 0x19) {
          return std::string("Entry name can't contain control chars");
        }
    }
  }
  const auto slash = name.find('/', 1);
  const std::string prefix = toLower(name.substr(0, slash));
  if (prefix != "/private" && prefix != "/shared") {
    return std::string("Entry name must begin with /private or /shared");
  }
  return std::nullopt;
}

MetadataTransaction::MetadataTransaction(MailStore& store, std::string user, std::string mailbox, bool validatedOnly)
    : store_(store), user_(std::move(user)), mailbox_(std::move(mailbox)), validatedOnly_(validatedOnly) {}

MetadataTransaction::Key MetadataTransaction::toKey(const std::string& rawEntry) const {
  const std::string entry = toLower(rawEntry);
  Key out;
  std::string rest;
  if (startsWith(entry, "/private")) {
    rest = entry.substr(8);
  } else {
    out.type = AttributeType::kShared;
    rest = entry.substr(7);
  }
  out.key = rest.empty() ? rest : rest.substr(1);
  if (startsWith(out.key, kDovecotPvtPrefix)) {
    out.internal = true;
  }
  if (mailbox_.empty()) {
    out.key = std::string(kDovecotServerPrefix) + out.key;
  }
  return out;
}

MetadataTransaction::Value MetadataTransaction::get(const std::string& entry) const {
  const Key key = toKey(entry);
  if (key.internal) {
    return {};
  }
  const std::string serverComment = std::string(kDovecotServerPrefix) + "comment";
  const std::string serverAdmin = std::string(kDovecotServerPrefix) + "admin";
  if (mailbox_.empty() && key.type == AttributeType::kShared && (key.key == serverComment || key.key == serverAdmin)) {
    // Read-only built-ins from mail_server_comment / mail_server_admin; not "validated", so
    // they fail like generic entries when METADATA is disabled.
    if (validatedOnly_) {
      return {std::nullopt, kNotEnabled, true};
    }
    const std::string value = key.key == serverComment ? store_.serverComment() : store_.serverAdmin();
    return {value.empty() ? std::nullopt : std::optional<std::string>(value), std::nullopt, false};
  }
  if (!mailbox_.empty() && key.type == AttributeType::kPrivate && key.key == "specialuse") {
    auto snapshot = store_.snapshot(user_, mailbox_);
    if (snapshot && !snapshot->specialUse.empty()) {
      return {snapshot->specialUse, std::nullopt, false};
    }
    return {};
  }
  if (validatedOnly_) {
    return {std::nullopt, kNotEnabled, true};
  }
  return {store_.attribute(user_, storeMailbox(), key.type, key.key), std::nullopt, false};
}

std::optional<std::string> MetadataTransaction::checkSet(const std::string& entry) const {
  const Key key = toKey(entry);
  if (key.internal) {
    return std::string("[CANNOT] Internal mailbox attributes cannot be accessed");
  }
  const std::string serverComment = std::string(kDovecotServerPrefix) + "comment";
  const std::string serverAdmin = std::string(kDovecotServerPrefix) + "admin";
  const bool readOnlyServer =
      mailbox_.empty() && key.type == AttributeType::kShared && (key.key == serverComment || key.key == serverAdmin);
  const bool specialUse = !mailbox_.empty() && key.type == AttributeType::kPrivate && key.key == "specialuse";
  if (specialUse || (readOnlyServer && !validatedOnly_)) {
    // mailbox-attribute.c: "The /%s/%s attribute cannot be changed" with the stored key.
    return "[CANNOT] The /" + std::string(key.type == AttributeType::kShared ? "shared" : "private") + "/" + key.key +
           " attribute cannot be changed";
  }
  if (validatedOnly_) {
    return std::string(kNotEnabled);
  }
  return std::nullopt;
}

void MetadataTransaction::set(const std::string& entry, const std::optional<std::string>& value) {
  const Key key = toKey(entry);
  (void)store_.setAttribute(user_, storeMailbox(), key.type, key.key, value);
}

std::vector<std::string> MetadataTransaction::children(const std::string& entry) const {
  std::vector<std::string> out;
  const Key key = toKey(entry);
  if (key.internal) {
    return out;
  }
  // imap_metadata_iter_init: prefix = key + "/" unless the key is empty. For server entries
  // the key is never empty, so "/private" gives ".../pvt/server//" and finds nothing: the
  // quirk seen live (dovecot.md section 2.6).
  const std::string prefix = key.key.empty() ? std::string() : key.key + "/";
  if (!mailbox_.empty() && key.type == AttributeType::kPrivate && prefix.empty()) {
    auto snapshot = store_.snapshot(user_, mailbox_);
    if (snapshot && !snapshot->specialUse.empty()) {
      out.emplace_back("specialuse");
    }
  }
  if (validatedOnly_) {
    return out;
  }
  for (const auto& stored : store_.attributeKeys(user_, storeMailbox(), key.type, prefix)) {
    out.push_back(stored.substr(prefix.size()));
  }
  return out;
}

}  // namespace oxh::dovecot::imap
