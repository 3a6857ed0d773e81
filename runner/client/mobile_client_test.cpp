// The queue and store logic without sockets: an in-memory App Suite answering the requests the
// client makes (login, folders list, mail all/update/delete/new), which can go offline or
// process a request and lose its answer (a connection cut after the server acted).
#include <gtest/gtest.h>

#include <map>

#include "runner/client/mobile_client.hpp"

namespace oxh::client {
namespace {

struct ServerMail {
  std::string id, messageId, subject, from, opHeader;
  int flags = 0;
  int color = 0;
};

class MemoryServer : public AjaxTransport {
 public:
  std::map<std::string, std::vector<ServerMail>> folders{{"default0/INBOX", {}}, {"default0/Sent", {}}, {"default0/Trash", {}}, {"default0/Archive", {}}};
  bool online = true;
  int answerLostAt = -1;  // the request with this number is processed but its answer is lost
  int requests = 0;
  int sends = 0;
  int nextUid = 1;

  std::string deliver(const std::string& folder, const std::string& subject, const std::string& messageId) {
    const auto id = std::to_string(nextUid++);
    folders[folder].push_back({id, messageId, subject, "carol@example.net", "", 0, 0});
    return id;
  }
  ServerMail* find(const std::string& folder, const std::string& subject) {
    for (auto& mail : folders[folder]) if (mail.subject == subject) return &mail;
    return nullptr;
  }

  AjaxReply call(const AjaxRequest& request, const std::string&, const std::string&) override {
    AjaxReply reply;
    if (!online) {
      reply.error = "connection refused";
      return reply;
    }
    std::map<std::string, std::string> q(request.query.begin(), request.query.end());
    reply.reachable = true;
    reply.status = 200;
    const bool lost = requests++ == answerLostAt;
    if (request.path == "/ajax/login") {
      reply.body = {{"session", "s1"}};
      reply.headers.emplace_back("Set-Cookie", "open-xchange-secret-x=y; Path=/");
    } else if (request.path == "/ajax/folders") {
      reply.body = {{"data", {{"default0/INBOX", "INBOX", 7}, {"default0/Sent", "Sent", 10}, {"default0/Trash", "Trash", 12},
                              {"default0/Archive", "Archive", 0}}}};
    } else if (q["action"] == "all") {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& m : folders[q["folder"]]) {
        rows.push_back({m.id, m.subject, m.flags, m.color, {{nullptr, m.from}}, m.messageId, m.opHeader.empty() ? nlohmann::json() : nlohmann::json(m.opHeader)});
      }
      reply.body = {{"data", rows}};
    } else if (q["action"] == "update") {
      reply.body = update(q["folder"], q["id"], nlohmann::json::parse(*request.body));
    } else if (q["action"] == "delete") {
      const auto items = nlohmann::json::parse(*request.body);
      reply.body = moveTo(items[0]["folder"], items[0]["id"], "default0/Trash") ? nlohmann::json{{"data", nlohmann::json::array()}}
                                                                                : nlohmann::json{{"code", "MSG-0032"}};
    } else if (q["action"] == "new") {
      const auto start = request.body->find("\r\n\r\n") + 4;
      const auto mail = nlohmann::json::parse(request.body->substr(start, request.body->find("\r\n--", start) - start));
      ++sends;
      const auto id = std::to_string(nextUid++);
      folders["default0/Sent"].push_back({id, mail["headers"]["Message-ID"], mail["subject"], "alice@example.org", mail["headers"]["X-OXH-Op"], 32, 0});
      reply.body = {{"data", "default0/Sent/" + id}};
    }
    if (lost) {
      reply = AjaxReply{};
      reply.error = "connection reset";
    }
    return reply;
  }

  bool moveTo(const std::string& folder, const std::string& id, const std::string& target) {
    auto& mails = folders[folder];
    for (auto it = mails.begin(); it != mails.end(); ++it) {
      if (it->id != id) continue;
      auto mail = *it;
      mails.erase(it);
      mail.id = std::to_string(nextUid++);
      folders[target].push_back(mail);
      return true;
    }
    return false;
  }

  nlohmann::json update(const std::string& folder, const std::string& id, const nlohmann::json& body) {
    for (auto& m : folders[folder]) {
      if (m.id != id) continue;
      if (body.contains("flags")) m.flags = body["value"].get<bool>() ? (m.flags | body["flags"].get<int>()) : (m.flags & ~body["flags"].get<int>());
      if (body.contains("color_label")) m.color = body["color_label"];
      if (body.contains("folder_id")) moveTo(folder, id, body["folder_id"]);
      return {{"data", {{"folder_id", folder}, {"id", id}}}};
    }
    return {{"code", "MSG-0032"}};
  }
};

class MobileClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto owned = std::make_unique<MemoryServer>();
    server = owned.get();
    server->deliver("default0/INBOX", "one", "<one@x>");
    server->deliver("default0/INBOX", "two", "<two@x>");
    client = std::make_unique<MobileClient>("app", ClientAccount{"alice@example.org", "secret", ""}, std::move(owned), journal, 42);
    ASSERT_TRUE(client->sync());
  }
  std::size_t journaled(const std::string& kind) {
    return journal.count([&](const journal::Entry& e) { return e.kind == kind; }, {false, 0, true});
  }

  journal::Journal journal;
  MemoryServer* server = nullptr;
  std::unique_ptr<MobileClient> client;
};

