#pragma once
// Hands the http-notify receiver's accepted messageNew events to the fake facade's PNS. The
// receiver starts first (Dovecot must be able to call it before anything else runs); the PNS
// starts with the facade, later, and may be absent. Thread: deliver() runs on the receiver's io
// thread, set()/stop() on the runner thread; a mutex guards the pointer.
#include <memory>
#include <mutex>
#include <vector>

#include "mock_facade/fake_facade.hpp"
#include "mock_facade/notify/notify_receiver.hpp"
#include "mock_facade/pns/pns_service.hpp"

namespace oxh::runner {

class PnsRelay {
 public:
  void set(std::shared_ptr<facade::pns::PnsService> service) {
    std::lock_guard lock(mutex_);
    service_ = std::move(service);
  }
  // The running PNS (steps that act on the middleware cluster), or null.
  std::shared_ptr<facade::pns::PnsService> service() {
    std::lock_guard lock(mutex_);
    return service_;
  }
  void deliver(const facade::NotifyMessageNew& event) {
    std::shared_ptr<facade::pns::PnsService> service;
    {
      std::lock_guard lock(mutex_);
      service = service_;
    }
    if (service) {
      service->onMessageNew(event);
    }
  }
  // Stops the PNS worker before the fakes it sends to go away.
  void stop() {
    std::shared_ptr<facade::pns::PnsService> service;
    {
      std::lock_guard lock(mutex_);
      service = std::move(service_);
    }
    if (service) {
      service->stop();
    }
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<facade::pns::PnsService> service_;
};

class StepContext;

// Starts the PNS for the embedded fake facade (start_facade_pns.cpp): registers its /ajax/pns
// actions on `fake` (before the facade starts) and hands it to context.pnsRelay.
void startFacadePns(StepContext& context, facade::FakeFacade& fake, const std::vector<facade::FacadeUser>& users);

}  // namespace oxh::runner
