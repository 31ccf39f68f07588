/*
 * libcurl loaded at run time (dlopen), see include/curl_shim.h.
 */
#include "curl_shim.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------------- */
/* Loading                                                                 */

typedef CURLcode (*fn_global_init)(long flags);
typedef CURL *(*fn_easy_init)(void);
/* curl_easy_setopt and curl_easy_getinfo are variadic: call them through
   correctly typed variadic pointers, passing exactly long / pointer /
   curl_off_t as each option requires. */
typedef CURLcode (*fn_easy_setopt)(CURL *handle, CURLoption option, ...);
typedef CURLcode (*fn_easy_getinfo)(CURL *handle, CURLINFO info, ...);
typedef CURLcode (*fn_easy_perform)(CURL *handle);
typedef void (*fn_easy_cleanup)(CURL *handle);
typedef const char *(*fn_easy_strerror)(CURLcode code);
typedef struct curl_slist *(*fn_slist_append)(struct curl_slist *list, const char *string);
typedef void (*fn_slist_free_all)(struct curl_slist *list);

static struct {
    void *lib;
    fn_global_init global_init;
    fn_easy_init easy_init;
    fn_easy_setopt easy_setopt;
    fn_easy_getinfo easy_getinfo;
    fn_easy_perform easy_perform;
    fn_easy_cleanup easy_cleanup;
    fn_easy_strerror easy_strerror;
    fn_slist_append slist_append;
    fn_slist_free_all slist_free_all;
} C;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const char *load_error = NULL;
static char load_error_buf[256];

static const char *const NOT_INSTALLED = "libcurl is not installed (Debian: apt install libcurl4)";

static void *sym(const char *name) {
    void *p = dlsym(C.lib, name);
    if (p == NULL && load_error == NULL) {
        snprintf(load_error_buf, sizeof load_error_buf,
                 "libcurl is too old or broken: missing %s (Debian: apt install libcurl4)", name);
        load_error = load_error_buf;
    }
    return p;
}

static void load_once_fn(void) {
    C.lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (C.lib == NULL) {
        load_error = NOT_INSTALLED;
        return;
    }
    C.global_init = (fn_global_init)sym("curl_global_init");
    C.easy_init = (fn_easy_init)sym("curl_easy_init");
    C.easy_setopt = (fn_easy_setopt)sym("curl_easy_setopt");
    C.easy_getinfo = (fn_easy_getinfo)sym("curl_easy_getinfo");
    C.easy_perform = (fn_easy_perform)sym("curl_easy_perform");
    C.easy_cleanup = (fn_easy_cleanup)sym("curl_easy_cleanup");
    C.easy_strerror = (fn_easy_strerror)sym("curl_easy_strerror");
    C.slist_append = (fn_slist_append)sym("curl_slist_append");
    C.slist_free_all = (fn_slist_free_all)sym("curl_slist_free_all");
    if (load_error != NULL) return;
    if (C.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        load_error = "libcurl failed to initialise (curl_global_init)";
    }
}

int cshim_load(const char **message) {
    pthread_once(&load_once, load_once_fn);
    if (load_error != NULL) {
        if (message != NULL) *message = load_error;
        return -1;
    }
    if (message != NULL) *message = NULL;
    return 0;
}

/* ---------------------------------------------------------------------- */
/* Buffers and callbacks                                                   */

typedef struct {
    unsigned char *data;
    size_t len;
    size_t cap;
    size_t limit;
    int keep_prefix;  /* on overflow, keep what fits before stopping */
    int overflow;
    int oom;
} buffer;

static int buffer_append(buffer *b, const void *p, size_t n) {
    if (n == 0) return 1;
    if (b->len + n > b->limit || b->len + n < b->len) {
        b->overflow = 1;
        if (b->keep_prefix && b->len < b->limit) buffer_append(b, p, b->limit - b->len);
        return 0;
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (d == NULL) {
            b->oom = 1;
            return 0;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 1;
}

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t n = size * nmemb;
    return buffer_append((buffer *)userdata, ptr, n) ? n : 0;
}

typedef struct {
    const unsigned char *data;
    size_t len;
    size_t pos;
} reader;

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    reader *r = (reader *)userdata;
    size_t room = size * nmemb;
    size_t left = r->len - r->pos;
    size_t n = left < room ? left : room;
    if (n > 0) memcpy(ptr, r->data + r->pos, n);
    r->pos += n;
    return n;
}

/* Keeps the last line the server sent (SMTP replies), for error messages.
   Only CURLINFO_HEADER_IN is looked at: what we send (AUTH) is never kept. */
