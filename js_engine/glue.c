/*
 * fnbox guest glue: the host ABI over QuickJS-NG.
 *
 * The host talks to the guest through a handful of exports, each taking its
 * input from the scratch buffer returned by fnbox_buffer() and answering with
 * one packed i64 (pointer << 32 | length) of UTF-8 text or bytes.  All policy
 * (dispatch, timers, modules, console formatting) lives in the JavaScript
 * bootstrap; this file only crosses the boundary and holds what must survive
 * a trap (the console log area).
 *
 * Imports are capability-shaped: a source of random bytes here, and the clock
 * through WASI's clock_time_get, which the host serves real or virtual
 * (deterministic mode).  There is no file system, network or environment: the
 * other WASI functions that wasi-libc references are stubbed by the host to
 * fail.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "quickjs.h"
#include "dtoa.h"

#define IMPORT(name) __attribute__((import_module("fnbox"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("random") void host_random(uint8_t *buf, uint32_t len);
/* Bytecode of builtin module `name`, compiled by the host from fnbox's own
 * shim: returns its length (-1 if unknown), copied to dest if cap allows. */
IMPORT("builtin") int32_t host_builtin_fetch(const char *name, uint32_t name_len,
                                             uint8_t *dest, uint32_t cap);


/* Console output is appended here rather than sent to the host per line: the
 * area sits at a fixed address, so the host can still read what a function
 * printed after the instance trapped (fuel, deadline, stack). */
#define LOG_CAP (64 * 1024)
static struct {
    uint32_t len;
    uint32_t dropped;   /* bytes refused because the area was full */
    char data[LOG_CAP];
} log_area;

static JSValue host_module(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv);

static JSRuntime *rt;
static JSContext *ctx;
static JSValue dispatch;        /* returned by the bootstrap script */
static JSValue on_rejection;    /* host.onRejection, set by the bootstrap */
static uint8_t *scratch;
static size_t scratch_cap;
static const char *answer;      /* last answer, freed on the next call */
static uint8_t *answer_bytes;
static uint64_t rng_state;      /* zero in every snapshot: reseeded per instance */

static uint64_t pack(const void *p, size_t len)
{
    return ((uint64_t)(uintptr_t)p << 32) | (uint32_t)len;
}

static void release_answer(void)
{
    if (answer) {
        JS_FreeCString(ctx, answer);
        answer = NULL;
    }
    if (answer_bytes) {
        js_free(ctx, answer_bytes);
        answer_bytes = NULL;
    }
}

static uint64_t answer_string(JSValue v)
{
    size_t len = 0;
    answer = JS_ToCStringLen(ctx, &len, v);
    JS_FreeValue(ctx, v);
    if (!answer) {
        static const char oom[] = "{\"t\":\"fatal\",\"message\":\"out of memory while answering\"}";
        JS_FreeValue(ctx, JS_GetException(ctx));
        return pack(oom, sizeof(oom) - 1);
    }
    return pack(answer, len);
}

/* An exception that escaped the bootstrap itself: describe it as JSON. */
static uint64_t answer_exception(void)
{
    JSValue exc = JS_GetException(ctx);
    JSValue obj = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, obj, "t", JS_NewString(ctx, "fatal"));
    if (JS_IsError(exc)) {
        JS_SetPropertyStr(ctx, obj, "name", JS_GetPropertyStr(ctx, exc, "name"));
        JS_SetPropertyStr(ctx, obj, "message", JS_GetPropertyStr(ctx, exc, "message"));
        JS_SetPropertyStr(ctx, obj, "stack", JS_GetPropertyStr(ctx, exc, "stack"));
    } else {
        JS_SetPropertyStr(ctx, obj, "message", JS_ToString(ctx, exc));
    }
    JS_FreeValue(ctx, exc);
    JSValue text = JS_JSONStringify(ctx, obj, JS_UNDEFINED, JS_UNDEFINED);
    JS_FreeValue(ctx, obj);
    if (JS_IsException(text)) {
        static const char oom[] = "{\"t\":\"fatal\",\"name\":\"InternalError\",\"message\":\"out of memory\"}";
        JS_FreeValue(ctx, JS_GetException(ctx));
        return pack(oom, sizeof(oom) - 1);
    }
    return answer_string(text);
}

