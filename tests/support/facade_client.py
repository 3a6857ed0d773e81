"""A small App Suite HTTP API ("/ajax") client on the standard library (urllib, http.cookiejar):
a peer nobody here wrote drives the fake facade. The secret cookie is kept by the cookie jar,
as a browser would, so every call after login carries it.

`call()` returns the parsed JSON answer (the envelope: {"data", "timestamp"} or the error fields).
"""
from __future__ import annotations

import http.cookiejar
import json
import urllib.parse
import urllib.request


class AppSuite:
    def __init__(self, base_url: str, user_agent: str = "OpenXchange.iOS.Mail/1.0.6 (OS: 10.0.3; device: iPhone 7 Plus)"):
        self.base = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.user_agent = user_agent
        self.session: str | None = None
        self.login_answer: dict | None = None

    def request(self, method: str, path: str, params: dict | None = None, body: bytes | None = None,
                content_type: str | None = None, timeout: float = 15.0):
        query = urllib.parse.urlencode(params or {})
        url = f"{self.base}{path}" + (f"?{query}" if query else "")
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("User-Agent", self.user_agent)
        if content_type:
            request.add_header("Content-Type", content_type)
        with self.opener.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()

    def login(self, name: str, password: str) -> dict:
        form = urllib.parse.urlencode({"name": name, "password": password,
                                       "client": "open-xchange-mobile-api-facade"}).encode()
        status, _, body = self.request("POST", "/ajax/login", {"action": "login"}, form,
                                       "application/x-www-form-urlencoded")
        assert status == 200
        answer = json.loads(body)
        self.login_answer = answer
        self.session = answer.get("session")
        return answer

    def call(self, method: str, module: str, action: str | None, params: dict | None = None, json_body=None,
             raw: bytes | None = None, content_type: str | None = None, with_session: bool = True) -> dict:
        query = dict(params or {})
        if action is not None:
            query["action"] = action
        if with_session and self.session:
            query.setdefault("session", self.session)
        body = raw
        if json_body is not None:
            body = json.dumps(json_body).encode()
            content_type = content_type or "application/json"
        status, _, answer = self.request(method, f"/ajax/{module}", query, body, content_type)
        assert status == 200, (status, answer[:300])
        return json.loads(answer)

    def data(self, method: str, module: str, action: str, params: dict | None = None, json_body=None) -> object:
        answer = self.call(method, module, action, params, json_body)
        assert "error" not in answer, answer
        return answer["data"]

    def secret_cookie(self) -> http.cookiejar.Cookie | None:
        for cookie in self.jar:
            if cookie.name.startswith("open-xchange-secret-"):
                return cookie
        return None
