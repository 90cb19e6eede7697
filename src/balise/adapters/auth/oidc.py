"""Single sign-on with an OpenID provider (FAS/CSAM, itsme...): authorization code flow and PKCE.

`begin()` gives the URL to send the browser to and a state to keep in a signed, short-lived,
HttpOnly cookie; `complete()` takes the callback's query parameters and that state back, and
returns who signed in. Nothing here knows about the web framework.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, cast
from urllib.parse import quote

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import GuestProtocol, KeySet, KeySetSerialization

from balise.services.ports import SignInFailed

SCOPES = "openid email profile"
BASIC_AUTH = "client_secret_basic"
FORM_AUTH = "client_secret_post"
CLIENT_AUTH_METHODS = (BASIC_AUTH, FORM_AUTH)
ID_TOKEN_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
CLOCK_SKEW_SECONDS = 60
HTTP_TIMEOUT_SECONDS = 10.0


class OidcError(SignInFailed):
    """Signing in through the provider failed; `reason` says why, for the logs."""


class OidcState(TypedDict):
    """What `begin()` must hand to `complete()`, through a cookie: JSON-serialisable."""

    state: str
    nonce: str
    code_verifier: str
    next: str


@dataclass(frozen=True)
class OidcIdentity:
    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    token_endpoint_auth_method: str
    id_token_algorithms: tuple[str, ...]
    sends_iss_in_callback: bool


class OidcClient:
    """A confidential client of one OpenID provider, identified by its issuer URL."""

    def __init__(
        self,
        issuer: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        http: httpx.Client | None = None,
    ) -> None:
        self.issuer = issuer
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self._owns_http = http is None
        self.http = http if http is not None else httpx.Client(timeout=HTTP_TIMEOUT_SECONDS)
        self._metadata: ProviderMetadata | None = None
        self._signing_keys: KeySet | None = None

    def close(self) -> None:
        """Close the HTTP client, if this object created it."""
        if self._owns_http:
            self.http.close()

    def discover(self) -> ProviderMetadata:
        """Fetch the provider's configuration and signing keys once; later calls reuse them."""
        if self._metadata is None:
            document = self._get_json(_discovery_url(self.issuer))
            self._metadata = _parse_metadata(document, expected_issuer=self.issuer)
        if self._signing_keys is None:
            self._signing_keys = self._fetch_signing_keys(self._metadata)
        return self._metadata

    def begin(self, *, next_url: str) -> tuple[str, OidcState]:
        """Return the authorization URL to redirect to, and the state to keep until the callback."""
        metadata = self.discover()
        pending = OidcState(
            state=generate_token(32),
            nonce=generate_token(32),
            code_verifier=generate_token(64),
            next=next_url,
        )
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": SCOPES,
            "state": pending["state"],
            "nonce": pending["nonce"],
            "code_challenge": create_s256_code_challenge(pending["code_verifier"]),
            "code_challenge_method": "S256",
        }
        url = httpx.URL(metadata.authorization_endpoint).copy_merge_params(params)
        return str(url), pending

    def complete(
        self, *, query_params: Mapping[str, str], state_blob: Mapping[str, Any]
    ) -> OidcIdentity:
        """Check the callback, redeem its code and return the identity the provider vouches for."""
        pending = _parse_state_blob(state_blob)
        metadata = self.discover()
        code = self._code_from_callback(query_params, pending, metadata)
        tokens = self._redeem_code(code, pending, metadata)
        claims = self._verify_id_token(_required_str(tokens, "id_token"), nonce=pending["nonce"])
        if _lacks_profile_claims(claims) and metadata.userinfo_endpoint is not None:
            claims = {**self._fetch_userinfo(tokens, metadata.userinfo_endpoint, claims), **claims}
        return _identity_from_claims(claims)

    def _code_from_callback(
        self, query_params: Mapping[str, str], pending: OidcState, metadata: ProviderMetadata
    ) -> str:
        if "error" in query_params:
            raise OidcError(f"the provider answered {query_params['error']!r}")
        returned_state = query_params.get("state", "").encode()
        if not secrets.compare_digest(returned_state, pending["state"].encode()):
            raise OidcError("the state does not match the one sent")
        returned_issuer = query_params.get("iss")
        if returned_issuer is None and metadata.sends_iss_in_callback:
            raise OidcError("the callback does not name its issuer")
        if returned_issuer is not None and returned_issuer != self.issuer:
            raise OidcError("the callback comes from another issuer")
        code = query_params.get("code")
        if not code:
            raise OidcError("the callback carries no code")
        return code

    def _redeem_code(
        self, code: str, pending: OidcState, metadata: ProviderMetadata
    ) -> dict[str, Any]:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": pending["code_verifier"],
        }
        headers = {"Accept": "application/json"}
        if metadata.token_endpoint_auth_method == FORM_AUTH:
            form |= {"client_id": self.client_id, "client_secret": self.client_secret}
        else:
            headers["Authorization"] = _basic_authorization(self.client_id, self.client_secret)
        try:
            response = self.http.post(metadata.token_endpoint, data=form, headers=headers)
        except httpx.HTTPError as error:
            raise OidcError(f"the token endpoint cannot be reached: {error}") from error
        body = _json_object(response)
        if response.status_code != httpx.codes.OK:
            raise OidcError(f"the token endpoint refused the code: {body.get('error')!r}")
        return body

    def _verify_id_token(self, id_token: str, *, nonce: str) -> dict[str, Any]:
        token = self._decode_signed_token(id_token)
        expected = jwt.JWTClaimsRegistry(
            leeway=CLOCK_SKEW_SECONDS,
            iss={"essential": True, "value": self.issuer},
            sub={"essential": True},
            aud={"essential": True, "value": self.client_id},
            azp={"value": self.client_id},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            expected.validate(token.claims)
        except JoseError as error:
            raise OidcError(f"the ID token is not valid: {error}") from error
        audiences = token.claims["aud"]
        if isinstance(audiences, list) and len(audiences) > 1 and "azp" not in token.claims:
            raise OidcError("the ID token has several audiences but no authorized party")
        return token.claims

    def _decode_signed_token(self, id_token: str) -> jwt.Token:
        metadata = self.discover()
        try:
            return jwt.decode(
                id_token, self._signing_keys_for, algorithms=metadata.id_token_algorithms
            )
        except (JoseError, ValueError) as error:
            raise OidcError(f"the ID token signature cannot be verified: {error}") from error

    def _signing_keys_for(self, token: GuestProtocol) -> KeySet:
        """The known keys, fetched again when the token names a key not seen yet (rotation)."""
        metadata = self.discover()
        known = cast(KeySet, self._signing_keys)
        kid = token.headers().get("kid")
        if kid is not None and all(key.kid != kid for key in known):
            self._signing_keys = known = self._fetch_signing_keys(metadata)
        return known

    def _fetch_signing_keys(self, metadata: ProviderMetadata) -> KeySet:
        document = self._get_json(metadata.jwks_uri)
        try:
            return KeySet.import_key_set(cast(KeySetSerialization, document))
        except (JoseError, KeyError, TypeError, ValueError) as error:
            raise OidcError(f"the provider's signing keys cannot be read: {error}") from error

    def _fetch_userinfo(
        self, tokens: Mapping[str, Any], endpoint: str, id_claims: Mapping[str, Any]
    ) -> dict[str, Any]:
        access_token = _required_str(tokens, "access_token")
        headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
        try:
            response = self.http.get(endpoint, headers=headers)
        except httpx.HTTPError as error:
            raise OidcError(f"the userinfo endpoint cannot be reached: {error}") from error
        if response.status_code != httpx.codes.OK:
            raise OidcError(f"the userinfo endpoint answered {response.status_code}")
        userinfo = _json_object(response)
        if userinfo.get("sub") != id_claims["sub"]:
            raise OidcError("the userinfo describes another subject than the ID token")
        return userinfo

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = self.http.get(url, headers={"Accept": "application/json"})
        except httpx.HTTPError as error:
            raise OidcError(f"{url} cannot be reached: {error}") from error
        if response.status_code != httpx.codes.OK:
            raise OidcError(f"{url} answered {response.status_code}")
        return _json_object(response)


def _discovery_url(issuer: str) -> str:
    return f"{issuer.rstrip('/')}/.well-known/openid-configuration"


def _parse_metadata(document: Mapping[str, Any], *, expected_issuer: str) -> ProviderMetadata:
    if document.get("issuer") != expected_issuer:
        raise OidcError("the discovery document names another issuer")
    challenge_methods = document.get("code_challenge_methods_supported")
    if challenge_methods is not None and "S256" not in challenge_methods:
        raise OidcError("the provider does not support PKCE with S256")
    userinfo_endpoint = document.get("userinfo_endpoint")
    sends_iss = document.get("authorization_response_iss_parameter_supported") is True
    return ProviderMetadata(
        issuer=expected_issuer,
        authorization_endpoint=_required_str(document, "authorization_endpoint"),
        token_endpoint=_required_str(document, "token_endpoint"),
        jwks_uri=_required_str(document, "jwks_uri"),
        userinfo_endpoint=userinfo_endpoint if isinstance(userinfo_endpoint, str) else None,
        token_endpoint_auth_method=_choose_token_auth_method(document),
        id_token_algorithms=_choose_id_token_algorithms(document),
        sends_iss_in_callback=sends_iss,
    )


def _choose_token_auth_method(document: Mapping[str, Any]) -> str:
    advertised = document.get("token_endpoint_auth_methods_supported", [BASIC_AUTH])
    for method in CLIENT_AUTH_METHODS:
        if method in advertised:
            return method
    raise OidcError(f"the token endpoint accepts none of {', '.join(CLIENT_AUTH_METHODS)}")


def _choose_id_token_algorithms(document: Mapping[str, Any]) -> tuple[str, ...]:
    advertised = document.get("id_token_signing_alg_values_supported", ["RS256"])
    usable = tuple(algorithm for algorithm in ID_TOKEN_ALGORITHMS if algorithm in advertised)
    if not usable:
        raise OidcError("the provider signs ID tokens with no algorithm accepted here")
    return usable


def _parse_state_blob(blob: Mapping[str, Any]) -> OidcState:
    secrets_present = all(
        isinstance(blob.get(field), str) and blob[field]
        for field in ("state", "nonce", "code_verifier")
    )
    if not secrets_present or not isinstance(blob.get("next"), str):
        raise OidcError("the sign-in state is missing or malformed")
    return OidcState(
        state=blob["state"],
        nonce=blob["nonce"],
        code_verifier=blob["code_verifier"],
        next=blob["next"],
    )


def _lacks_profile_claims(claims: Mapping[str, Any]) -> bool:
    return not all(name in claims for name in ("email", "email_verified", "name"))


def _identity_from_claims(claims: Mapping[str, Any]) -> OidcIdentity:
    email = claims.get("email")
    name = claims.get("name")
    return OidcIdentity(
        issuer=claims["iss"],
        subject=claims["sub"],
        email=email if isinstance(email, str) and email else None,
        email_verified=claims.get("email_verified") in (True, "true"),
        name=name if isinstance(name, str) and name else None,
    )


def _basic_authorization(client_id: str, client_secret: str) -> str:
    """HTTP Basic credentials, each part form-encoded first as RFC 6749 section 2.3.1 asks."""
    pair = f"{quote(client_id, safe='')}:{quote(client_secret, safe='')}"
    return f"Basic {base64.b64encode(pair.encode()).decode('ascii')}"


def _required_str(document: Mapping[str, Any], key: str) -> str:
    value = document.get(key)
    if not isinstance(value, str) or not value:
        raise OidcError(f"{key} is missing from the provider's answer")
    return value


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as error:
        raise OidcError(f"{response.url} did not answer with JSON") from error
    if not isinstance(body, dict):
        raise OidcError(f"{response.url} did not answer with a JSON object")
    return body