/* ---- functions given to the bootstrap as `host` ---- */

static JSValue host_log(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv)
{
    size_t len;
    const char *s = JS_ToCStringLen(c, &len, argv[0]);
    if (!s)
        return JS_EXCEPTION;
    size_t room = LOG_CAP - log_area.len;
    if (len > room) {
        log_area.dropped += len - room;
        len = room;
    }
    memcpy(log_area.data + log_area.len, s, len);
    log_area.len += len;
    JS_FreeCString(c, s);
    return JS_NewInt32(c, LOG_CAP - log_area.len);
}

static JSValue host_random_fill(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv)
{
    size_t len;
    uint8_t *p = JS_GetUint8Array(c, &len, argv[0]);
    if (!p)
        return JS_EXCEPTION;
    if (len)
        host_random(p, len);
    return JS_DupValue(c, argv[0]);
}

/* Builtin (shim) modules stay with the host as bytecode until a function
 * first requires one: no snapshot carries them, so they cost an invocation
 * that does not use them nothing.  Returns the wrapper function. */
static JSValue host_builtin(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv)
{
    size_t name_len;
    const char *name = JS_ToCStringLen(c, &name_len, argv[0]);
    if (!name)
        return JS_EXCEPTION;
    int32_t len = host_builtin_fetch(name, name_len, NULL, 0);
    if (len < 0) {
        JS_FreeCString(c, name);
        return JS_UNDEFINED;
    }
    uint8_t *code = js_malloc(c, len ? len : 1);
    if (!code) {
        JS_FreeCString(c, name);
        return JS_EXCEPTION;
    }
    host_builtin_fetch(name, name_len, code, len);
    JS_FreeCString(c, name);
    JSValue fn = JS_ReadObject(c, code, len, JS_READ_OBJ_BYTECODE);
    js_free(c, code);
    if (JS_IsException(fn))
        return fn;
    return JS_EvalFunction(c, fn);
}

static JSValue host_memory(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv)
{
    JSMemoryUsage u;
    JS_ComputeMemoryUsage(rt, &u);
    JSValue o = JS_NewObject(c);
    JS_SetPropertyStr(c, o, "heapUsed", JS_NewFloat64(c, (double)u.memory_used_size));
    JS_SetPropertyStr(c, o, "heapTotal", JS_NewFloat64(c, (double)u.malloc_size));
    JS_SetPropertyStr(c, o, "limit", JS_NewFloat64(c, (double)u.malloc_limit));
    JS_SetPropertyStr(c, o, "wasmMemory",
                      JS_NewFloat64(c, (double)__builtin_wasm_memory_size(0) * 65536.0));
    return o;
}

/* Math.random from QuickJS is seeded once, when the context is created: in a
 * snapshot that would give every invocation the same sequence. */
static JSValue math_random(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv)
{
    while (rng_state == 0)
        host_random((uint8_t *)&rng_state, sizeof rng_state);
    uint64_t x = rng_state;   /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    uint64_t r = x * 0x2545F4914F6CDD1DULL;
    return JS_NewFloat64(c, (double)(r >> 11) * 0x1.0p-53);
}

static void rejection_tracker(JSContext *c, JSValueConst promise, JSValueConst reason,
                              bool is_handled, void *opaque)
{
    if (JS_IsUndefined(on_rejection))
        return;
    JSValue args[3] = { (JSValue)promise, (JSValue)reason, JS_NewBool(c, is_handled) };
    JSValue r = JS_Call(c, on_rejection, JS_UNDEFINED, 3, args);
    if (JS_IsException(r))
        JS_FreeValue(c, JS_GetException(c));
    JS_FreeValue(c, r);
}

