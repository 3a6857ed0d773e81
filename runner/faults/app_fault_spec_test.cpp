#include "runner/faults/app_fault_spec.hpp"
#include "runner/faults/fault_schedule.hpp"
#include "runner/faults/tls_termination.hpp"

#include <gtest/gtest.h>

namespace oxh::faults {
namespace {

TEST(AppFaultSpec, ParsesTlsFaults) {
  auto parsed = parseFaultSpec({{"fault", "tls_alert"}, {"alert", "protocol_version"}, {"count", "2"}});
  ASSERT_TRUE(parsed.spec) << parsed.error;
  EXPECT_EQ(parsed.spec->kind, FaultKind::kTlsAlert);
  EXPECT_EQ(*tlsAlertCode(parsed.spec->alert), 70);
  EXPECT_EQ(describe(*parsed.spec), "tls_alert protocol_version x2");
  parsed = parseFaultSpec({{"fault", "tls_certificate"}, {"certificate", "self_signed"}});
  ASSERT_TRUE(parsed.spec) << parsed.error;
  EXPECT_EQ(parsed.spec->certificate, "self_signed");
  EXPECT_EQ(parseFaultSpec({{"fault", "tls_certificate"}}).error,
            "fault 'tls_certificate' needs 'certificate' (expired, wrong_host or self_signed)");
  EXPECT_NE(parseFaultSpec({{"fault", "tls_alert"}, {"alert", "sad"}}).error.find("must be a fatal TLS alert name"),
            std::string::npos);
  EXPECT_NE(parseFaultSpec({{"fault", "tls_stall"}, {"direction", "c2s"}}).error.find("takes no 'direction'"),
            std::string::npos);
}

TEST(AppFaultSpec, ParsesHttpFaults) {
  auto parsed = parseFaultSpec({{"fault", "http_status"}, {"status", "429"}, {"retry_after", "7"}, {"path", "/3/device"}});
  ASSERT_TRUE(parsed.spec) << parsed.error;
  EXPECT_EQ(parsed.spec->status, 429);
  EXPECT_EQ(parsed.spec->retryAfter, "7");
  EXPECT_EQ(describe(*parsed.spec), "http_status 429 /3/device");
  EXPECT_EQ(parseFaultSpec({{"fault", "http_status"}, {"status", "99"}}).error,
            "fault parameter 'status' must be an HTTP status 100..599, got '99'");
  EXPECT_EQ(parseFaultSpec({{"fault", "http_delay"}}).error, "fault 'http_delay' needs 'delay' (a duration like 2s)");
  parsed = parseFaultSpec({{"fault", "http_close_mid_body"}, {"after_bytes", "10"}});
  ASSERT_TRUE(parsed.spec) << parsed.error;
  EXPECT_EQ(parsed.spec->afterBytes, 10U);
  EXPECT_NE(parseFaultSpec({{"fault", "http_malformed"}, {"status", "500"}}).error.find("does not apply"), std::string::npos);
}

TEST(AppFaultSpec, ParsesH2Faults) {
  auto parsed = parseFaultSpec({{"fault", "h2_rst_stream"}, {"error_code", "refused_stream"}});
  ASSERT_TRUE(parsed.spec) << parsed.error;
  EXPECT_EQ(parsed.spec->errorCode, 7U);
  EXPECT_EQ(describe(*parsed.spec), "h2_rst_stream REFUSED_STREAM");
  parsed = parseFaultSpec({{"fault", "h2_goaway"}, {"error_code", "11"}, {"last_stream_id", "0"}, {"delay", "1s"}});
  ASSERT_TRUE(parsed.spec) << parsed.error;
  EXPECT_EQ(h2ErrorName(parsed.spec->errorCode), "ENHANCE_YOUR_CALM");
  EXPECT_EQ(*parsed.spec->lastStreamId, 0U);
  parsed = parseFaultSpec({{"fault", "h2_settings"}, {"max_concurrent_streams", "0"}, {"initial_window_size", "100"}});
  ASSERT_TRUE(parsed.spec) << parsed.error;
  ASSERT_EQ(parsed.spec->settings.size(), 2U);
  EXPECT_EQ(parseFaultSpec({{"fault", "h2_settings"}}).error,
            "fault 'h2_settings' needs at least one setting (max_concurrent_streams, initial_window_size, ...)");
  EXPECT_NE(parseFaultSpec({{"fault", "h2_goaway"}, {"error_code", "OOPS"}}).error.find("an HTTP/2 error code"),
            std::string::npos);
}

TEST(AppFaultSpec, CountedFaultsAreSpent) {
  FaultBoard board(1);
  FaultSpec spec;
  spec.kind = FaultKind::kHttpStatus;
  spec.count = 2;
  const auto id = board.arm(spec, Clock::now());
  EXPECT_TRUE(board.take(id));
  EXPECT_TRUE(board.take(id));
  EXPECT_FALSE(board.take(id));
  EXPECT_TRUE(board.armed().empty());
  spec.count.reset();
  const auto forever = board.arm(spec, Clock::now());
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(board.take(forever));
  }
}

TEST(AppFaultSpec, AlertRecordIsAFatalTlsAlert) {
  EXPECT_EQ(tlsAlertRecord(40), std::string("\x15\x03\x03\x00\x02\x02\x28", 7));
}

}  // namespace
}  // namespace oxh::faults
