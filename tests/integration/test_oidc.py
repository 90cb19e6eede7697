"""Single sign-on against a real OpenID provider: node-oidc-provider on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import httpx
import pytest

from balise.adapters.auth.oidc import OidcClient, OidcError, OidcIdentity, OidcState

if TYPE_CHECKING:
    from oidc_fixture import RunningProvider

pytest_plugins = ("oidc_fixture",)

CITIZEN = "citizen-1"
MAX_BROWSER_STEPS = 10


class LoginFormReader(HTMLParser):
    """Collects the action and the input fields of the first form on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._in_first_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and self.action is None:
            self.action = attributes.get("action", "")
            self._in_first_form = True
        elif tag == "input" and self._in_first_form and "name" in attributes:
            self.fields[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_first_form = False


def sign_in_with_browser(authorization_url: str, redirect_uri: str) -> dict[str, str]:
    """Play the browser: log in at the provider, stop at the redirect back to Balise."""
    with httpx.Client(follow_redirects=False, timeout=10.0) as browser:
        response = browser.get(authorization_url)
        for _ in range(MAX_BROWSER_STEPS):
            if response.is_redirect:
                target = response.url.join(response.headers["location"])
                if str(target).startswith(redirect_uri):
                    return dict(target.params)
                response = browser.get(target)
            else:
                response = submit_login_form(browser, response)
    raise AssertionError("the provider never redirected back to the redirect URI")


def submit_login_form(browser: httpx.Client, page: httpx.Response) -> httpx.Response:
    assert page.status_code == httpx.codes.OK, page.text
    form = LoginFormReader()
    form.feed(page.text)
    assert form.action is not None, f"no form on {page.url}"
    fields = form.fields | {"login": CITIZEN, "password": "any password"}
    return browser.post(page.url.join(form.action), data=fields)


@pytest.fixture
def requested_paths() -> list[str]:
    return []


@pytest.fixture
def http(requested_paths: list[str]) -> Iterator[httpx.Client]:
    def record(request: httpx.Request) -> None:
        requested_paths.append(request.url.path)

    with httpx.Client(timeout=10.0, event_hooks={"request": [record]}) as client:
        yield client


@pytest.fixture
def oidc_client(oidc_provider: RunningProvider, http: httpx.Client) -> OidcClient:
    return client_of(oidc_provider, http)


def client_of(provider: RunningProvider, http: httpx.Client) -> OidcClient:
    return OidcClient(
        provider.issuer, provider.client_id, provider.client_secret, provider.redirect_uri, http
    )


def callback_after_sign_in(client: OidcClient) -> tuple[dict[str, str], OidcState]:
    authorization_url, state_blob = client.begin(next_url="/systems")
    return sign_in_with_browser(authorization_url, client.redirect_uri), state_blob


def assert_is_the_citizen(identity: OidcIdentity, provider: RunningProvider) -> None:
    assert identity == OidcIdentity(
        issuer=provider.issuer,
        subject=CITIZEN,
        email="editor@demo.balise.be",
        email_verified=True,
        name="Demo Editor",
    )


def test_a_citizen_signs_in_through_the_provider(
    oidc_client: OidcClient, oidc_provider: RunningProvider, requested_paths: list[str]
) -> None:
    query_params, state_blob = callback_after_sign_in(oidc_client)

    identity = oidc_client.complete(
        query_params=query_params, state_blob=json.loads(json.dumps(state_blob))
    )

    assert_is_the_citizen(identity, oidc_provider)
    assert state_blob["next"] == "/systems"
    assert "/me" in requested_paths, "email and name come from the userinfo endpoint"


def test_the_authorization_request_carries_a_fresh_s256_challenge(oidc_client: OidcClient) -> None:
    first_url, first_state = oidc_client.begin(next_url="/")
    second_url, second_state = oidc_client.begin(next_url="/")

    params = httpx.URL(first_url).params
    assert params["code_challenge_method"] == "S256"
    assert params["scope"] == "openid email profile"
    assert params["state"] == first_state["state"]
    assert params["nonce"] == first_state["nonce"]
    assert first_state["code_verifier"] not in first_url
    assert first_state["state"] != second_state["state"]
    assert first_state["nonce"] != second_state["nonce"]
    assert httpx.URL(second_url).params["code_challenge"] != params["code_challenge"]


def test_client_secret_post_and_claims_carried_by_the_id_token(
    oidc_provider_with_claims_in_id_token: RunningProvider,
    http: httpx.Client,
    requested_paths: list[str],
) -> None:
    provider = oidc_provider_with_claims_in_id_token
    client = client_of(provider, http)
    assert client.discover().token_endpoint_auth_method == "client_secret_post"
    query_params, state_blob = callback_after_sign_in(client)

    identity = client.complete(query_params=query_params, state_blob=state_blob)

    assert_is_the_citizen(identity, provider)
    assert "/me" not in requested_paths, "the ID token was enough"


def test_a_callback_with_another_state_is_refused(oidc_client: OidcClient) -> None:
    query_params, state_blob = callback_after_sign_in(oidc_client)

    with pytest.raises(OidcError, match="state does not match"):
        oidc_client.complete(
            query_params={**query_params, "state": "forged"}, state_blob=state_blob
        )


def test_a_callback_naming_another_issuer_is_refused(oidc_client: OidcClient) -> None:
    query_params, state_blob = callback_after_sign_in(oidc_client)
    mixed_up = {**query_params, "iss": "https://attacker.example"}

    with pytest.raises(OidcError, match="another issuer"):
        oidc_client.complete(query_params=mixed_up, state_blob=state_blob)


def test_an_id_token_for_another_nonce_is_refused(oidc_client: OidcClient) -> None:
    query_params, state_blob = callback_after_sign_in(oidc_client)
    replayed: OidcState = {**state_blob, "nonce": "a-nonce-from-another-sign-in"}

    with pytest.raises(OidcError, match=r"ID token is not valid.*nonce"):
        oidc_client.complete(query_params=query_params, state_blob=replayed)


def test_the_code_is_useless_without_its_pkce_verifier(oidc_client: OidcClient) -> None:
    query_params, state_blob = callback_after_sign_in(oidc_client)
    _, other_sign_in = oidc_client.begin(next_url="/")
    wrong_verifier: OidcState = {**state_blob, "code_verifier": other_sign_in["code_verifier"]}

    with pytest.raises(OidcError, match="invalid_grant"):
        oidc_client.complete(query_params=query_params, state_blob=wrong_verifier)


def test_a_refusal_by_the_provider_is_reported(oidc_client: OidcClient) -> None:
    _, state_blob = oidc_client.begin(next_url="/")
    refusal = {"error": "access_denied", "state": state_blob["state"]}

    with pytest.raises(OidcError, match="access_denied"):
        oidc_client.complete(query_params=refusal, state_blob=state_blob)


def test_a_malformed_state_blob_is_refused(oidc_client: OidcClient) -> None:
    with pytest.raises(OidcError, match="sign-in state"):
        oidc_client.complete(query_params={"code": "x", "state": "y"}, state_blob={"state": "y"})


def test_a_provider_answering_for_another_issuer_is_refused(
    oidc_provider: RunningProvider, http: httpx.Client
) -> None:
    impostor = oidc_provider.issuer.replace("127.0.0.1", "localhost")
    client = OidcClient(impostor, "balise-test", "balise-test-secret", "http://x/cb", http)

    with pytest.raises(OidcError, match="another issuer"):
        client.discover()