/* QuickJS's JSON.parse reads every number with strtod, and libc's strtod
 * works in long double, which wasm32 only has in software (128-bit): ~3,000
 * instructions for a timestamp.  build.py compiles QuickJS with
 * -Dstrtod=fnbox_strtod, so it calls this instead: QuickJS's own correctly
 * rounded parser (dtoa.c, which Number() uses) gives the same double.  JSON's
 * grammar is checked before the call, so none of strtod's other syntax (hex,
 * inf, nan) arises. */
double fnbox_strtod(const char *restrict s, char **restrict end)
{
    JSATODTempMem tmp;
    const char *next;
    double d = js_atod(s, &next, 10, 0, &tmp);
    if (end)
        *end = (char *)next;
    return d;
}

/* ---- exports ---- */

EXPORT("fnbox_buffer") uint8_t *fnbox_buffer(uint32_t size)
{
    if (size > scratch_cap) {
        uint8_t *p = realloc(scratch, size);
        if (!p)
            return NULL;
        scratch = p;
        scratch_cap = size;
    }
    return scratch;
}

EXPORT("fnbox_log_area") void *fnbox_log_area(void)
{
    return &log_area;
}

EXPORT("fnbox_init") int32_t fnbox_init(uint32_t memory_limit, uint32_t stack_limit)
{
    rt = JS_NewRuntime();
    if (!rt)
        return -1;
    JS_SetMemoryLimit(rt, memory_limit);
    JS_SetMaxStackSize(rt, stack_limit);
    ctx = JS_NewContext(rt);
    if (!ctx)
        return -2;
    dispatch = JS_UNDEFINED;
    on_rejection = JS_UNDEFINED;
    JS_SetHostPromiseRejectionTracker(rt, rejection_tracker, NULL);
    JSValue global = JS_GetGlobalObject(ctx);
    JSValue math = JS_GetPropertyStr(ctx, global, "Math");
    JS_SetPropertyStr(ctx, math, "random", JS_NewCFunction(ctx, math_random, "random", 0));
    JS_FreeValue(ctx, math);
    JS_FreeValue(ctx, global);
    return 0;
}

/* Per-invocation override of the heap limit baked into the snapshot. */
EXPORT("fnbox_memory_limit") void fnbox_memory_limit(uint32_t memory_limit)
{
    JS_SetMemoryLimit(rt, memory_limit);
}

/* Evaluate the bootstrap script (bytecode from fnbox_compile in the buffer):
 * it must evaluate to a function, which is called with the host object and
 * returns the dispatcher.  Bytecode, not source: parsing in the instance that
 * becomes the snapshot would grow its memory for good (the heap never
 * shrinks), and every invocation resets every page of it. */
EXPORT("fnbox_boot") uint64_t fnbox_boot(uint32_t len)
{
    release_answer();
    JSValue fn = JS_ReadObject(ctx, scratch, len, JS_READ_OBJ_BYTECODE);
    if (!JS_IsException(fn))
        fn = JS_EvalFunction(ctx, fn);
    if (JS_IsException(fn))
        return answer_exception();
    JSValue host = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, host, "log", JS_NewCFunction(ctx, host_log, "log", 1));
    JS_SetPropertyStr(ctx, host, "randomFill", JS_NewCFunction(ctx, host_random_fill, "randomFill", 1));
    JS_SetPropertyStr(ctx, host, "memory", JS_NewCFunction(ctx, host_memory, "memory", 0));
    JS_SetPropertyStr(ctx, host, "builtin", JS_NewCFunction(ctx, host_builtin, "builtin", 1));
    JS_SetPropertyStr(ctx, host, "module", JS_NewCFunction(ctx, host_module, "module", 1));
    JSValue d = JS_Call(ctx, fn, JS_UNDEFINED, 1, &host);
    JS_FreeValue(ctx, fn);
    if (JS_IsException(d)) {
        JS_FreeValue(ctx, host);
        return answer_exception();
    }
    on_rejection = JS_GetPropertyStr(ctx, host, "onRejection");
    JS_FreeValue(ctx, host);
    dispatch = d;
    return answer_string(JS_NewString(ctx, "{\"t\":\"ok\"}"));
}

