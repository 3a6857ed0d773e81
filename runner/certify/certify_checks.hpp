#pragma once
// The certification checks (issue 7). Each family appends CheckResults; none throws for a
// finding (a failing check is a result), only for a bug. Network checks talk to the deployment
// only through real protocols: TLS handshakes (common/tls_probe), HTTP, IMAP.
// Thread: run on the caller's thread; the IMAP checks run their own io thread.
#include <vector>

#include "runner/certify/check_result.hpp"
#include "runner/certify/deployment.hpp"

namespace oxh::runner::certify {

// VER-01: the App Suite reports 7.8.4-rev22 or newer.
void runVersionCheck(const Deployment& deployment, std::vector<CheckResult>& results);
void runTlsChecks(const Deployment& deployment, std::vector<CheckResult>& results);
void runMiddlewareChecks(const Deployment& deployment, std::vector<CheckResult>& results);
void runDovecotChecks(const Deployment& deployment, std::vector<CheckResult>& results);
void runConfigLint(const Deployment& deployment, std::vector<CheckResult>& results);
// PUSH-02: an LMTP delivery produces Dovecot's http-notify callback (certify is the receiver).
void runPushDeliveryCheck(const Deployment& deployment, std::vector<CheckResult>& results);
// LINT-PNS-01: the PNS files let the Mobile API Facade's client get new-mail pushes.
void runPnsLint(const Deployment& deployment, std::vector<CheckResult>& results);
// FLAG-01: each test user is provisioned in a flagging mode the OX Mail app supports.
void runFlaggingChecks(const Deployment& deployment, std::vector<CheckResult>& results);

// Every family in order.
std::vector<CheckResult> runAllChecks(const Deployment& deployment);

}  // namespace oxh::runner::certify
