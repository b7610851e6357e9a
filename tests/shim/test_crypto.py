"""node:crypto conformance: hashes, HMAC, PBKDF2, randomness, webcrypto subset."""

import pytest

# FIPS 180 / RFC 1321 known answers.
VECTORS = [
    ("md5", "", "d41d8cd98f00b204e9800998ecf8427e"),
    ("md5", "abc", "900150983cd24fb0d6963f7d28e17f72"),
    ("md5", "message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    ("md5", "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
     "57edf4a22be3c955ac49da2e2107b67a"),
    ("sha1", "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ("sha224", "abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"),
    ("sha256", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("sha256", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ("sha384", "abc",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
    ("sha512", "abc",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
     "454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512", "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433a"
     "c7d329eeb6dd26545e96e55b874be909"),
]


@pytest.mark.parametrize("alg,msg,expected", VECTORS)
def test_known_vectors(run_js, alg, msg, expected):
    code = f"console.log(require('crypto').createHash({alg!r}).update({msg!r}).digest('hex'));"
    assert run_js(code) == expected + "\n"


def test_million_a(run_js):
    # FIPS 180-2 long-message vectors, fed in uneven chunks to exercise buffering.
    code = """
    const c = require('crypto');
    for (const alg of ['sha1', 'sha256', 'sha512']) {
      const h = c.createHash(alg);
      const chunk = 'a'.repeat(997);
      let left = 1000000;
      while (left > 0) { const n = Math.min(left, chunk.length); h.update(chunk.slice(0, n)); left -= n; }
      console.log(alg, h.digest('hex'));
    }
    """
    assert run_js(code) == (
        "sha1 34aa973cd4c4daa4f61eeb2bdbad27316534016f\n"
        "sha256 cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0\n"
        "sha512 e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31b"
        "eb009c5c2c49aa2e4eadb217ad8cc09b\n"
    )


# RFC 4231 HMAC-SHA-2 test cases 1, 2, 3, 4, 6, 7 (full-length outputs).
RFC4231 = [
    ("'0b'.repeat(20)", "hex", "'Hi There'",
     {"sha224": "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
      "sha256": "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
      "sha384": "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
      "sha512": "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"}),
    ("'Jefe'", None, "'what do ya want for nothing?'",
     {"sha224": "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
      "sha256": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      "sha384": "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
      "sha512": "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"}),
    ("'aa'.repeat(20)", "hex", "Buffer.from('dd'.repeat(50), 'hex')",
     {"sha256": "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
      "sha512": "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"}),
    ("'0102030405060708090a0b0c0d0e0f10111213141516171819'", "hex", "Buffer.from('cd'.repeat(50), 'hex')",
     {"sha256": "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"}),
    ("'aa'.repeat(131)", "hex", "'Test Using Larger Than Block-Size Key - Hash Key First'",
     {"sha224": "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
      "sha256": "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
      "sha384": "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
      "sha512": "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"}),
    ("'aa'.repeat(131)", "hex",
     "'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'",
     {"sha256": "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
      "sha512": "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"}),
]


@pytest.mark.parametrize("key,enc,data,expected", RFC4231)
def test_hmac_rfc4231(run_js, key, enc, data, expected):
    key_expr = f"Buffer.from({key}, 'hex')" if enc == "hex" else key
    lines = "".join(
        f"console.log({alg!r}, require('crypto').createHmac({alg!r}, {key_expr}).update({data}).digest('hex'));\n"
        for alg in expected)
    assert run_js(lines) == "".join(f"{alg} {hexd}\n" for alg, hexd in expected.items())


def test_hmac_md5_sha1_rfc2202(run_js):
    code = """
    const c = require('crypto');
    console.log(c.createHmac('md5', 'Jefe').update('what do ya want for nothing?').digest('hex'));
    console.log(c.createHmac('sha1', 'Jefe').update('what do ya want for nothing?').digest('hex'));
    """
    assert run_js(code) == "750c783e6ab0b503eaa86e310a5db738\neffcdf6ae5eb2fa2d27416d5f184df9c259a7c79\n"


def test_pbkdf2_rfc6070(run_js):
    code = """
    const c = require('crypto');
    console.log(c.pbkdf2Sync('password', 'salt', 1, 20, 'sha1').toString('hex'));
    console.log(c.pbkdf2Sync('password', 'salt', 4096, 20, 'sha1').toString('hex'));
    console.log(c.pbkdf2Sync('passwordPASSWORDpassword', 'saltSALTsaltSALTsaltSALTsaltSALTsalt', 4096, 25, 'sha1').toString('hex'));
    """
    assert run_js(code) == (
        "0c60c80f961f0e71f3a9b524af6012062fe037a6\n"
        "4b007901b765489abead49d926f721d065a429c1\n"
        "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038\n"
    )


def test_same_as_node(run_js, node_js):
    code = r"""
    const c = require('crypto');
    const algs = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'SHA256', 'RSA-SHA1', 'sha-512'];
    const inputs = ['', 'a', 'héllo wörld 😀', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'w'.repeat(111),
                    'v'.repeat(112), 'u'.repeat(128), 't'.repeat(1000), '\ud800 lone'];
    for (const alg of algs) {
      for (const s of inputs) {
        console.log(alg, s.length, c.createHash(alg).update(s).digest('hex'));
        console.log(c.createHmac(alg, s).update(s + s).digest('base64'));
      }
      // chunked + copy
      const h = c.createHash(alg);
      for (let i = 0; i < 300; i += 7) h.update('q'.repeat(i % 13));
      const h2 = h.copy();
      h2.update('more');
      console.log(h.digest('base64url'), h2.digest('hex'));
    }
    const data = new Uint8Array(300).map((_, i) => i * 7);
    console.log(c.createHash('sha256').update(data).digest('hex'));
    console.log(c.createHash('sha256').update(new DataView(data.buffer, 3, 100)).digest('hex'));
    console.log(c.createHash('sha256').update(new Uint16Array([1, 2, 3])).digest('hex'));
    console.log(c.createHash('md5').update('616263', 'hex').digest('hex'));
    console.log(c.createHash('md5').update('YWJj', 'base64').digest('hex'));
    console.log(c.createHash('md5').update('aé', 'latin1').digest('hex'));
    console.log(c.createHash('sha1').update('abc').digest('latin1').length);
    console.log(c.createHash('sha1').update('abc').digest().toString('hex'));
    console.log(c.createHmac('sha256', 'k').update('a').update('b').digest('hex'));
    console.log(c.hash('sha1', 'abc'), c.hash('md5', 'abc', 'base64'));
    console.log(c.pbkdf2Sync('pw', 'salt', 3, 70, 'sha512').toString('hex'));
    console.log(c.pbkdf2Sync('pw', 'salt', 2, 40, 'sha256').toString('base64'));
    console.log(c.getHashes().includes('sha256'), c.getHashes().includes('md5'));
    console.log(c.timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')), c.timingSafeEqual(Buffer.from('abc'), Buffer.from('abd')));
    """
    assert run_js(code) == node_js(code)


def test_errors_like_node(run_js, node_js):
    code = r"""
    const c = require('crypto');
    function t(f) { try { console.log('ok', JSON.stringify(f())); } catch (e) { console.log(e.name, e.code, e.message); } }
    t(() => c.createHash('foo'));
    t(() => c.createHash());
    t(() => c.createHmac('foo', 'k'));
    t(() => c.createHmac('sha256'));
    t(() => c.createHmac('sha256', 5));
    t(() => { const h = c.createHash('md5'); h.digest(); h.digest(); });
    t(() => { const h = c.createHash('md5'); h.digest(); h.update('a'); });
    t(() => c.createHash('md5').update(5));
    t(() => c.createHash('md5').update(null));
    t(() => c.createHash('md5').update({}));
    t(() => { const h = c.createHmac('md5', 'k'); h.digest(); return h.digest('hex'); });
    t(() => c.timingSafeEqual(Buffer.from('a'), Buffer.from('ab')));
    t(() => c.timingSafeEqual('a', Buffer.from('ab')));
    t(() => c.randomBytes(-1));
    t(() => c.randomBytes('a'));
    t(() => c.randomInt(5, 2));
    t(() => c.randomInt(1.5));
    t(() => c.randomInt(0, 2 ** 48 + 1));
    t(() => c.getRandomValues(new Uint8Array(65537)));
    t(() => c.getRandomValues(new Float32Array(4)));
    t(() => c.pbkdf2Sync('a', 'b', 1, 10, 'foo'));
    t(() => c.pbkdf2Sync('a', 'b', 0, 10, 'sha1'));
    """
    assert run_js(code) == node_js(code)


def test_random(run_js):
    code = r"""
    const c = require('crypto');
    const uuids = new Set();
    for (let i = 0; i < 200; i++) uuids.add(c.randomUUID());
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    console.log(uuids.size, [...uuids].every((u) => re.test(u)), re.test(globalThis.crypto.randomUUID()));
    const b = c.randomBytes(32);
    console.log(Buffer.isBuffer(b), b.length, b.some((x) => x !== 0));
    const ints = Array.from({ length: 500 }, () => c.randomInt(3, 7));
    console.log(ints.every((x) => Number.isInteger(x) && x >= 3 && x < 7), new Set(ints).size);
    console.log(c.randomInt(1), c.randomInt(5, 6));
    const u32 = globalThis.crypto.getRandomValues(new Uint32Array(8));
    console.log(u32 instanceof Uint32Array, u32.some((x) => x !== 0));
    console.log(c.getRandomValues(new Uint8Array(65536)).length);
    const filled = c.randomFillSync(new Uint8Array(16));
    console.log(filled.some((x) => x !== 0));
    await new Promise((resolve) => c.randomBytes(8, (err, buf) => { console.log(err, buf.length); resolve(); }));
    await new Promise((resolve) => c.randomInt(10, (err, n) => { console.log(err, n >= 0 && n < 10); resolve(); }));
    """
    assert run_js(code) == (
        "200 true true\n"
        "true 32 true\n"
        "true 4\n"
        "0 5\n"
        "true true\n"
        "65536\n"
        "true\n"
        "null 8\n"
        "null true\n"
    )


def test_webcrypto(run_js, node_js):
    code = r"""
    const c = require('crypto');
    const enc = new TextEncoder();
    for (const alg of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'sha-256', { name: 'SHA-256' }]) {
      const ab = await globalThis.crypto.subtle.digest(alg, enc.encode('hello'));
      console.log(ab instanceof ArrayBuffer, Buffer.from(ab).toString('hex'));
    }
    console.log(Buffer.from(await c.subtle.digest('SHA-256', new ArrayBuffer(3))).toString('hex'));
    console.log(Buffer.from(await c.webcrypto.subtle.digest('SHA-256', Buffer.from('abc'))).toString('hex'));
    for (const [alg, data] of [['MD5', new Uint8Array(1)], ['SHA-256', 'abc']]) {
      try { await globalThis.crypto.subtle.digest(alg, data); } catch (e) { console.log(e.name, e.message); }
    }
    try { globalThis.crypto.getRandomValues(new Uint8Array(65537)); } catch (e) { console.log(e.name, e instanceof DOMException); }
    console.log(typeof globalThis.crypto.getRandomValues, c.webcrypto === globalThis.crypto, c.subtle === globalThis.crypto.subtle);
    """
    assert run_js(code) == node_js(code)


def test_speed_sha512(run_js):
    # The pure-JS hashes must stay usable for request-sized payloads.
    code = r"""
    const c = require('crypto');
    const big = new Uint8Array(1 << 20);
    const t0 = Date.now();
    for (const alg of ['md5', 'sha1', 'sha256', 'sha512']) c.createHash(alg).update(big).digest('hex');
    const ms = Date.now() - t0;
    console.log(ms < 20000 ? 'fast enough' : 'too slow ' + ms);
    """
    assert run_js(code) == "fast enough\n"