/* Compile source (buffer: name NUL source) to bytecode of a script whose
 * completion value is the compiled code's value. */
EXPORT("fnbox_compile") uint64_t fnbox_compile(uint32_t len)
{
    release_answer();
    const char *name = (const char *)scratch;
    size_t name_len = strnlen(name, len);
    if (name_len == len)
        return answer_string(JS_NewString(ctx, "{\"t\":\"fatal\",\"message\":\"compile: missing name\"}"));
    const char *src = name + name_len + 1;
    size_t src_len = len - name_len - 1;
    /* JS_Eval wants a NUL after the source: the buffer may hold exactly len. */
    char *copy = js_malloc(ctx, src_len + 1);
    if (!copy)
        return answer_exception();
    memcpy(copy, src, src_len);
    copy[src_len] = 0;
    JSValue fn = JS_Eval(ctx, copy, src_len, name, JS_EVAL_TYPE_GLOBAL | JS_EVAL_FLAG_COMPILE_ONLY);
    js_free(ctx, copy);
    if (JS_IsException(fn))
        return answer_exception();
    size_t size;
    /* fnbox's own builtins need no source text in their bytecode (reading it
     * is a fifth of what loading one costs); function code keeps it, for
     * Function.prototype.toString. */
    int flags = JS_WRITE_OBJ_BYTECODE;
    if (strncmp(name, "node:", 5) == 0 || strncmp(name, "pkg:", 4) == 0 || strncmp(name, "fnbox:", 6) == 0)
        flags |= JS_WRITE_OBJ_STRIP_SOURCE;
    answer_bytes = JS_WriteObject(ctx, &size, fn, flags);
    JS_FreeValue(ctx, fn);
    if (!answer_bytes)
        return answer_exception();
    /* Tag the bytes so the host can tell them from a JSON error answer. */
    return pack(answer_bytes, size) | 0x80000000u;
}

/* Function modules stay bytecode until first required: a file runs when (and
 * only if) it is required, even one that closes its CommonJS wrapper early,
 * and a package's unused files cost nothing.  The dispatcher gets an index. */
static struct { uint8_t *code; uint32_t len; } *modules;
static uint32_t module_count, module_cap;

/* Keep bytecode produced by fnbox_compile (buffer: name NUL bytecode) and
 * tell the dispatcher that `name` is module number N. */
EXPORT("fnbox_define") uint64_t fnbox_define(uint32_t len)
{
    release_answer();
    const char *name = (const char *)scratch;
    size_t name_len = strnlen(name, len);
    if (name_len == len)
        return answer_string(JS_NewString(ctx, "{\"t\":\"fatal\",\"message\":\"define: missing name\"}"));
    size_t code_len = len - name_len - 1;
    if (module_count == module_cap) {
        uint32_t cap = module_cap ? module_cap * 2 : 64;
        void *grown = realloc(modules, cap * sizeof *modules);
        if (!grown)
            return answer_string(JS_NewString(ctx, "{\"t\":\"fatal\",\"message\":\"out of memory\"}"));
        modules = grown;
        module_cap = cap;
    }
    uint8_t *code = malloc(code_len ? code_len : 1);
    if (!code)
        return answer_string(JS_NewString(ctx, "{\"t\":\"fatal\",\"message\":\"out of memory\"}"));
    memcpy(code, scratch + name_len + 1, code_len);
    modules[module_count].code = code;
    modules[module_count].len = code_len;
    JSValue args[3] = { JS_NewString(ctx, "define"), JS_NewString(ctx, name), JS_NewInt32(ctx, module_count) };
    module_count++;
    JSValue r = JS_Call(ctx, dispatch, JS_UNDEFINED, 3, args);
    JS_FreeValue(ctx, args[0]);
    JS_FreeValue(ctx, args[1]);
    if (JS_IsException(r))
        return answer_exception();
    return answer_string(r);
}

