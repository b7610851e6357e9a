"""HTTPS through the guard: the connection goes to the checked address while
TLS uses the host name (SNI and certificate check), as does the Host header."""

from __future__ import annotations


def test_https_to_a_pinned_address_verifies_the_name(run_guest, tls_upstream):
    r = run_guest("""
        const a = await (await fetch(input.url)).json();
        const b = (await require('axios').get(input.url)).data;
        return [a.headers.host, b.method];
    """, {"url": tls_upstream.url("/echo")}, allow=["api.example.test"], verify=tls_upstream.ssl_context)
    assert r.output == [f"api.example.test:{tls_upstream.port}", "GET"]
    assert set(r.connector.calls) == {("127.0.0.1", tls_upstream.port)}


def test_certificate_for_another_name_is_refused(run_guest, tls_upstream):
    # other.example.test also resolves to 127.0.0.1 and is allowed, but the
    # server's certificate is for api.example.test only
    r = run_guest("""
        try { await fetch(input.url); return 'connected'; }
        catch (e) { return [e.message, e.cause.code, e.cause.message]; }
    """, {"url": tls_upstream.url("/echo", host="other.example.test")}, allow=["other.example.test"],
        verify=tls_upstream.ssl_context)
    message, code, cause = r.output
    assert message == "fetch failed" and code == "ERR_TLS_CERT_ALTNAME_INVALID"
    assert "Hostname mismatch" in cause and "other.example.test" in cause


def test_untrusted_certificate_is_refused(run_guest, tls_upstream):
    r = run_guest("""
        try { await fetch(input.url); return 'connected'; } catch (e) { return [e.cause.code, e.cause.message]; }
    """, {"url": tls_upstream.url("/echo")}, allow=["api.example.test"])      # system CAs only
    assert r.output[0] == "UNABLE_TO_GET_ISSUER_CERT_LOCALLY" and "certificate verify failed" in r.output[1]