TEST_F(MobileClientTest, OfflineOperationsShowAtOnceAndReplayInOrder) {
  server->online = false;
  client->setFlagged({"one", "", ""}, true);
  client->move({"one", "", ""}, "Archive");
  client->setSeen({"one", "", ""}, true);
  const auto* local = client->store().findByMessageId("<one@x>");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->folder, "default0/Archive");
  EXPECT_EQ(local->flags, kFlagFlagged | kFlagSeen);
  EXPECT_TRUE(client->replay().interrupted);
  EXPECT_EQ(client->queue().count(OpState::Pending), 3u);
  server->online = true;
  const auto result = client->replay();
  EXPECT_FALSE(result.interrupted);
  EXPECT_EQ(result.done, 3u);
  auto* mail = server->find("default0/Archive", "one");
  ASSERT_NE(mail, nullptr);
  EXPECT_EQ(mail->flags, kFlagFlagged | kFlagSeen);  // read applied after the move, in the moved copy
  EXPECT_EQ(server->find("default0/INBOX", "one"), nullptr);
  EXPECT_FALSE(client->store().findByMessageId("<one@x>")->pending);
}

TEST_F(MobileClientTest, ARepeatedOrCutReplaySendsOnce) {
  server->online = false;
  const auto& op = client->send("bob@example.org", "hello", "text");
  const auto messageId = op.sentMessageId;
  EXPECT_NE(client->store().findByMessageId(messageId), nullptr);  // shown in Sent while queued
  server->online = true;
  // The send is processed, but its answer is lost: the op stays pending.
  server->answerLostAt = server->requests;  // the first attempt sends at once
  EXPECT_TRUE(client->replay().interrupted);
  EXPECT_EQ(server->sends, 1);
  EXPECT_EQ(client->queue().count(OpState::Pending), 1u);
  const auto again = client->replay();
  EXPECT_FALSE(again.interrupted);
  EXPECT_EQ(server->sends, 1);  // found in Sent: not sent again
  EXPECT_EQ(journaled("client.duplicate_avoided"), 1u);
  EXPECT_EQ(server->folders["default0/Sent"].size(), 1u);
  EXPECT_EQ(server->folders["default0/Sent"][0].messageId, messageId);
}

TEST_F(MobileClientTest, ChangesOnTheServerAreConflictsAndTheStoreConverges) {
  server->online = false;
  client->setFlagged({"one", "", ""}, true);
  client->setFlagged({"two", "", ""}, true);
  server->online = true;
  server->folders["default0/INBOX"].erase(server->folders["default0/INBOX"].begin());  // "one" expunged
  server->moveTo("default0/INBOX", server->find("default0/INBOX", "two")->id, "default0/Archive");
  const auto result = client->replay();
  EXPECT_FALSE(result.interrupted);
  EXPECT_EQ(result.conflicts, 2u);
  EXPECT_EQ(client->queue().operations()[0].note, "deleted on the server");
  EXPECT_EQ(client->queue().operations()[1].note, "moved on the server to default0/Archive");
  EXPECT_EQ(client->store().findByMessageId("<one@x>"), nullptr);
  EXPECT_EQ(client->store().findByMessageId("<two@x>")->folder, "default0/Archive");
  EXPECT_EQ(client->store().findByMessageId("<two@x>")->flags, 0);  // the server's state
}

TEST_F(MobileClientTest, NewIdsAreRelocatedByMessageId) {
  server->online = false;
  client->setColor({"two", "", ""}, 3);
  server->online = true;
  for (auto& mail : server->folders["default0/INBOX"]) mail.id = std::to_string(100 + std::stoi(mail.id));  // renumbered
  EXPECT_EQ(client->replay().done, 1u);
  EXPECT_EQ(server->find("default0/INBOX", "two")->color, 3);
  EXPECT_EQ(journaled("client.relocated"), 1u);
}

TEST_F(MobileClientTest, UndoOfAQueuedDeleteCancelsItAndOfASentOneMovesBack) {
  server->online = false;
  client->remove({"one", "", ""});
  EXPECT_EQ(client->store().findByMessageId("<one@x>")->folder, "default0/Trash");
  EXPECT_EQ(client->undoDelete({"one", "", ""}), nullptr);
  EXPECT_EQ(client->store().findByMessageId("<one@x>")->folder, "default0/INBOX");
  server->online = true;
  client->replay();
  EXPECT_NE(server->find("default0/INBOX", "one"), nullptr);
  EXPECT_EQ(client->queue().count(OpState::Cancelled), 1u);
  client->remove({"two", "", ""});
  client->replay();
  EXPECT_NE(server->find("default0/Trash", "two"), nullptr);
  ASSERT_NE(client->undoDelete({"two", "", ""}), nullptr);
  EXPECT_FALSE(client->replay().interrupted);
  EXPECT_NE(server->find("default0/INBOX", "two"), nullptr);
  EXPECT_EQ(server->find("default0/Trash", "two"), nullptr);
}

TEST_F(MobileClientTest, IdsComeFromTheSeed) {
  journal::Journal other;
  OfflineQueue a(other, "x", 7), b(other, "x", 7);
  EXPECT_EQ(a.newId(), b.newId());
  EXPECT_THROW(client->setSeen({"missing", "", ""}, true), ClientError);
}

}  // namespace
}  // namespace oxh::client