/* host.module(index): the wrapper function of a defined module. */
static JSValue host_module(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int32_t index;
    if (JS_ToInt32(c, &index, argv[0]) || index < 0 || (uint32_t)index >= module_count)
        return JS_ThrowRangeError(c, "no such module");
    JSValue fn = JS_ReadObject(c, modules[index].code, modules[index].len, JS_READ_OBJ_BYTECODE);
    if (JS_IsException(fn))
        return fn;
    return JS_EvalFunction(c, fn);
}

/* Before a snapshot: collect garbage so that it carries live data only,
 * forget the Math.random state, which build-time code may have seeded, so
 * that every instance seeds its own, and leave `headroom` bytes of free heap:
 * an invocation that allocates no more than that never grows linear memory,
 * so its instance can be reset for reuse (wasm memory cannot shrink).
 * zig's malloc (std.heap.WasmAllocator) carves small objects out of 64 KiB
 * pages, which freed pages of exactly that size go back to; larger blocks
 * are never split, so the headroom is made of single pages. */
#define HEAP_PAGE 65536
/* room for malloc's header and the allocator's own footer */
#define MALLOC_OVERHEAD 64
EXPORT("fnbox_gc") void fnbox_gc(uint32_t headroom)
{
    JS_RunGC(rt);
    rng_state = 0;
    void *volatile pages[64];          /* volatile: the pairs are not elided */
    uint32_t n = headroom / HEAP_PAGE, i;
    if (n > 64)
        n = 64;
    for (i = 0; i < n; i++)
        pages[i] = malloc(HEAP_PAGE - MALLOC_OVERHEAD);
    for (i = 0; i < n; i++)
        free(pages[i]);
}

/* The host's messages, read straight into values.  JSON.parse costs QuickJS
 * ~4,000 wasm instructions per key (tokens carry line and column, numbers go
 * through the general double parser), and half of what a hello invocation
 * executed went into reading its message; read here, a hello takes 119k
 * instructions instead of 140k (what remains is mostly making the atoms and
 * properties, which no reader avoids).  This reader covers what the host
 * sends: objects, arrays, ASCII or valid UTF-8 strings with the simple
 * escapes and \u escapes outside the surrogate range, integers of up to 15
 * digits, true, false, null.  Anything else (a fraction, an exponent, a
 * surrogate escape, invalid UTF-8, deep nesting, bad syntax, no memory) makes
 * it give up, and the message goes to JSON.parse as before: the result is
 * always exactly JSON.parse's. */
#define FAST_DEPTH 32
#define FAST_STRING_CAP 4096

typedef struct {
    const uint8_t *p, *end;
    uint8_t buf[FAST_STRING_CAP];   /* a string with escapes, decoded */
} FastReader;

static void fast_space(FastReader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

/* Length of the valid UTF-8 sequence starting at p (0 if invalid). */
static int utf8_sequence(const uint8_t *p, const uint8_t *end)
{
    uint32_t c = p[0];
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || end - p < n)
        return 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3) {
        uint32_t cp = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
    } else if (n == 4) {
        uint32_t cp = ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12);
        if (cp < 0x10000 || cp > 0x10FFFF)
            return 0;
    }
    return n;
}

static int hex4(const uint8_t *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = p[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        v = v * 16 + d;
    }
    return v;
}

/* The string at r->p (past its opening quote): its UTF-8 text in *text and
 * *len, pointing into the message or into r->buf.  0 to give up. */