typedef struct {
    char line[512];   /* last reply line with a 4xx/5xx code */
} last_reply;

static int debug_cb(CURL *handle, curl_infotype type, char *data, size_t size, void *userptr) {
    (void)handle;
    if (type != CURLINFO_HEADER_IN) return 0;
    last_reply *r = (last_reply *)userptr;
    size_t n = size;
    while (n > 0 && (data[n - 1] == '\r' || data[n - 1] == '\n')) n--;
    /* Keep only failure replies ("4xx ..." / "5xx ..."): a later "221 Bye"
       must not hide the reply that explains the failure. */
    if (n < 3 || (data[0] != '4' && data[0] != '5')) return 0;
    if (n >= sizeof r->line) n = sizeof r->line - 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        r->line[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    r->line[n] = '\0';
    return 0;
}

/* ---------------------------------------------------------------------- */
/* Results                                                                 */

static void result_init(cshim_result *res) {
    memset(res, 0, sizeof *res);
    res->kind = CSHIM_OK;
}

void cshim_result_free(cshim_result *res) {
    if (res == NULL) return;
    free(res->error_text);
    free(res->server_text);
    free(res->body);
    free(res->headers);
    res->error_text = NULL;
    res->server_text = NULL;
    res->body = NULL;
    res->headers = NULL;
    res->body_len = 0;
    res->headers_len = 0;
}

static char *dup_or_null(const char *s) {
    if (s == NULL || s[0] == '\0') return NULL;
    return strdup(s);
}

static void fail(cshim_result *res, int kind, int curl_code, const char *text) {
    res->kind = kind;
    res->curl_code = curl_code;
    free(res->error_text);
    res->error_text = dup_or_null(text);
}

static int is_tls_error(CURLcode c) {
    switch (c) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
        return 1;
    default:
        return 0;
    }
}

static int classify(CURLcode c, long response_code, int smtp) {
    if (c == CURLE_OK) return CSHIM_OK;
    switch (c) {
    case CURLE_OPERATION_TIMEDOUT:
        return CSHIM_TIMEOUT;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return CSHIM_CONNECT;
    case CURLE_LOGIN_DENIED:
    case CURLE_AUTH_ERROR:
        return CSHIM_AUTH;
    case CURLE_FILESIZE_EXCEEDED:
        return CSHIM_TOO_LARGE;
    default:
        break;
    }
    if (is_tls_error(c)) return CSHIM_TLS;
    if (smtp && response_code >= 400 && response_code < 600) {
        switch (response_code) {
        case 530: /* authentication required */
        case 534: /* mechanism too weak */
        case 535: /* credentials invalid */
        case 538: /* encryption required for mechanism */
        case 454: /* temporary authentication failure */
            return CSHIM_AUTH;
        default:
            return CSHIM_REJECTED;
        }
    }
    switch (c) {
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_TOO_MANY_REDIRECTS:
        return CSHIM_PROTOCOL;
    case CURLE_UNSUPPORTED_PROTOCOL:
        /* URL schemes are checked before the call; here it means a reply
           in the wrong protocol (e.g. "HTTP/0.9 when not allowed"). */
        return CSHIM_PROTOCOL;
    default:
        return CSHIM_OTHER;
    }
}

static void finish(cshim_result *res, CURLcode code, const char *errbuf, int smtp) {
    res->curl_code = (int)code;
    res->kind = classify(code, res->response_code, smtp);
    if (code != CURLE_OK) {
        const char *text = (errbuf != NULL && errbuf[0] != '\0') ? errbuf : C.easy_strerror(code);
        free(res->error_text);
        res->error_text = dup_or_null(text);
    }
}

/* Restricts the protocols a handle may use ("http,https" / "smtp,smtps"). */
static CURLcode set_protocols(CURL *h, const char *names, long fallback_mask) {
    CURLcode rc = C.easy_setopt(h, CURLOPT_PROTOCOLS_STR, names);
    if (rc == CURLE_UNKNOWN_OPTION) {
        /* libcurl older than 7.85: CURLOPT_PROTOCOLS (181), a bitmask. */
        rc = C.easy_setopt(h, (CURLoption)181, fallback_mask);
    }
    return rc;
}

