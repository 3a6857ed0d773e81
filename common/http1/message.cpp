#include "common/http1/message.hpp"

#include <cctype>

#include "common/http1/body_json.hpp"

namespace oxh::http1 {

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

nlohmann::json headersJson(const HeaderList& headers) {
  // An array of [name, value] pairs: order, duplicates and spelling all survive.
  auto out = nlohmann::json::array();
  for (const auto& [name, value] : headers) {
    out.push_back(nlohmann::json::array({name, value}));
  }
  return out;
}

}  // namespace

std::optional<std::string> findHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (equalsIgnoreCase(key, name)) {
      return value;
    }
  }
  return std::nullopt;
}

std::string Request::path() const { return target.substr(0, target.find('?')); }

std::string Request::query() const {
  const auto mark = target.find('?');
  return mark == std::string::npos ? std::string() : target.substr(mark + 1);
}

Response Response::json(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = body.dump();
  return response;
}

Response Response::text(int status, std::string body) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  response.body = std::move(body);
  return response;
}

nlohmann::json toJson(const Request& request) {
  nlohmann::json out{
      {"method", request.method}, {"target", request.target},           {"path", request.path()},
      {"query", request.query()}, {"version", request.version},         {"headers", headersJson(request.headers)},
      {"peer", request.peer},     {"connection", request.connectionId}, {"tls", request.tlsVersion}};
  addBodyJson(out, request.body, request.header("Content-Type").value_or(""));
  return out;
}

nlohmann::json toJson(const Response& response) {
  nlohmann::json out{
      {"status", response.status}, {"reason", response.reason}, {"headers", headersJson(response.headers)}};
  addBodyJson(out, response.body, response.header("Content-Type").value_or(""));
  return out;
}

}  // namespace oxh::http1