static int fast_string(FastReader *r, const uint8_t **text, size_t *len)
{
    const uint8_t *p = r->p, *start = p;
    size_t out = 0;
    int escaped = 0;
    while (p < r->end) {
        uint8_t c = *p;
        if (c == '"') {
            *text = escaped ? r->buf : start;
            *len = escaped ? out : (size_t)(p - start);
            r->p = p + 1;
            return 1;
        }
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            if (!escaped) {
                if ((size_t)(p - start) > FAST_STRING_CAP)
                    return 0;
                memcpy(r->buf, start, p - start);
                out = p - start;
                escaped = 1;
            }
            if (r->end - p < 2 || out + 3 > FAST_STRING_CAP)
                return 0;
            uint8_t e = p[1];
            const char *simple = strchr("\"\\/bfnrt", e);
            if (e && simple) {
                r->buf[out++] = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
                p += 2;
                continue;
            }
            if (e != 'u' || r->end - p < 6)
                return 0;
            int cp = hex4(p + 2);
            if (cp < 0 || (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
            if (cp < 0x80) {
                r->buf[out++] = cp;
            } else if (cp < 0x800) {
                r->buf[out++] = 0xC0 | (cp >> 6);
                r->buf[out++] = 0x80 | (cp & 0x3F);
            } else {
                r->buf[out++] = 0xE0 | (cp >> 12);
                r->buf[out++] = 0x80 | ((cp >> 6) & 0x3F);
                r->buf[out++] = 0x80 | (cp & 0x3F);
            }
            p += 6;
            continue;
        }
        int n = c < 0x80 ? 1 : utf8_sequence(p, r->end);
        if (n == 0)
            return 0;
        if (escaped) {
            if (out + n > FAST_STRING_CAP)
                return 0;
            memcpy(r->buf + out, p, n);
            out += n;
        }
        p += n;
    }
    return 0;
}

static int fast_literal(FastReader *r, const char *word, JSValue v, JSValue *out)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return 0;
    r->p += n;
    *out = v;
    return 1;
}

static int fast_value(FastReader *r, int depth, JSValue *out);

/* Past an opening bracket, or past an element: 1 when an element follows,
 * 0 at the closing bracket (consumed), -1 for anything else. */
static int fast_more(FastReader *r, uint8_t close, int first)
{
    fast_space(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return 0;
    }
    if (first)
        return 1;
    if (r->p < r->end && *r->p == ',') {
        r->p++;
        fast_space(r);
        return 1;
    }
    return -1;
}

/* JS_NewAtomLen compares its bytes with Latin-1 atoms, right only for
 * ASCII: a UTF-8 "é" would find the atom "Ã©".  Other keys become a string
 * first. */
static JSAtom fast_atom(const uint8_t *key, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (key[i] >= 0x80) {
            JSValue s = JS_NewStringLen(ctx, (const char *)key, len);
            if (JS_IsException(s))
                return JS_ATOM_NULL;
            JSAtom atom = JS_ValueToAtom(ctx, s);
            JS_FreeValue(ctx, s);
            return atom;
        }
    }
    return JS_NewAtomLen(ctx, (const char *)key, len);
}

static int fast_member(FastReader *r, int depth, JSValue obj)
{
    const uint8_t *key;
    size_t key_len;
    JSValue v;
    if (r->p >= r->end || *r->p != '"')
        return 0;
    r->p++;
    if (!fast_string(r, &key, &key_len))
        return 0;
    fast_space(r);
    if (r->p >= r->end || *r->p != ':')
        return 0;
    r->p++;
    fast_space(r);
    JSAtom atom = fast_atom(key, key_len);
    if (atom == JS_ATOM_NULL)
        return 0;
    int ok = fast_value(r, depth + 1, &v) && JS_DefinePropertyValue(ctx, obj, atom, v, JS_PROP_C_W_E) >= 0;
    JS_FreeAtom(ctx, atom);
    return ok;
}

/* An object or array: its members or elements until the closing bracket. */
static int fast_container(FastReader *r, int depth, JSValue *out)
{
    int object = *r->p == '{';
    JSValue v = object ? JS_NewObject(ctx) : JS_NewArray(ctx);
    if (JS_IsException(v))
        return 0;
    r->p++;
    int more = fast_more(r, object ? '}' : ']', 1);
    for (uint32_t i = 0; more > 0; i++) {
        JSValue el;
        int ok = object ? fast_member(r, depth, v)
                        : fast_value(r, depth + 1, &el) && JS_DefinePropertyValueUint32(ctx, v, i, el, JS_PROP_C_W_E) >= 0;
        more = ok ? fast_more(r, object ? '}' : ']', 0) : -1;
    }
    if (more < 0) {
        JS_FreeValue(ctx, v);
        return 0;
    }
    *out = v;
    return 1;
}

