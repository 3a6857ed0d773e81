#include "mock_dovecot/mime/address_list.hpp"

#include <gtest/gtest.h>

#include "mock_dovecot/mime/imap_render.hpp"
#include "mock_dovecot/mime/message_part.hpp"

namespace oxh::dovecot::mime {
namespace {

// The ENVELOPE "to" field for a To: header value.
std::string renderTo(std::string_view value) {
  Envelope e;
  HeaderField f{"To", std::string(value), 0, 0};
  e = parseEnvelope({f});
  std::string env = renderEnvelope(&e);
  // "(NIL NIL NIL NIL NIL <to> NIL NIL NIL NIL)"
  const std::string prefix = "(NIL NIL NIL NIL NIL ";
  const std::string suffix = " NIL NIL NIL NIL)";
  EXPECT_EQ(env.compare(0, prefix.size(), prefix), 0) << env;
  return env.substr(prefix.size(), env.size() - prefix.size() - suffix.size());
}

TEST(AddressList, NameAddrAndAddrSpec) {
  EXPECT_EQ(renderTo("\"Joe Q.\" <joe@example.net>, bob@example.org"),
            R"((("Joe Q." NIL "joe" "example.net")(NIL NIL "bob" "example.org")))");
}

TEST(AddressList, GroupsGetStartAndEndEntries) {
  EXPECT_EQ(renderTo("Friends: a@example.org;, Empty:;"),
            R"(((NIL NIL "Friends" NIL)(NIL NIL "a" "example.org")(NIL NIL NIL NIL)(NIL NIL "Empty" NIL)(NIL NIL NIL NIL)))");
}

TEST(AddressList, EmptyHeaderIsNil) { EXPECT_EQ(renderTo("   "), "NIL"); }

TEST(AddressList, CommentBecomesTheDisplayName) {
  EXPECT_EQ(renderTo("x@[127.0.0.1] (Comment Name)"), R"((("Comment Name" NIL "x" "[127.0.0.1]")))");
}

TEST(AddressList, BrokenAddressesGetDovecotPlaceholders) {
  // A lone word is a mailbox without domain (confirmed against Dovecot 2.3.19).
  EXPECT_EQ(renderTo("just-a-name"), R"(((NIL NIL "just-a-name" "MISSING_DOMAIN")))");
  EXPECT_EQ(renderTo("\"Quoted\" only"), R"((("Quoted only" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")))");
  EXPECT_EQ(renderTo("@example.org"), R"(((NIL NIL "MISSING_MAILBOX" "example.org")))");
  EXPECT_EQ(renderTo("user@"), R"(((NIL NIL "user" "MISSING_DOMAIN")))");
  EXPECT_EQ(renderTo("Name <broken"), R"((("Name" NIL "broken" "SYNTAX_ERROR")))");
}

TEST(AddressList, SourceRouteIsKept) {
  EXPECT_EQ(renderTo("<@route.example:user@example.org>"), R"(((NIL "@route.example" "user" "example.org")))");
}

TEST(AddressList, SeveralHeadersAreMerged) {
  Envelope e = parseEnvelope({{"From", "a@x.org", 0, 0}, {"From", "b@y.org", 0, 0}});
  ASSERT_TRUE(e.from.has_value());
  ASSERT_EQ(e.from->size(), 2u);
  EXPECT_EQ((*e.from)[1].mailbox, "b");
}

TEST(AddressList, DisplayNameWithSpecialsIsALiteral) {
  // string_for_humans: '"' forces a literal; 8-bit too.
  EXPECT_EQ(renderTo(R"("Last, First \"Nick\"" <n@example.org>)"),
            "(({18}\r\nLast, First \"Nick\" NIL \"n\" \"example.org\"))");
}

}  // namespace
}  // namespace oxh::dovecot::mime