static int has_header(const cshim_http_request *req, const char *name) {
    size_t n = strlen(name);
    for (size_t i = 0; i < req->header_count; i++) {
        const char *line = req->headers[i];
        if (line != NULL && strncasecmp(line, name, n) == 0 && line[n] == ':') return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------------- */
/* HTTP                                                                    */

#define SETOPT(h, opt, val)                                   \
    do {                                                      \
        CURLcode rc_ = C.easy_setopt((h), (opt), (val));      \
        if (rc_ != CURLE_OK) { setopt_rc = rc_; goto done; }  \
    } while (0)

void cshim_http_perform(const cshim_http_request *req, cshim_result *res) {
    result_init(res);
    const char *msg = NULL;
    if (cshim_load(&msg) != 0) {
        fail(res, CSHIM_UNAVAILABLE, -1, msg);
        return;
    }

    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = '\0';
    buffer body = {0};
    body.limit = req->max_body ? req->max_body : (size_t)16 * 1024 * 1024;
    body.keep_prefix = req->keep_prefix;
    buffer headers = {0};
    headers.limit = (size_t)1024 * 1024;
    struct curl_slist *hlist = NULL;
    CURLcode setopt_rc = CURLE_OK;
    CURLcode code = CURLE_OK;

    CURL *h = C.easy_init();
    if (h == NULL) {
        fail(res, CSHIM_OTHER, (int)CURLE_FAILED_INIT, "libcurl could not create a handle");
        return;
    }

    SETOPT(h, CURLOPT_ERRORBUFFER, errbuf);
    SETOPT(h, CURLOPT_NOSIGNAL, 1L);
    SETOPT(h, CURLOPT_URL, req->url);
    if (set_protocols(h, "http,https", (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) != CURLE_OK) {
        setopt_rc = CURLE_UNSUPPORTED_PROTOCOL;
        goto done;
    }
    SETOPT(h, CURLOPT_FOLLOWLOCATION, 0L);
    SETOPT(h, CURLOPT_WRITEFUNCTION, write_cb);
    SETOPT(h, CURLOPT_WRITEDATA, (void *)&body);
    SETOPT(h, CURLOPT_HEADERFUNCTION, write_cb);
    SETOPT(h, CURLOPT_HEADERDATA, (void *)&headers);
    /* Refuse early when Content-Length announces too much (not for HEAD,
       whose Content-Length describes a body that never comes; not when only
       a prefix is wanted, whatever the size). */
    if (!req->keep_prefix && (req->method == NULL || strcmp(req->method, "HEAD") != 0)) {
        SETOPT(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)body.limit);
    }
    if (req->timeout_ms > 0) SETOPT(h, CURLOPT_TIMEOUT_MS, req->timeout_ms);
    if (req->connect_timeout_ms > 0) SETOPT(h, CURLOPT_CONNECTTIMEOUT_MS, req->connect_timeout_ms);
    if (req->ca_file != NULL) SETOPT(h, CURLOPT_CAINFO, req->ca_file);
    SETOPT(h, CURLOPT_USERAGENT, "tracker");

    const char *method = (req->method != NULL && req->method[0] != '\0') ? req->method : "GET";
    if (strcmp(method, "GET") == 0 && req->body_len == 0) {
        SETOPT(h, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(method, "HEAD") == 0 && req->body_len == 0) {
        SETOPT(h, CURLOPT_NOBODY, 1L);
    } else if (strcmp(method, "POST") == 0 || req->body_len > 0) {
        SETOPT(h, CURLOPT_POST, 1L);
        SETOPT(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        SETOPT(h, CURLOPT_POSTFIELDS, req->body_len > 0 ? (const void *)req->body : (const void *)"");
        if (strcmp(method, "POST") != 0) SETOPT(h, CURLOPT_CUSTOMREQUEST, method);
    } else {
        SETOPT(h, CURLOPT_CUSTOMREQUEST, method);
    }

    for (size_t i = 0; i < req->header_count; i++) {
        struct curl_slist *next = C.slist_append(hlist, req->headers[i]);
        if (next == NULL) { setopt_rc = CURLE_OUT_OF_MEMORY; goto done; }
        hlist = next;
    }
    /* Never wait for "100 Continue": many small servers do not send it. */
    if (!has_header(req, "Expect")) {
        struct curl_slist *next = C.slist_append(hlist, "Expect:");
        if (next == NULL) { setopt_rc = CURLE_OUT_OF_MEMORY; goto done; }
        hlist = next;
    }
    SETOPT(h, CURLOPT_HTTPHEADER, hlist);

    code = C.easy_perform(h);
    {
        long status = 0;
        if (C.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK) res->response_code = status;
    }

done:
    if (setopt_rc != CURLE_OK) {
        code = setopt_rc;
    }
    finish(res, code, errbuf, 0);
    if (code == CURLE_WRITE_ERROR && body.overflow && body.keep_prefix && !body.oom && res->response_code > 0) {
        /* The prefix was wanted: the answer is its status and first bytes. */
        res->kind = CSHIM_OK;
        res->body_truncated = 1;
        free(res->error_text);
        res->error_text = NULL;
    } else if (code == CURLE_WRITE_ERROR && body.overflow) {
        res->kind = CSHIM_TOO_LARGE;
    } else if (code == CURLE_WRITE_ERROR && headers.overflow) {
        res->kind = CSHIM_PROTOCOL;
        fail(res, CSHIM_PROTOCOL, (int)code, "response headers exceed 1 MiB");
    } else if (code == CURLE_WRITE_ERROR && (body.oom || headers.oom)) {
        fail(res, CSHIM_OTHER, (int)code, "out of memory while reading the response");
    }
    if (res->kind == CSHIM_OK) {
        res->body = body.data;
        res->body_len = body.len;
        res->headers = headers.data;
        res->headers_len = headers.len;
    } else {
        free(body.data);
        free(headers.data);
    }
    if (hlist != NULL) C.slist_free_all(hlist);
    C.easy_cleanup(h);
}

/* ---------------------------------------------------------------------- */
/* SMTP                                                                    */

void cshim_smtp_send(const cshim_smtp_request *req, cshim_result *res) {
    result_init(res);
    const char *msg = NULL;
    if (cshim_load(&msg) != 0) {
        fail(res, CSHIM_UNAVAILABLE, -1, msg);
        return;
    }

    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = '\0';
    last_reply reply;
    reply.line[0] = '\0';
    reader rd = { req->message, req->message_len, 0 };
    struct curl_slist *rcpts = NULL;
    CURLcode setopt_rc = CURLE_OK;
    CURLcode code = CURLE_OK;

    CURL *h = C.easy_init();
    if (h == NULL) {
        fail(res, CSHIM_OTHER, (int)CURLE_FAILED_INIT, "libcurl could not create a handle");
        return;
    }

    SETOPT(h, CURLOPT_ERRORBUFFER, errbuf);
    SETOPT(h, CURLOPT_NOSIGNAL, 1L);
    SETOPT(h, CURLOPT_URL, req->url);
    if (set_protocols(h, "smtp,smtps", (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS)) != CURLE_OK) {
        setopt_rc = CURLE_UNSUPPORTED_PROTOCOL;
        goto done;
    }
    SETOPT(h, CURLOPT_PROXY, "");   /* SMTP never goes through an HTTP proxy */
    SETOPT(h, CURLOPT_USE_SSL, (long)(req->require_tls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
    if (req->ca_file != NULL) SETOPT(h, CURLOPT_CAINFO, req->ca_file);
    if (req->username != NULL) SETOPT(h, CURLOPT_USERNAME, req->username);
    if (req->password != NULL) SETOPT(h, CURLOPT_PASSWORD, req->password);
    if (req->timeout_ms > 0) SETOPT(h, CURLOPT_TIMEOUT_MS, req->timeout_ms);
    if (req->connect_timeout_ms > 0) SETOPT(h, CURLOPT_CONNECTTIMEOUT_MS, req->connect_timeout_ms);
    SETOPT(h, CURLOPT_MAIL_FROM, req->mail_from);
    for (size_t i = 0; i < req->recipient_count; i++) {
        struct curl_slist *next = C.slist_append(rcpts, req->recipients[i]);
        if (next == NULL) { setopt_rc = CURLE_OUT_OF_MEMORY; goto done; }
        rcpts = next;
    }
    SETOPT(h, CURLOPT_MAIL_RCPT, rcpts);
    SETOPT(h, CURLOPT_UPLOAD, 1L);
    SETOPT(h, CURLOPT_READFUNCTION, read_cb);
    SETOPT(h, CURLOPT_READDATA, (void *)&rd);
    SETOPT(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)req->message_len);
    /* Verbose output goes only to debug_cb, which keeps the last reply line. */
    SETOPT(h, CURLOPT_DEBUGFUNCTION, debug_cb);
    SETOPT(h, CURLOPT_DEBUGDATA, (void *)&reply);
    SETOPT(h, CURLOPT_VERBOSE, 1L);

    code = C.easy_perform(h);
    {
        long status = 0;
        if (C.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK) res->response_code = status;
    }

done:
    if (setopt_rc != CURLE_OK) {
        code = setopt_rc;
    }
    finish(res, code, errbuf, 1);
    res->server_text = dup_or_null(reply.line);
    if (rcpts != NULL) C.slist_free_all(rcpts);
    C.easy_cleanup(h);
}