static int fast_number(FastReader *r, JSValue *out)
{
    const uint8_t *p = r->p;
    int negative = p < r->end && *p == '-';
    p += negative;
    const uint8_t *digits = p;
    int64_t v = 0;
    while (p < r->end && *p >= '0' && *p <= '9')
        v = v * 10 + (*p++ - '0');
    size_t n = p - digits;
    if (n == 0 || n > 15 || (n > 1 && *digits == '0'))
        return 0;
    if (p < r->end && (*p == '.' || *p == 'e' || *p == 'E'))
        return 0;
    r->p = p;
    *out = negative && v == 0 ? JS_NewFloat64(ctx, -0.0) : JS_NewInt64(ctx, negative ? -v : v);
    return 1;
}

static int fast_value(FastReader *r, int depth, JSValue *out)
{
    if (depth > FAST_DEPTH || r->p >= r->end)
        return 0;
    switch (*r->p) {
    case '{':
    case '[':
        return fast_container(r, depth, out);
    case '"': {
        const uint8_t *text;
        size_t len;
        r->p++;
        if (!fast_string(r, &text, &len))
            return 0;
        *out = JS_NewStringLen(ctx, (const char *)text, len);
        return !JS_IsException(*out);
    }
    case 't':
        return fast_literal(r, "true", JS_TRUE, out);
    case 'f':
        return fast_literal(r, "false", JS_FALSE, out);
    case 'n':
        return fast_literal(r, "null", JS_NULL, out);
    default:
        return fast_number(r, out);
    }
}

/* The message as a value, or JS_UNINITIALIZED when JSON.parse must read it.
 * Only objects: that is what every message is, and it keeps a parsed value
 * apart from text for the dispatcher. */
static JSValue fast_message(const uint8_t *text, size_t len)
{
    static FastReader reader;
    FastReader *r = &reader;
    JSValue v;
    r->p = text;
    r->end = text + len;
    fast_space(r);
    if (r->p >= r->end || *r->p != '{' || !fast_value(r, 0, &v))
        return JS_UNINITIALIZED;
    fast_space(r);
    if (r->p != r->end) {
        JS_FreeValue(ctx, v);
        return JS_UNINITIALIZED;
    }
    return v;
}

/* One message in (buffer: UTF-8 JSON), run every job it causes, one answer
 * out.  The log area is emptied first: the host has read it already. */
EXPORT("fnbox_call") uint64_t fnbox_call(uint32_t len)
{
    release_answer();
    log_area.len = 0;
    log_area.dropped = 0;
    JSValue msg = fast_message(scratch, len);
    if (JS_IsUninitialized(msg))
        msg = JS_NewStringLen(ctx, (const char *)scratch, len);
    JSValue args[2] = { JS_NewString(ctx, "message"), msg };
    JSValue r = JS_Call(ctx, dispatch, JS_UNDEFINED, 2, args);
    JS_FreeValue(ctx, args[1]);
    if (JS_IsException(r)) {
        JS_FreeValue(ctx, args[0]);
        return answer_exception();
    }
    JS_FreeValue(ctx, r);
    JS_FreeValue(ctx, args[0]);
    /* The dispatcher answers `true` when timers or immediates are due now:
     * run them here instead of paying a round trip to the host. */
    JSValue poll = JS_NewString(ctx, "answer");
    for (;;) {
        JSContext *c;
        int ret;
        while ((ret = JS_ExecutePendingJob(rt, &c)) > 0)
            ;
        if (ret < 0) {
            JS_FreeValue(ctx, poll);
            return answer_exception();
        }
        r = JS_Call(ctx, dispatch, JS_UNDEFINED, 1, &poll);
        if (JS_IsException(r)) {
            JS_FreeValue(ctx, poll);
            return answer_exception();
        }
        if (!JS_IsBool(r))
            break;
    }
    JS_FreeValue(ctx, poll);
    return answer_string(r);
}
